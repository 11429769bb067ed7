/** An incident: one fault of one device, from the first signal to its resolution. */
import type { RunbookAction, Severity } from './runbook.ts';

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
/** What the incident is waiting for; drives the escalation tick (an index on `phase` + `dueAt`). */
export type IncidentPhase = 'awaiting-ack' | 'awaiting-recovery';
export type Resolution = 'recovered' | 'resolvedByOperator' | 'resolvedViaApi';

export interface ActionRecord {
  action: RunbookAction | 'reopen' | 'escalate' | 'acknowledge' | 'resolve' | 'agent';
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

export function actionDone(incident: Incident, action: RunbookAction): boolean {
  return incident.log.some((r) => r.action === action && r.outcome === 'done');
}
