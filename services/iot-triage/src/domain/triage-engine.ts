/**
 * The triage engine: executes the runbook's prescribed actions deterministically, in the guide's order.
 *
 * - One unresolved incident per device and code. A repeat of the fault is counted, not re-actioned; a duplicate
 *   delivery of the same message (same device timestamp) is not even counted.
 * - Actions are resumable: each is logged when done, and a retry of the triggering message finishes what a
 *   failure interrupted (every action is idempotent: the ticket is keyed by the incident, the call-out request id by
 *   incident and attempt, clear_fault is safe to repeat).
 * - call_operator: a CalloutRequested (purpose operational) to the site's first contact; no acknowledgement within
 *   `ackTimeoutMs` (or a call that ends without one) escalates to the next contact; CalloutCompleted with the
 *   operator's OK closes the loop.
 * - clear_fault: the command goes to the device's command topic, and the incident resolves only when
 *   `recoveryReadings` readings in a row after the command no longer show the code; if that does not happen within
 *   `recoveryTimeoutMs` the incident is reopened. Any device-reported fault resolves the same way once the device
 *   reports healthy again; detector incidents resolve when their detector clears.
 * - Flapping: the same fault returning within `flapWindowMs` of its resolution reopens that incident (counted) instead
 *   of opening a new one and calling someone again.
 * - Codes the runbook does not cover go to the agent; whatever it asks for passes `authorizeAction` like the
 *   runbook's own actions.
 */
import {
  CalloutRequested,
  IncidentAcknowledged,
  IncidentEscalated,
  IncidentOpened,
  IncidentReopened,
  IncidentResolved,
  type CalloutCompleted,
  type EventData,
} from '@switchboard/shared/contracts';
import { actionDone, type ActionRecord, type Incident, type Resolution } from './incident.ts';
import { authorizeAction, defaultActionPolicy, type ActionPolicy } from './policy.ts';
import { formatSteps, runbookActions, type Runbook, type RunbookAction } from './runbook.ts';
import type { TelemetryMessage } from './messages.ts';
import type { DetectionSignal } from './detectors.ts';
import {
  ConcurrentUpdateError,
  type DeviceCommander,
  type DeviceRecord,
  type DeviceRepository,
  type EventPublisher,
  type IncidentRepository,
  type TicketMailer,
  type TicketStore,
  type TriageAgent,
} from './ports.ts';

export interface TriageSettings {
  /** Time the called operator has to acknowledge before the next contact is called. @default 5 min */
  ackTimeoutMs: number;
  /** Time a device has to recover after clear_fault. @default 10 min */
  recoveryTimeoutMs: number;
  /** Consecutive healthy readings that confirm recovery. @default 3 */
  recoveryReadings: number;
  /** A fault returning within this time of its resolution reopens the incident (flapping). @default 30 min */
  flapWindowMs: number;
  /** Recipients of ticket e-mails when the device's site has none. */
  defaultTicketEmails: readonly string[];
  policy: ActionPolicy;
}

export const defaultTriageSettings: TriageSettings = Object.freeze({
  ackTimeoutMs: 5 * 60_000,
  recoveryTimeoutMs: 10 * 60_000,
  recoveryReadings: 3,
  flapWindowMs: 30 * 60_000,
  defaultTicketEmails: [],
  policy: defaultActionPolicy,
});

export interface TriageDependencies {
  runbook: () => Promise<Runbook>;
  incidents: IncidentRepository;
  devices: DeviceRepository;
  tickets: TicketStore;
  mailer: TicketMailer;
  commander: DeviceCommander;
  events: EventPublisher;
  agent: TriageAgent;
  clock: () => Date;
  newId: () => string;
  settings?: Partial<TriageSettings>;
}

export interface FaultSignal {
  deviceId: string;
  code: string;
  detectedBy: 'error' | 'anomaly';
  /** When the fault happened (device timestamp, or the reading that raised the detector). */
  occurredAt: string;
  /** Identifies the message, so a redelivery is recognised (device timestamp, detector reading id). */
  signalKey: string;
  context: Record<string, string | number>;
}

export type FaultOutcome =
  | { kind: 'opened'; incident: Incident }
  | { kind: 'repeat'; incident: Incident }
  | { kind: 'duplicate'; incident: Incident }
  | { kind: 'reopened'; incident: Incident }
  | { kind: 'unknown-device'; deviceId: string };

export type AgentActionOutcome =
  | { status: 'done' | 'already-done'; incident: Incident; message: string }
  | { status: 'denied' | 'no-incident'; message: string };

/** Message keys remembered per incident: redeliveries come within minutes, 20 covers far more than that. */
const SEEN_KEYS_KEPT = 20;
/**
 * A claimed action not finished within this time is taken over by the next delivery (its Lambda died). At least the
 * longest timeout of a function that runs actions (error-rule and telemetry-queue: 60 s).
 */
const CLAIM_LEASE_MS = 60_000;
/** Optimistic saves retried this often under contention (n concurrent deliveries need up to n). */
const SAVE_ATTEMPTS = 12;

export class TriageEngine {
  private readonly settings: TriageSettings;

  constructor(private readonly deps: TriageDependencies) {
    this.settings = { ...defaultTriageSettings, ...deps.settings };
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  private later(ms: number): string {
    return new Date(this.deps.clock().getTime() + ms).toISOString();
  }

  /** Saves with optimistic concurrency; `change` is re-applied to a fresh copy when someone else saved first. */
  private async update(incident: Incident, change: (current: Incident) => boolean | void): Promise<Incident> {
    let current = incident;
    for (let attempt = 1; ; attempt++) {
      const next: Incident = structuredClone(current);
      if (change(next) === false) return current;
      next.version = current.version + 1;
      next.updatedAt = this.now();
      try {
        await this.deps.incidents.save(next);
        return next;
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError) || attempt >= SAVE_ATTEMPTS) throw error;
        const fresh = await this.deps.incidents.get(incident.incidentId);
        if (!fresh) throw error;
        current = fresh;
      }
    }
  }

  /** An error from a device or a raised detector. */
  async reportFault(signal: FaultSignal): Promise<FaultOutcome> {
    const device = await this.deps.devices.get(signal.deviceId);
    if (!device) return { kind: 'unknown-device', deviceId: signal.deviceId };
    const runbook = await this.deps.runbook();

    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const latest = await this.deps.incidents.latestFor(signal.deviceId, signal.code);
      if (latest && latest.status !== 'resolved') return this.repeat(latest, signal, device, runbook);
      if (latest && latest.resolvedAt && this.deps.clock().getTime() - Date.parse(latest.resolvedAt) < this.settings.flapWindowMs) {
        return this.reopenFlapping(latest, signal);
      }
      const incident = this.newIncident(signal, runbook);
      if (await this.deps.incidents.create(incident)) {
        await this.deps.events.publish(
          IncidentOpened,
          {
            incidentId: incident.incidentId,
            deviceId: incident.deviceId,
            code: incident.code,
            severity: incident.severity,
            fault: incident.fault,
            detectedBy: incident.detectedBy,
            actions: incident.actions,
          },
          { correlationId: incident.incidentId },
        );
        return { kind: 'opened', incident: await this.runActions(incident, device, runbook) };
      }
      // Another delivery created it between our read and our write: go round and count this one as a repeat.
    }
    throw new ConcurrentUpdateError(`could not open or update the incident of ${signal.deviceId}/${signal.code}`);
  }

  private newIncident(signal: FaultSignal, runbook: Runbook): Incident {
    const entry = runbook.get(signal.code);
    const now = this.now();
    return {
      incidentId: `inc-${this.deps.newId()}`,
      deviceId: signal.deviceId,
      code: signal.code,
      fault: entry?.faultType ?? (signal.detectedBy === 'anomaly' ? 'telemetry_anomaly' : 'unknown_fault'),
      severity: entry?.severity ?? 'warning',
      detectedBy: signal.detectedBy,
      triagedBy: entry ? 'runbook' : 'agent',
      status: 'open',
      steps: entry ? [...entry.steps] : [],
      actions: entry ? [...entry.actions] : [],
      log: [],
      openedAt: now,
      updatedAt: now,
      lastSeenAt: now,
      repeats: 0,
      reopenCount: 0,
      context: { ...signal.context, occurredAt: signal.occurredAt },
      signalKeys: [signal.signalKey],
      version: 1,
    };
  }

  private async repeat(latest: Incident, signal: FaultSignal, device: DeviceRecord, runbook: Runbook): Promise<FaultOutcome> {
    // Checked inside the versioned update, so two concurrent deliveries of one message count once.
    let duplicate = false;
    const incident = await this.update(latest, (current) => {
      const keys = current.signalKeys ?? []; // items stored by an earlier build of the local stage had none
      duplicate = keys.includes(signal.signalKey);
      if (duplicate) return false;
      current.repeats += 1;
      current.lastSeenAt = this.now();
      current.signalKeys = [...keys, signal.signalKey].slice(-SEEN_KEYS_KEPT);
    });
    // A retry after a failure part-way through the actions finishes them; a finished incident is left alone.
    const current = incident.status === 'open' && this.pendingActions(incident).length > 0 ? await this.runActions(incident, device, runbook) : incident;
    return { kind: duplicate ? 'duplicate' : 'repeat', incident: current };
  }

  private async reopenFlapping(latest: Incident, signal: FaultSignal): Promise<FaultOutcome> {
    const incident = await this.update(latest, (current) => {
      current.status = 'open';
      delete current.resolvedAt;
      delete current.resolution;
      delete current.phase;
      delete current.dueAt;
      current.reopenCount += 1;
      current.repeats += 1;
      current.lastSeenAt = this.now();
      current.log.push({ action: 'reopen', at: this.now(), outcome: 'done', requestedBy: 'detector', detail: `flapping: ${signal.code} returned within the flap window; not re-actioned` });
    });
    await this.deps.events.publish(
      IncidentReopened,
      { incidentId: incident.incidentId, deviceId: incident.deviceId, code: incident.code, reason: 'flapping', reopenCount: incident.reopenCount },
      { correlationId: incident.incidentId },
    );
    return { kind: 'reopened', incident };
  }

  private settled(incident: Incident, action: ActionRecord['action']): boolean {
    const now = this.deps.clock().getTime();
    return incident.log.some(
      (r) => r.action === action && (r.outcome === 'done' || r.outcome === 'denied' || r.outcome === 'skipped' || (r.outcome === 'started' && now - Date.parse(r.at) < CLAIM_LEASE_MS)),
    );
  }

  private pendingActions(incident: Incident): RunbookAction[] {
    return incident.actions.filter((action) => !this.settled(incident, action));
  }

  /**
   * Claims an action for this delivery (a `started` record, saved with the version check), so concurrent
   * deliveries of one fault do not both call the operator. Returns undefined when someone else holds it.
   */
  private async claim(incident: Incident, action: ActionRecord['action'], requestedBy: ActionRecord['requestedBy']): Promise<Incident | undefined> {
    let claimed = false;
    const next = await this.update(incident, (c) => {
      claimed = false;
      if (this.settled(c, action)) return false;
      c.log = c.log.filter((r) => !(r.action === action && r.outcome === 'started'));
      c.log.push({ action, at: this.now(), outcome: 'started', requestedBy });
      claimed = true;
    });
    return claimed ? next : undefined;
  }

  /** Turns this action's `started` record into its outcome. */
  private finish(incident: Incident, action: ActionRecord['action'], record: Omit<ActionRecord, 'action' | 'at'>, change?: (c: Incident) => void): Promise<Incident> {
    return this.update(incident, (c) => {
      c.log = c.log.filter((r) => !(r.action === action && r.outcome === 'started'));
      c.log.push({ action, at: this.now(), ...record });
      change?.(c);
    });
  }

  private async runActions(incident: Incident, device: DeviceRecord, runbook: Runbook): Promise<Incident> {
    let current = incident;
    if (current.triagedBy === 'agent') {
      const claimed = await this.claim(current, 'agent', 'agent');
      if (claimed) {
        current = claimed;
        const { summary } = await this.deps.agent.triage({
          incidentId: current.incidentId,
          deviceId: current.deviceId,
          code: current.code,
          detectedBy: current.detectedBy,
          occurredAt: String(current.context.occurredAt ?? current.openedAt),
          context: current.context,
        });
        // The agent's own actions saved the incident meanwhile: finish on the fresh copy.
        const fresh = (await this.deps.incidents.get(current.incidentId)) ?? current;
        current = await this.finish(fresh, 'agent', { outcome: 'done', requestedBy: 'agent', detail: summary.slice(0, 2000) });
      }
      return current;
    }
    for (const action of this.pendingActions(current)) {
      const claimed = await this.claim(current, action, 'runbook');
      if (!claimed) return current; // another delivery is running the actions, in order
      current = await this.execute(claimed, action, device, runbook, 'runbook');
    }
    return current;
  }

  /** Runs one authorised action and records it. */
  private async execute(incident: Incident, action: RunbookAction, device: DeviceRecord, runbook: Runbook, requestedBy: 'runbook' | 'agent'): Promise<Incident> {
    const decision = authorizeAction(runbook, this.settings.policy, incident.code, action);
    if (!decision.allowed) return this.finish(incident, action, { outcome: 'denied', requestedBy, detail: decision.reason });
    switch (action) {
      case 'log_ticket': {
        const ticket = {
          ticketId: incident.incidentId,
          deviceId: incident.deviceId,
          code: incident.code,
          fault: incident.fault,
          severity: incident.severity,
          troubleshootingSteps: formatSteps(incident.steps),
          createdAt: this.now(),
          occurredAt: String(incident.context.occurredAt ?? incident.openedAt),
          site: `${device.siteOwner}, ${device.address.street}, ${device.address.city} ${device.address.state}`,
          ...(incident.detectedBy === 'anomaly' ? { anomalyStart: String(incident.context.occurredAt ?? incident.openedAt) } : {}),
        };
        await this.deps.tickets.create(ticket);
        const recipients = device.ticketEmails?.length ? device.ticketEmails : this.settings.defaultTicketEmails;
        if (recipients.length > 0) await this.deps.mailer.send(ticket, recipients);
        return this.finish(incident, action, {
          outcome: 'done',
          requestedBy,
          detail: recipients.length ? `ticket ${ticket.ticketId}, e-mailed to ${recipients.length}` : `ticket ${ticket.ticketId}`,
        });
      }
      case 'clear_fault': {
        await this.deps.commander.send(incident.deviceId, { action: 'clear_fault', incident_id: incident.incidentId });
        return this.finish(incident, action, { outcome: 'done', requestedBy, detail: `clear_fault published to devices/${incident.deviceId}/commands` }, (c) => {
          c.phase = 'awaiting-recovery';
          c.dueAt = this.later(this.settings.recoveryTimeoutMs);
          c.recovery = { commandSentAt: this.now(), healthyReadings: 0, required: this.settings.recoveryReadings };
        });
      }
      case 'call_operator': {
        if (device.contacts.length === 0) {
          return this.finish(incident, action, { outcome: 'skipped', requestedBy, detail: 'the site record has no contact' });
        }
        return this.callContact(incident, device, 1, requestedBy);
      }
    }
  }

  private async callContact(incident: Incident, device: DeviceRecord, attempt: number, requestedBy: 'runbook' | 'agent' | 'timer' | 'callout'): Promise<Incident> {
    const contact = device.contacts[attempt - 1];
    if (!contact) throw new Error(`no contact ${attempt} for ${device.deviceId}`);
    const requestId = `${incident.incidentId}-call-${attempt}`;
    const steps = formatSteps(incident.steps.length ? incident.steps : ['See the ticket']);
    await this.deps.events.publish(
      CalloutRequested,
      {
        requestId,
        purpose: 'operational',
        requestedBy: 'iot-triage',
        // Device data travels as receiver attributes; callouts renders them into these fixed templates, escaped.
        greeting:
          'Hello {{ contactName }}. This is the Switchboard device triage line. Device {{ deviceId }} at {{ site }} reports fault {{ code }}, {{ fault }}. Troubleshooting steps: {{ steps }}.',
        questions: [{ type: 'OK', template: 'Please say OK or press 1 to acknowledge incident {{ incidentShort }}.' }],
        ending: 'Thank you. The incident is now assigned to you. Goodbye.',
        receivers: [
          {
            receiverId: `${incident.incidentId}-contact-${attempt}`,
            phoneNumber: contact.phoneNumber,
            attributes: {
              contactName: contact.name,
              deviceId: incident.deviceId,
              site: `${device.address.street}, ${device.address.city}`,
              code: incident.code,
              fault: incident.fault.replaceAll('_', ' '),
              steps,
              incidentShort: incident.incidentId.slice(-6),
            },
          },
        ],
        callbackContext: { incidentId: incident.incidentId, attempt: String(attempt) },
      },
      { correlationId: incident.incidentId },
    );
    return this.finish(incident, 'call_operator', { outcome: 'done', requestedBy, detail: `call-out ${requestId} to contact ${attempt}` }, (c) => {
      c.callout = { attempt, requestId, requestedAt: this.now(), acknowledged: false, exhausted: false };
      c.phase = 'awaiting-ack';
      c.dueAt = this.later(this.settings.ackTimeoutMs);
    });
  }

  private async escalate(incident: Incident, reason: 'notAcknowledgedInTime' | 'callNotCompleted', requestedBy: 'timer' | 'callout'): Promise<Incident> {
    const device = await this.deps.devices.get(incident.deviceId);
    const attempt = (incident.callout?.attempt ?? 0) + 1;
    if (device && device.contacts[attempt - 1]) {
      const next = await this.callContact(incident, device, attempt, requestedBy);
      await this.deps.events.publish(
        IncidentEscalated,
        { incidentId: next.incidentId, deviceId: next.deviceId, code: next.code, attempt, reason, exhausted: false },
        { correlationId: next.incidentId },
      );
      return next;
    }
    const exhausted = await this.update(incident, (c) => {
      if (c.callout) c.callout.exhausted = true;
      delete c.phase;
      delete c.dueAt;
      c.log.push({ action: 'escalate', at: this.now(), outcome: 'skipped', requestedBy, detail: 'no further contact to call' });
    });
    await this.deps.events.publish(
      IncidentEscalated,
      { incidentId: incident.incidentId, deviceId: incident.deviceId, code: incident.code, reason, exhausted: true },
      { correlationId: incident.incidentId },
    );
    return exhausted;
  }

  /** CalloutCompleted from the callouts service: acknowledged, or escalate. */
  async calloutCompleted(data: EventData<typeof CalloutCompleted>): Promise<Incident | undefined> {
    const incidentId = data.callbackContext?.incidentId;
    const attempt = Number(data.callbackContext?.attempt);
    if (!incidentId || !Number.isInteger(attempt)) return undefined; // not one of ours
    const incident = await this.deps.incidents.get(incidentId);
    if (!incident || incident.status === 'resolved') return incident;
    const acknowledged =
      data.status === 'Completed' &&
      data.answers.some((a) => a.type === 'OK' || (a.type === 'Yes/No' && a.answer === 'Yes'));
    if (acknowledged) {
      if (incident.status === 'acknowledged') return incident;
      const next = await this.update(incident, (c) => {
        c.status = 'acknowledged';
        if (c.callout) c.callout.acknowledged = true;
        if (c.phase === 'awaiting-ack') { delete c.phase; delete c.dueAt; }
        c.log.push({ action: 'acknowledge', at: this.now(), outcome: 'done', requestedBy: 'callout', detail: `contact ${attempt} acknowledged` });
      });
      await this.deps.events.publish(
        IncidentAcknowledged,
        { incidentId, deviceId: incident.deviceId, code: incident.code, via: 'callout', attempt },
        { correlationId: incidentId },
      );
      return next;
    }
    // A late result of an earlier attempt changes nothing: the escalation already moved on.
    if (incident.phase !== 'awaiting-ack' || incident.callout?.attempt !== attempt) return incident;
    return this.escalate(incident, 'callNotCompleted', 'callout');
  }

  /** The escalation tick: call-outs not acknowledged in time, devices that did not recover. */
  async tick(): Promise<{ escalated: number; reopened: number }> {
    const now = this.now();
    let escalated = 0, reopened = 0;
    for (const incident of await this.deps.incidents.due('awaiting-ack', now)) {
      if (incident.status !== 'open') continue;
      await this.escalate(incident, 'notAcknowledgedInTime', 'timer');
      escalated += 1;
    }
    for (const incident of await this.deps.incidents.due('awaiting-recovery', now)) {
      const next = await this.update(incident, (c) => {
        if (c.phase !== 'awaiting-recovery') return false;
        delete c.phase;
        delete c.dueAt;
        c.status = 'open';
        c.reopenCount += 1;
        c.log.push({ action: 'reopen', at: now, outcome: 'done', requestedBy: 'timer', detail: `no recovery within ${this.settings.recoveryTimeoutMs / 1000}s of clear_fault` });
      });
      if (next === incident) continue;
      await this.deps.events.publish(
        IncidentReopened,
        { incidentId: next.incidentId, deviceId: next.deviceId, code: next.code, reason: 'notRecovered', reopenCount: next.reopenCount },
        { correlationId: next.incidentId },
      );
      reopened += 1;
    }
    return { escalated, reopened };
  }

  /**
   * One telemetry reading after detection: confirms recovery of incidents waiting for it, resolves detector
   * incidents whose detector cleared, and opens incidents for raised detectors.
   */
  async observeTelemetry(deviceId: string, reading: TelemetryMessage, receivedAt: string, signals: readonly DetectionSignal[]): Promise<FaultOutcome[]> {
    const outcomes: FaultOutcome[] = [];
    for (const signal of signals.filter((s) => s.transition === 'raised')) {
      outcomes.push(
        await this.reportFault({
          deviceId,
          code: signal.code,
          detectedBy: 'anomaly',
          occurredAt: receivedAt,
          signalKey: `${signal.rule}@${receivedAt}`,
          context: {
            metric: signal.metric,
            value: signal.value,
            reference: Math.round(signal.reference * 100) / 100,
            ...(signal.zScore !== undefined ? { zScore: Math.round(signal.zScore * 100) / 100 } : {}),
          },
        }),
      );
    }
    const cleared = new Set(signals.filter((s) => s.transition === 'cleared').map((s) => s.code));
    for (const incident of await this.activeIncidents(deviceId)) {
      if (incident.detectedBy === 'anomaly' && cleared.has(incident.code)) {
        await this.close(incident, 'recovered', 'detector', `detector cleared at ${reading.power_consumption_watts} W`, receivedAt);
        continue;
      }
      // Device-reported faults resolve when the device reports healthy again: `recoveryReadings` readings in a row
      // without the code, received after the clear_fault command (or after the incident opened).
      if (incident.detectedBy !== 'error') continue;
      const since = incident.recovery?.commandSentAt ?? incident.openedAt;
      if (Date.parse(receivedAt) <= Date.parse(since)) continue;
      const healthy = reading.error_code !== incident.code;
      if (!healthy && (incident.recovery?.healthyReadings ?? 0) === 0) continue; // still faulty: nothing to record
      const next = await this.update(incident, (c) => {
        c.recovery ??= { commandSentAt: c.openedAt, healthyReadings: 0, required: this.settings.recoveryReadings };
        c.recovery.healthyReadings = healthy ? c.recovery.healthyReadings + 1 : 0;
      });
      if (next.recovery && next.recovery.healthyReadings >= next.recovery.required) {
        const after = next.log.some((r) => r.action === 'clear_fault' && r.outcome === 'done') ? 'after clear_fault' : 'reported by the device';
        await this.close(next, 'recovered', 'detector', `${next.recovery.healthyReadings} healthy readings ${after}`);
      }
    }
    return outcomes;
  }

  /** Unresolved incidents of a device (open or acknowledged). */
  async activeIncidents(deviceId: string): Promise<Incident[]> {
    return this.deps.incidents.active(deviceId);
  }

  /** Does a reading of this device matter to an incident? Every unresolved one resolves from telemetry. */
  static watchesTelemetry(incident: Incident): boolean {
    return incident.status !== 'resolved';
  }

  /** `observedAt`: the reading that showed the recovery (the anomaly's end on its ticket); default now. */
  private async close(incident: Incident, resolution: Resolution, requestedBy: 'detector' | 'api', detail: string, observedAt?: string): Promise<Incident> {
    const next = await this.update(incident, (c) => {
      if (c.status === 'resolved') return false;
      c.status = 'resolved';
      c.resolution = resolution;
      c.resolvedAt = this.now();
      delete c.phase;
      delete c.dueAt;
      c.log.push({ action: 'resolve', at: this.now(), outcome: 'done', requestedBy: requestedBy === 'api' ? 'api' : 'detector', detail });
    });
    if (next !== incident) {
      if (next.detectedBy === 'anomaly' && actionDone(next, 'log_ticket')) await this.deps.tickets.setAnomalyEnd(next.incidentId, observedAt ?? next.resolvedAt ?? this.now());
      await this.deps.events.publish(
        IncidentResolved,
        { incidentId: next.incidentId, deviceId: next.deviceId, code: next.code, resolution, repeats: next.repeats },
        { correlationId: next.incidentId },
      );
    }
    return next;
  }

  /** API: someone takes the incident. */
  async acknowledge(incidentId: string, by: string): Promise<Incident | undefined> {
    const incident = await this.deps.incidents.get(incidentId);
    if (!incident || incident.status !== 'open') return incident;
    const next = await this.update(incident, (c) => {
      c.status = 'acknowledged';
      if (c.phase === 'awaiting-ack') { delete c.phase; delete c.dueAt; }
      c.log.push({ action: 'acknowledge', at: this.now(), outcome: 'done', requestedBy: 'api', detail: `by ${by}` });
    });
    await this.deps.events.publish(IncidentAcknowledged, { incidentId, deviceId: next.deviceId, code: next.code, via: 'api' }, { correlationId: incidentId });
    return next;
  }

  /** API: someone fixed it. */
  async resolve(incidentId: string, by: string): Promise<Incident | undefined> {
    const incident = await this.deps.incidents.get(incidentId);
    if (!incident || incident.status === 'resolved') return incident;
    return this.close(incident, 'resolvedViaApi', 'api', `by ${by}`);
  }

  /**
   * An action the agent asks for (its action group Lambda, or the local stand-in). It must name a device and code
   * with an unresolved incident, and passes the same policy check as the runbook: the agent cannot call anyone
   * for E1, and cannot do anything but log a ticket for a code the runbook does not cover.
   */
  async agentAction(request: { deviceId: string; code: string; action: string }): Promise<AgentActionOutcome> {
    const runbook = await this.deps.runbook();
    if (!(runbookActions as readonly string[]).includes(request.action)) {
      return { status: 'denied', message: `${request.action} is not an action` };
    }
    const action = request.action as RunbookAction;
    const incident = await this.deps.incidents.latestFor(request.deviceId, request.code);
    if (!incident || incident.status === 'resolved') {
      return { status: 'no-incident', message: `no open incident for ${request.deviceId} and ${request.code}` };
    }
    const decision = authorizeAction(runbook, this.settings.policy, incident.code, action);
    if (!decision.allowed) {
      await this.update(incident, (c) => {
        c.log.push({ action, at: this.now(), outcome: 'denied', requestedBy: 'agent', detail: decision.reason });
      });
      return { status: 'denied', message: decision.reason };
    }
    const device = await this.deps.devices.get(incident.deviceId);
    if (!device) return { status: 'no-incident', message: `unknown device ${incident.deviceId}` };
    const claimed = await this.claim(incident, action, 'agent');
    if (!claimed) return { status: 'already-done', incident, message: `${action} was already taken for ${incident.incidentId}` };
    const next = await this.execute(claimed, action, device, runbook, 'agent');
    return { status: 'done', incident: next, message: `${action} taken for ${next.incidentId}` };
  }
}
