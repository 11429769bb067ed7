/**
 * Escalation: the callouts service's answer (CalloutCompleted), the acknowledgement timeout (the tick), and people
 * taking the incident through the API. Whatever prevents a call is recorded on the incident and the next contact
 * is called; once someone took the incident, the call-out still outstanding is cancelled.
 */
import { IncidentAcknowledged, type CalloutCompleted, type EventData } from '@switchboard/shared/contracts';
import type { Incident } from '../domain/incident.ts';
import { markAcknowledged, recordCallFailure } from '../domain/incident-ledger.ts';
import type { DeviceRecord } from '../domain/ports.ts';
import { decideCalloutResult } from '../domain/triage-decisions.ts';
import type { ActionExecutor } from './action-executor.ts';
import type { TriageContext } from './triage-context.ts';

export class Escalation {
  constructor(
    private readonly ctx: TriageContext,
    private readonly executor: ActionExecutor,
  ) {}

  /** Calls the contact after the current one (or marks the incident unreached). */
  async escalate(
    incident: Incident,
    reason: 'notAcknowledgedInTime' | 'callNotCompleted',
    requestedBy: 'timer' | 'callout',
    failure?: string,
  ): Promise<Incident> {
    const device: DeviceRecord = (await this.ctx.deps.devices.get(incident.deviceId)) ?? {
      deviceId: incident.deviceId,
      siteOwner: '',
      address: { street: '', city: '', state: '', zip: '', country: '' },
      contacts: [],
    };
    const attempt = (incident.callout?.attempt ?? 0) + 1;
    return this.executor.callFrom(incident, device, attempt, requestedBy, 'escalate', { reason, ...(failure ? { failure } : {}) });
  }

  /** CalloutCompleted from the callouts service: acknowledged, or the reason nobody was reached and the next contact. */
  async calloutCompleted(data: EventData<typeof CalloutCompleted>): Promise<Incident | undefined> {
    const incidentId = data.callbackContext?.incidentId;
    const attempt = Number(data.callbackContext?.attempt);
    if (!incidentId || !Number.isInteger(attempt)) return undefined; // not one of ours
    const incident = await this.ctx.deps.incidents.get(incidentId);
    if (!incident) return undefined;
    const decision = decideCalloutResult(incident, data, attempt);
    switch (decision.kind) {
      case 'ignore':
        return incident;
      case 'acknowledged': {
        const next = await this.ctx.update(incident, (draft) =>
          markAcknowledged(draft, 'callout', `contact ${attempt} acknowledged`, this.ctx.now()),
        );
        await this.ctx.deps.events.publish(
          IncidentAcknowledged,
          { incidentId, deviceId: incident.deviceId, code: incident.code, via: 'callout', attempt },
          { correlationId: incidentId },
        );
        // A late OK from an earlier contact: the call to the current one is no longer needed.
        return this.ctx.cancelOutstandingCallout(incident, next, `incident acknowledged by contact ${attempt}`, 'callout', attempt);
      }
      case 'not-reached': {
        const recorded = await this.ctx.update(incident, (draft) =>
          recordCallFailure(draft, decision.attempt, decision.reason, 'callout', this.ctx.now()),
        );
        return this.escalate(recorded, 'callNotCompleted', 'callout', decision.reason);
      }
    }
  }

  /** Call-outs not acknowledged in time: the next contact. */
  async tick(): Promise<number> {
    let escalated = 0;
    for (const incident of await this.ctx.deps.incidents.due('awaiting-ack', this.ctx.now())) {
      if (incident.status !== 'open') continue;
      const attempt = incident.callout?.attempt ?? 0;
      const recorded = await this.ctx.update(incident, (draft) => {
        if (draft.phase !== 'awaiting-ack' || draft.callout?.attempt !== attempt) return false;
        recordCallFailure(draft, attempt, `not acknowledged within ${this.ctx.settings.ackTimeoutMs / 1000}s`, 'timer', this.ctx.now());
      });
      if (recorded === incident) continue;
      await this.escalate(recorded, 'notAcknowledgedInTime', 'timer');
      escalated += 1;
    }
    return escalated;
  }

  /** API: someone takes the incident; the outstanding call-out is cancelled so the next contact is not called. */
  async acknowledge(incidentId: string, by: string): Promise<Incident | undefined> {
    const incident = await this.ctx.deps.incidents.get(incidentId);
    if (!incident || (incident.status !== 'open' && incident.status !== 'unreached')) return incident;
    const next = await this.ctx.update(incident, (draft) => markAcknowledged(draft, 'api', `by ${by}`, this.ctx.now()));
    await this.ctx.deps.events.publish(
      IncidentAcknowledged,
      { incidentId, deviceId: next.deviceId, code: next.code, via: 'api' },
      { correlationId: incidentId },
    );
    return this.ctx.cancelOutstandingCallout(incident, next, `incident acknowledged by ${by}`, 'api');
  }
}
