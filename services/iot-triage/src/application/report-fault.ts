/**
 * A fault reported by a device or a raised detector: one unresolved incident per device and cause. A repeat is
 * counted, not re-actioned; a redelivery is not even counted; a drift about the cause of an open incident is counted
 * on it; the same fault returning within the flap window reopens its incident (and clears the fault again where
 * the runbook says so); otherwise a new incident opens and its actions run.
 */
import { IncidentOpened, IncidentReopened } from '@switchboard/shared/contracts';
import { correlate } from '../domain/correlation.ts';
import type { Incident } from '../domain/incident.ts';
import { newIncident, recordCorrelated, recordRepeat, reopenForFlapping, type FaultSignal } from '../domain/incident-ledger.ts';
import { ConcurrentUpdateError, type DeviceRecord } from '../domain/ports.ts';
import type { Runbook } from '../domain/runbook.ts';
import { decideFault } from '../domain/triage-decisions.ts';
import type { ActionExecutor } from './action-executor.ts';
import type { Recovery } from './recovery.ts';
import { SAVE_ATTEMPTS, type TriageContext } from './triage-context.ts';

export type FaultOutcome =
  | { kind: 'opened'; incident: Incident }
  | { kind: 'repeat'; incident: Incident }
  | { kind: 'duplicate'; incident: Incident }
  | { kind: 'reopened'; incident: Incident }
  /** Counted on another incident about the same cause (no new incident, no second e-mail). */
  | { kind: 'correlated'; incident: Incident }
  | { kind: 'unknown-device'; deviceId: string };

export class FaultReports {
  constructor(
    private readonly ctx: TriageContext,
    private readonly executor: ActionExecutor,
    private readonly recovery: Recovery,
  ) {}

  async report(signal: FaultSignal): Promise<FaultOutcome> {
    const device = await this.ctx.deps.devices.get(signal.deviceId);
    if (!device) return { kind: 'unknown-device', deviceId: signal.deviceId };
    const runbook = await this.ctx.deps.runbook();

    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const latest = await this.ctx.deps.incidents.latestFor(signal.deviceId, signal.code);
      const decision = decideFault(latest, this.ctx.nowMs(), this.ctx.settings.flapWindowMs);
      if (decision.kind === 'repeat') return this.repeat(latest!, signal, device, runbook);

      const active = await this.ctx.deps.incidents.active(signal.deviceId);
      const metric = typeof signal.context.metric === 'string' ? signal.context.metric : undefined;
      const correlation = correlate(
        { code: signal.code, inRunbook: runbook.get(signal.code) !== undefined, ...(metric ? { metric } : {}) },
        active,
        this.ctx.settings.causeMetrics,
      );
      if (correlation.kind === 'attach') return this.attach(correlation.to, signal);

      if (decision.kind === 'reopen-flapping') return this.reopenFlapping(latest!, signal, runbook);

      const incident = newIncident(signal, runbook, `inc-${this.ctx.deps.newId()}`, this.ctx.now());
      if (await this.ctx.deps.incidents.create(incident)) {
        await this.ctx.deps.events.publish(
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
        if (correlation.kind === 'supersede') {
          for (const other of correlation.incidents) {
            await this.recovery.close(
              other,
              'correlated',
              'detector',
              `same cause as ${incident.code} (${incident.incidentId}), which carries on`,
              undefined,
              incident.incidentId,
            );
          }
        }
        return { kind: 'opened', incident: await this.executor.runActions(incident, device, runbook) };
      }
      // Another delivery created it between our read and our write: go round and count this one as a repeat.
    }
    throw new ConcurrentUpdateError(`could not open or update the incident of ${signal.deviceId}/${signal.code}`);
  }

  private async repeat(latest: Incident, signal: FaultSignal, device: DeviceRecord, runbook: Runbook): Promise<FaultOutcome> {
    // Checked inside the versioned update, so two concurrent deliveries of one message count once.
    let duplicate = false;
    const incident = await this.ctx.update(latest, (draft) => {
      duplicate = !recordRepeat(draft, signal.signalKey, this.ctx.now());
      return !duplicate;
    });
    // A retry after a failure part-way through the actions finishes them; a finished incident is left alone.
    const current =
      incident.status === 'open' && this.executor.hasPendingActions(incident) ? await this.executor.runActions(incident, device, runbook) : incident;
    return { kind: duplicate ? 'duplicate' : 'repeat', incident: current };
  }

  private async attach(target: Incident, signal: FaultSignal): Promise<FaultOutcome> {
    let duplicate = false;
    const incident = await this.ctx.update(target, (draft) => {
      duplicate = !recordCorrelated(draft, signal, this.ctx.now());
      return !duplicate;
    });
    return { kind: duplicate ? 'duplicate' : 'correlated', incident };
  }

  private async reopenFlapping(latest: Incident, signal: FaultSignal, runbook: Runbook): Promise<FaultOutcome> {
    let incident = await this.ctx.update(latest, (draft) => reopenForFlapping(draft, signal.code, this.ctx.now()));
    await this.ctx.deps.events.publish(
      IncidentReopened,
      { incidentId: incident.incidentId, deviceId: incident.deviceId, code: incident.code, reason: 'flapping', reopenCount: incident.reopenCount },
      { correlationId: incident.incidentId },
    );
    // Nobody is called again and no second ticket is written, but a fault the runbook clears is cleared again:
    // the device reports it again, so the command it obeyed last time has to be sent again.
    if (incident.actions.includes('clear_fault') && runbook.get(incident.code)?.actions.includes('clear_fault')) {
      incident = await this.executor.clearFault(incident, 'detector', `flapping (reopen ${incident.reopenCount}): `);
    }
    return { kind: 'reopened', incident };
  }
}
