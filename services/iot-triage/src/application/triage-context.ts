/**
 * What every triage use case shares: the ports, the settings, the clock, and the optimistic save that re-applies a
 * ledger change to a fresh copy when another delivery saved first.
 */
import { CalloutCancellationRequested } from '@switchboard/shared/contracts';
import type { ActionRecord, Incident } from '../domain/incident.ts';
import { defaultCauseMetrics, type CauseMetrics } from '../domain/correlation.ts';
import { defaultActionPolicy, type ActionPolicy } from '../domain/policy.ts';
import { outstandingCallout, type ContactCheck } from '../domain/triage-decisions.ts';
import type { Runbook } from '../domain/runbook.ts';
import {
  ConcurrentUpdateError,
  type DeviceCommander,
  type DeviceRepository,
  type EventPublisher,
  type IncidentRepository,
  type TicketMailer,
  type TicketStore,
  type TriageAgent,
} from '../domain/ports.ts';

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
  /** Which codes share a cause (one incident per device and cause). @default defaultCauseMetrics */
  causeMetrics: CauseMetrics;
}

export const defaultTriageSettings: TriageSettings = Object.freeze({
  ackTimeoutMs: 5 * 60_000,
  recoveryTimeoutMs: 10 * 60_000,
  recoveryReadings: 3,
  flapWindowMs: 30 * 60_000,
  defaultTicketEmails: [],
  policy: defaultActionPolicy,
  causeMetrics: defaultCauseMetrics,
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
  /** The toll-fraud guard for site contacts, applied again before each call. @default accepts every number */
  checkContact?: ContactCheck;
  settings?: Partial<TriageSettings>;
}

/** Optimistic saves retried this often under contention (n concurrent deliveries need up to n). */
export const SAVE_ATTEMPTS = 12;

export class TriageContext {
  readonly settings: TriageSettings;
  readonly checkContact: ContactCheck;

  constructor(readonly deps: TriageDependencies) {
    this.settings = { ...defaultTriageSettings, ...deps.settings };
    this.checkContact = deps.checkContact ?? (() => undefined);
  }

  now(): string {
    return this.deps.clock().toISOString();
  }

  nowMs(): number {
    return this.deps.clock().getTime();
  }

  later(ms: number): string {
    return new Date(this.nowMs() + ms).toISOString();
  }

  /** Saves with optimistic concurrency; `change` is re-applied to a fresh copy when someone else saved first. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a change that returns nothing changed the draft (false: leave it as it was)
  async update(incident: Incident, change: (draft: Incident) => boolean | void): Promise<Incident> {
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

  /**
   * Cancels the call-out still outstanding for `before` (the state before someone took or closed the incident), so
   * callouts does not call the next contact or redial; recorded on the incident.
   */
  async cancelOutstandingCallout(
    before: Incident,
    after: Incident,
    reason: string,
    requestedBy: ActionRecord['requestedBy'],
    exceptAttempt?: number,
  ): Promise<Incident> {
    const cancellation = outstandingCallout(before, reason, exceptAttempt);
    if (!cancellation) return after;
    await this.deps.events.publish(CalloutCancellationRequested, cancellation, { correlationId: before.incidentId });
    return this.update(after, (draft) => {
      draft.log.push({ action: 'cancel_callout', at: this.now(), outcome: 'done', requestedBy, detail: `${cancellation.requestId}: ${reason}` });
    });
  }
}
