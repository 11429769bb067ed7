/**
 * The triage as one object for the compositions: reports of faults, telemetry after detection, the callouts
 * service's answers, the tick, people's acknowledgements and resolutions, and the agent's requested actions — each
 * delegated to its use case (report-fault, recovery, escalation, action-executor), which carry out the pure
 * decisions of `domain/triage-decisions.ts` through the ports.
 */
import type { CalloutCompleted, EventData } from '@switchboard/shared/contracts';
import type { DetectionSignal } from '../domain/detectors.ts';
import type { Incident } from '../domain/incident.ts';
import type { FaultSignal } from '../domain/incident-ledger.ts';
import type { TelemetryMessage } from '../domain/messages.ts';
import { ActionExecutor, type AgentActionOutcome } from './action-executor.ts';
import { Escalation } from './escalation.ts';
import { Recovery } from './recovery.ts';
import { FaultReports, type FaultOutcome } from './report-fault.ts';
import { TriageContext, type TriageDependencies } from './triage-context.ts';

export type { AgentActionOutcome } from './action-executor.ts';
export type { FaultOutcome } from './report-fault.ts';
export type { FaultSignal } from '../domain/incident-ledger.ts';
export { defaultTriageSettings, type TriageDependencies, type TriageSettings } from './triage-context.ts';

export class TriageEngine {
  private readonly ctx: TriageContext;
  private readonly executor: ActionExecutor;
  private readonly escalation: Escalation;
  private readonly recovery: Recovery;
  private readonly faults: FaultReports;

  constructor(deps: TriageDependencies) {
    this.ctx = new TriageContext(deps);
    this.executor = new ActionExecutor(this.ctx);
    this.escalation = new Escalation(this.ctx, this.executor);
    this.recovery = new Recovery(this.ctx);
    this.faults = new FaultReports(this.ctx, this.executor, this.recovery);
  }

  /** An error from a device or a raised detector. */
  reportFault(signal: FaultSignal): Promise<FaultOutcome> {
    return this.faults.report(signal);
  }

  /**
   * One telemetry reading after detection: opens incidents for raised detectors, then confirms recovery of
   * incidents waiting for it and resolves detector incidents whose detector cleared.
   */
  async observeTelemetry(
    deviceId: string,
    reading: TelemetryMessage,
    receivedAt: string,
    signals: readonly DetectionSignal[],
  ): Promise<FaultOutcome[]> {
    const outcomes: FaultOutcome[] = [];
    for (const signal of signals.filter((s) => s.transition === 'raised')) {
      outcomes.push(
        await this.faults.report({
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
    await this.recovery.observe(deviceId, reading, receivedAt, signals);
    return outcomes;
  }

  calloutCompleted(data: EventData<typeof CalloutCompleted>): Promise<Incident | undefined> {
    return this.escalation.calloutCompleted(data);
  }

  /** The escalation tick: call-outs not acknowledged in time, devices that did not recover. */
  async tick(): Promise<{ escalated: number; reopened: number }> {
    const escalated = await this.escalation.tick();
    const reopened = await this.recovery.tick();
    return { escalated, reopened };
  }

  /** Unresolved incidents of a device (open, acknowledged or unreached). */
  activeIncidents(deviceId: string): Promise<Incident[]> {
    return this.ctx.deps.incidents.active(deviceId);
  }

  /** Does a reading of this device matter to an incident? Every unresolved one resolves from telemetry. */
  static watchesTelemetry(incident: Incident): boolean {
    return incident.status !== 'resolved';
  }

  acknowledge(incidentId: string, by: string): Promise<Incident | undefined> {
    return this.escalation.acknowledge(incidentId, by);
  }

  resolve(incidentId: string, by: string): Promise<Incident | undefined> {
    return this.recovery.resolve(incidentId, by);
  }

  agentAction(request: { deviceId: string; code: string; action: string }): Promise<AgentActionOutcome> {
    return this.executor.agentAction(request);
  }
}
