/** An incident: one fault of one device, from the first signal to its resolution. */
import type { RunbookAction, Severity } from './runbook.ts';

/**
 * `unreached`: every contact of the site was tried and nobody acknowledged (or no call could be placed). Still
 * unresolved: a person can acknowledge or resolve it through the API, and telemetry can resolve it.
 */
export type IncidentStatus = 'open' | 'acknowledged' | 'unreached' | 'resolved';
export const incidentStatuses = ['open', 'acknowledged', 'unreached', 'resolved'] as const satisfies readonly IncidentStatus[];
/** What the incident is waiting for; drives the escalation tick (an index on `phase` + `dueAt`). */
export type IncidentPhase = 'awaiting-ack' | 'awaiting-recovery';
/** `correlated`: the same cause was reported by another signal whose incident carries on (see domain/correlation.ts). */
export type Resolution = 'recovered' | 'resolvedByOperator' | 'resolvedViaApi' | 'correlated';

export interface ActionRecord {
  action: RunbookAction | 'reopen' | 'escalate' | 'acknowledge' | 'resolve' | 'agent' | 'correlate' | 'cancel_callout';
  at: string;
  /** `started`: claimed by one delivery; others leave it alone until the claim is older than the lease. */
  outcome: 'started' | 'done' | 'denied' | 'skipped' | 'failed';
  requestedBy: 'runbook' | 'agent' | 'api' | 'callout' | 'detector' | 'timer';
  detail?: string;
}

export interface CalloutProgress {
  /** 1 = the site's first contact. */
  attempt: number;
  requestId: string;
  requestedAt: string;
  acknowledged: boolean;
  exhausted: boolean;
  /** Attempts that reached nobody, with the reason (no answer, do-not-call, refused number, …). */
  failures?: CalloutFailure[];
}

export interface CalloutFailure {
  attempt: number;
  reason: string;
  at: string;
}

export interface RecoveryProgress {
  commandSentAt: string;
  healthyReadings: number;
  required: number;
}

export interface Incident {
  incidentId: string;
  deviceId: string;
  code: string;
  fault: string;
  severity: Severity;
  detectedBy: 'error' | 'anomaly';
  triagedBy: 'runbook' | 'agent';
  status: IncidentStatus;
  phase?: IncidentPhase;
  /** When the current phase times out (ISO). */
  dueAt?: string;
  steps: string[];
  /** The runbook's actions for the code (empty when the agent path triages it). */
  actions: RunbookAction[];
  log: ActionRecord[];
  openedAt: string;
  updatedAt: string;
  lastSeenAt: string;
  /** Signals after the first that were counted, not re-actioned. */
  repeats: number;
  reopenCount: number;
  callout?: CalloutProgress;
  recovery?: RecoveryProgress;
  resolvedAt?: string;
  resolution?: Resolution;
  /** What raised it: the device's error timestamp, or the detector's metric/value/reference. */
  context: Record<string, string | number>;
  /** The last messages that raised or repeated it (device timestamp, detector reading): a redelivery is recognised. */
  signalKeys: string[];
  /** Optimistic-concurrency counter; every save increments it. */
  version: number;
}

/** Unresolved: open, acknowledged or unreached. */
export function isActive(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved';
}

export function actionDone(incident: Incident, action: RunbookAction): boolean {
  return incident.log.some((r) => r.action === action && r.outcome === 'done');
}
