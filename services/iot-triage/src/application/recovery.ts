/**
 * Recovery: telemetry after detection confirms a device recovered (or its detector cleared), the tick reopens
 * devices that did not recover after clear_fault, and people resolve incidents through the API. Closing an incident
 * cancels the call-out still outstanding for it.
 */
import { IncidentReopened, IncidentResolved } from '@switchboard/shared/contracts';
import { actionDone, isActive, type Incident, type Resolution } from '../domain/incident.ts';
import { markResolved, reopenNotRecovered } from '../domain/incident-ledger.ts';
import type { DetectionSignal } from '../domain/detectors.ts';
import type { TelemetryMessage } from '../domain/messages.ts';
import { decideRecovery } from '../domain/triage-decisions.ts';
import type { TriageContext } from './triage-context.ts';

export class Recovery {
  constructor(private readonly ctx: TriageContext) {}

  /** Resolves incidents this reading shows recovered; `clearedCodes`: detectors that cleared on it. */
  async observe(deviceId: string, reading: TelemetryMessage, receivedAt: string, signals: readonly DetectionSignal[]): Promise<void> {
    const cleared = new Set(signals.filter((s) => s.transition === 'cleared').map((s) => s.code));
    for (const incident of await this.ctx.deps.incidents.active(deviceId)) {
      const decision = decideRecovery(incident, reading, receivedAt, cleared);
      if (decision.kind === 'none') continue;
      if (decision.kind === 'detector-cleared') {
        await this.close(incident, 'recovered', 'detector', decision.detail, receivedAt);
        continue;
      }
      const next = await this.ctx.update(incident, (draft) => {
        draft.recovery ??= { commandSentAt: draft.openedAt, healthyReadings: 0, required: this.ctx.settings.recoveryReadings };
        draft.recovery.healthyReadings = decision.healthy ? draft.recovery.healthyReadings + 1 : 0;
      });
      if (next.recovery && next.recovery.healthyReadings >= next.recovery.required) {
        const after = actionDone(next, 'clear_fault') ? 'after clear_fault' : 'reported by the device';
        await this.close(next, 'recovered', 'detector', `${next.recovery.healthyReadings} healthy readings ${after}`);
      }
    }
  }

  /** `observedAt`: the reading that showed the recovery (the anomaly's end on its ticket); default now. */
  async close(
    incident: Incident,
    resolution: Resolution,
    requestedBy: 'detector' | 'api',
    detail: string,
    observedAt?: string,
    correlatedWith?: string,
  ): Promise<Incident> {
    const next = await this.ctx.update(incident, (draft) => markResolved(draft, resolution, requestedBy, detail, this.ctx.now()));
    if (next === incident) return next;
    if (next.detectedBy === 'anomaly' && actionDone(next, 'log_ticket'))
      await this.ctx.deps.tickets.setAnomalyEnd(next.incidentId, observedAt ?? next.resolvedAt ?? this.ctx.now());
    await this.ctx.deps.events.publish(
      IncidentResolved,
      {
        incidentId: next.incidentId,
        deviceId: next.deviceId,
        code: next.code,
        resolution,
        repeats: next.repeats,
        ...(correlatedWith ? { correlatedWith } : {}),
      },
      { correlationId: next.incidentId },
    );
    return this.ctx.cancelOutstandingCallout(incident, next, `incident resolved (${resolution})`, requestedBy);
  }

  /** Devices that did not recover within the timeout after clear_fault: reopened. */
  async tick(): Promise<number> {
    let reopened = 0;
    const now = this.ctx.now();
    for (const incident of await this.ctx.deps.incidents.due('awaiting-recovery', now)) {
      const next = await this.ctx.update(incident, (draft) => reopenNotRecovered(draft, this.ctx.settings.recoveryTimeoutMs / 1000, now));
      if (next === incident) continue;
      await this.ctx.deps.events.publish(
        IncidentReopened,
        { incidentId: next.incidentId, deviceId: next.deviceId, code: next.code, reason: 'notRecovered', reopenCount: next.reopenCount },
        { correlationId: next.incidentId },
      );
      reopened += 1;
    }
    return reopened;
  }

  /** API: someone fixed it. */
  async resolve(incidentId: string, by: string): Promise<Incident | undefined> {
    const incident = await this.ctx.deps.incidents.get(incidentId);
    if (!incident || !isActive(incident)) return incident;
    return this.close(incident, 'resolvedViaApi', 'api', `by ${by}`);
  }
}
