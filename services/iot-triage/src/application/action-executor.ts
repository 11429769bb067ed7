/**
 * Runs the runbook's actions for an incident, in the guide's order, each claimed by one delivery and recorded when
 * done (so a retry after a failure part-way finishes what was interrupted), and places the operator calls. Every
 * action — the runbook's and every one the agent asks for — passes the same policy check (`planAction`).
 */
import { CalloutRequested, IncidentEscalated, IncidentUnreached } from '@switchboard/shared/contracts';
import type { ActionRecord, Incident } from '../domain/incident.ts';
import {
  awaitAcknowledgement,
  awaitRecovery,
  claimAction,
  finishAction,
  markUnreached,
  pendingActions,
  recordCallFailure,
} from '../domain/incident-ledger.ts';
import { authorizeAction } from '../domain/policy.ts';
import type { DeviceRecord } from '../domain/ports.ts';
import { runbookActions, type Runbook, type RunbookAction } from '../domain/runbook.ts';
import { planAction, planCall } from '../domain/triage-decisions.ts';
import type { TriageContext } from './triage-context.ts';

export type AgentActionOutcome =
  | { status: 'done' | 'already-done'; incident: Incident; message: string }
  | { status: 'denied' | 'no-incident'; message: string };

type Requester = 'runbook' | 'agent' | 'timer' | 'callout' | 'detector';

export class ActionExecutor {
  constructor(private readonly ctx: TriageContext) {}

  /**
   * Claims an action for this delivery (a `started` record, saved with the version check), so concurrent
   * deliveries of one fault do not both call the operator. Undefined when someone else holds it.
   */
  async claim(incident: Incident, action: ActionRecord['action'], requestedBy: ActionRecord['requestedBy']): Promise<Incident | undefined> {
    let claimed = false;
    const next = await this.ctx.update(incident, (draft) => {
      claimed = claimAction(draft, action, requestedBy, this.ctx.now());
      return claimed;
    });
    return claimed ? next : undefined;
  }

  private finish(
    incident: Incident,
    action: ActionRecord['action'],
    record: Omit<ActionRecord, 'action' | 'at'>,
    change?: (draft: Incident) => void,
  ): Promise<Incident> {
    return this.ctx.update(incident, (draft) => {
      finishAction(draft, action, record, this.ctx.now());
      change?.(draft);
    });
  }

  hasPendingActions(incident: Incident): boolean {
    return pendingActions(incident, this.ctx.nowMs()).length > 0;
  }

  async runActions(incident: Incident, device: DeviceRecord, runbook: Runbook): Promise<Incident> {
    let current = incident;
    if (current.triagedBy === 'agent') {
      const claimed = await this.claim(current, 'agent', 'agent');
      if (!claimed) return current;
      const { summary } = await this.ctx.deps.agent.triage({
        incidentId: claimed.incidentId,
        deviceId: claimed.deviceId,
        code: claimed.code,
        detectedBy: claimed.detectedBy,
        occurredAt: String(claimed.context.occurredAt ?? claimed.openedAt),
        context: claimed.context,
      });
      // The agent's own actions saved the incident meanwhile: finish on the fresh copy.
      const fresh = (await this.ctx.deps.incidents.get(claimed.incidentId)) ?? claimed;
      return this.finish(fresh, 'agent', { outcome: 'done', requestedBy: 'agent', detail: summary.slice(0, 2000) });
    }
    for (const action of pendingActions(current, this.ctx.nowMs())) {
      const claimed = await this.claim(current, action, 'runbook');
      if (!claimed) return current; // another delivery is running the actions, in order
      current = await this.execute(claimed, action, device, runbook, 'runbook');
    }
    return current;
  }

  /** Carries out one claimed action and records its outcome. */
  async execute(
    incident: Incident,
    action: RunbookAction,
    device: DeviceRecord,
    runbook: Runbook,
    requestedBy: 'runbook' | 'agent' | 'detector',
  ): Promise<Incident> {
    const effect = planAction(incident, action, device, runbook, this.ctx.settings.policy, this.ctx.settings.defaultTicketEmails, this.ctx.now());
    switch (effect.type) {
      case 'deny':
        return this.finish(incident, action, { outcome: 'denied', requestedBy, detail: effect.reason });
      case 'log-ticket': {
        await this.ctx.deps.tickets.create(effect.ticket);
        if (effect.recipients.length > 0) await this.ctx.deps.mailer.send(effect.ticket, effect.recipients);
        return this.finish(incident, action, {
          outcome: 'done',
          requestedBy,
          detail: effect.recipients.length
            ? `ticket ${effect.ticket.ticketId}, e-mailed to ${effect.recipients.length}`
            : `ticket ${effect.ticket.ticketId}`,
        });
      }
      case 'clear-fault':
        return this.clearFault(incident, requestedBy);
      case 'call-contacts':
        return this.callFrom(incident, device, effect.fromAttempt, requestedBy, 'call_operator');
    }
  }

  /** Publishes clear_fault and waits for the device to recover (also when flapping reopened the incident). */
  async clearFault(incident: Incident, requestedBy: Requester, detailPrefix = ''): Promise<Incident> {
    await this.ctx.deps.commander.send(incident.deviceId, { action: 'clear_fault', incident_id: incident.incidentId });
    return this.finish(
      incident,
      'clear_fault',
      { outcome: 'done', requestedBy, detail: `${detailPrefix}clear_fault published to devices/${incident.deviceId}/commands` },
      (draft) => {
        awaitRecovery(draft, this.ctx.now(), this.ctx.later(this.ctx.settings.recoveryTimeoutMs), this.ctx.settings.recoveryReadings);
      },
    );
  }

  /**
   * Calls the site's contacts from `attempt` on: the first callable one gets a CalloutRequested; a contact whose
   * number is refused is recorded with the reason and skipped; when nobody is left the incident is `unreached`.
   * `action`: the log record this finishes (`call_operator` for the runbook's action, `escalate` afterwards).
   */
  async callFrom(
    incident: Incident,
    device: DeviceRecord,
    attempt: number,
    requestedBy: Requester,
    action: 'call_operator' | 'escalate',
    escalation?: { reason: 'notAcknowledgedInTime' | 'callNotCompleted'; failure?: string },
  ): Promise<Incident> {
    let current = incident;
    let failure = escalation?.failure;
    for (let next = attempt; ; next++) {
      const plan = planCall(current, device, next, this.ctx.checkContact);
      if (plan.type === 'prevented') {
        current = await this.ctx.update(current, (draft) => recordCallFailure(draft, plan.attempt, plan.reason, requestedBy, this.ctx.now()));
        failure = plan.reason;
        continue;
      }
      // The escalation this is part of: the caller's, or — when the first contact's number was refused — a failed call.
      const reason = escalation?.reason ?? (next > 1 ? 'callNotCompleted' : undefined);
      if (plan.type === 'exhausted') {
        if (action === 'call_operator')
          current = await this.finish(current, 'call_operator', { outcome: 'skipped', requestedBy, detail: plan.reason });
        return this.unreached(current, plan.reason, requestedBy, reason, failure);
      }
      await this.ctx.deps.events.publish(CalloutRequested, plan.request, { correlationId: current.incidentId });
      const detail = `call-out ${plan.request.requestId} to contact ${plan.attempt}`;
      const change = (draft: Incident) =>
        awaitAcknowledgement(draft, plan.attempt, plan.request.requestId, this.ctx.now(), this.ctx.later(this.ctx.settings.ackTimeoutMs));
      const placed =
        action === 'call_operator'
          ? await this.finish(current, 'call_operator', { outcome: 'done', requestedBy, detail }, change)
          : await this.ctx.update(current, (draft) => {
              change(draft);
              draft.log.push({ action: 'escalate', at: this.ctx.now(), outcome: 'done', requestedBy, detail });
            });
      if (reason) {
        await this.ctx.deps.events.publish(
          IncidentEscalated,
          {
            incidentId: placed.incidentId,
            deviceId: placed.deviceId,
            code: placed.code,
            attempt: plan.attempt,
            reason,
            exhausted: false,
            ...(failure ? { failure: failure.slice(0, 500) } : {}),
          },
          { correlationId: placed.incidentId },
        );
      }
      return placed;
    }
  }

  /** Everyone tried, nobody reached: the incident's state says so, and two events tell the platform. */
  private async unreached(
    incident: Incident,
    reason: string,
    requestedBy: Requester,
    escalationReason: 'notAcknowledgedInTime' | 'callNotCompleted' | undefined,
    failure: string | undefined,
  ): Promise<Incident> {
    if (incident.status === 'unreached') return incident;
    const next = await this.ctx.update(incident, (draft) => markUnreached(draft, requestedBy, `nobody reached: ${reason}`, this.ctx.now()));
    const failures = next.callout?.failures ?? [];
    if (escalationReason) {
      await this.ctx.deps.events.publish(
        IncidentEscalated,
        {
          incidentId: next.incidentId,
          deviceId: next.deviceId,
          code: next.code,
          reason: escalationReason,
          exhausted: true,
          ...(failure ? { failure: failure.slice(0, 500) } : {}),
        },
        { correlationId: next.incidentId },
      );
    }
    await this.ctx.deps.events.publish(
      IncidentUnreached,
      {
        incidentId: next.incidentId,
        deviceId: next.deviceId,
        code: next.code,
        severity: next.severity,
        reason,
        attempts: failures.map((f) => ({ attempt: f.attempt, reason: f.reason })),
        unreachedAt: this.ctx.now(),
      },
      { correlationId: next.incidentId },
    );
    return next;
  }

  /**
   * An action the agent asks for (its action group Lambda, or the local stand-in). It must name a device and code
   * with an unresolved incident, and passes the same policy check as the runbook: the agent cannot call anyone
   * for E1, and cannot do anything but log a ticket for a code the runbook does not cover.
   */
  async agentAction(request: { deviceId: string; code: string; action: string }): Promise<AgentActionOutcome> {
    const runbook = await this.ctx.deps.runbook();
    if (!(runbookActions as readonly string[]).includes(request.action)) {
      return { status: 'denied', message: `${request.action} is not an action` };
    }
    const action = request.action as RunbookAction;
    const incident = await this.ctx.deps.incidents.latestFor(request.deviceId, request.code);
    if (!incident || incident.status === 'resolved') {
      return { status: 'no-incident', message: `no open incident for ${request.deviceId} and ${request.code}` };
    }
    const decision = authorizeAction(runbook, this.ctx.settings.policy, incident.code, action);
    if (!decision.allowed) {
      await this.ctx.update(incident, (draft) => {
        draft.log.push({ action, at: this.ctx.now(), outcome: 'denied', requestedBy: 'agent', detail: decision.reason });
      });
      return { status: 'denied', message: decision.reason };
    }
    const device = await this.ctx.deps.devices.get(incident.deviceId);
    if (!device) return { status: 'no-incident', message: `unknown device ${incident.deviceId}` };
    const claimed = await this.claim(incident, action, 'agent');
    if (!claimed) return { status: 'already-done', incident, message: `${action} was already taken for ${incident.incidentId}` };
    const next = await this.execute(claimed, action, device, runbook, 'agent');
    return { status: 'done', incident: next, message: `${action} taken for ${next.incidentId}` };
  }
}
