/**
 * The incident ledger: how an incident changes, as pure functions over a draft copy (the application saves the
 * draft with optimistic concurrency and re-applies the same change to a fresh copy when someone else saved first).
 * Clock values are passed in; nothing here performs I/O.
 */
import type { ActionRecord, Incident, Resolution } from './incident.ts';
import type { Runbook, RunbookAction } from './runbook.ts';

/** A fault as the intake reports it: an error from a device or a raised detector. */
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

/** Message keys remembered per incident: redeliveries come within minutes, 20 covers far more than that. */
export const SEEN_KEYS_KEPT = 20;
/**
 * A claimed action not finished within this time is taken over by the next delivery (its Lambda died). At least the
 * longest timeout of a function that runs actions (error-rule and telemetry-queue: 60 s).
 */
export const CLAIM_LEASE_MS = 60_000;

export function newIncident(signal: FaultSignal, runbook: Runbook, incidentId: string, now: string): Incident {
  const entry = runbook.get(signal.code);
  return {
    incidentId,
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

/** Done, refused, skipped, or claimed by a delivery whose lease has not run out. */
export function isSettled(incident: Incident, action: ActionRecord['action'], nowMs: number): boolean {
  return incident.log.some(
    (r) =>
      r.action === action &&
      (r.outcome === 'done' ||
        r.outcome === 'denied' ||
        r.outcome === 'skipped' ||
        (r.outcome === 'started' && nowMs - Date.parse(r.at) < CLAIM_LEASE_MS)),
  );
}

export function pendingActions(incident: Incident, nowMs: number): RunbookAction[] {
  return incident.actions.filter((action) => !isSettled(incident, action, nowMs));
}

/** Counts another signal of the same fault. False when this exact message was already counted (a redelivery). */
export function recordRepeat(draft: Incident, signalKey: string, now: string): boolean {
  const keys = draft.signalKeys ?? []; // items stored by an earlier build of the local stage had none
  if (keys.includes(signalKey)) return false;
  draft.repeats += 1;
  draft.lastSeenAt = now;
  draft.signalKeys = [...keys, signalKey].slice(-SEEN_KEYS_KEPT);
  return true;
}

/** Another code about the same cause (a drift on the metric this fault is about): counted here, not opened apart. */
export function recordCorrelated(draft: Incident, signal: FaultSignal, now: string): boolean {
  if (!recordRepeat(draft, signal.signalKey, now)) return false;
  draft.log.push({
    action: 'correlate',
    at: now,
    outcome: 'done',
    requestedBy: 'detector',
    detail: `${signal.code} is the same cause${signal.context.metric ? ` (${signal.context.metric})` : ''}; counted here`,
  });
  return true;
}

/** The same fault returned within the flap window of its resolution: the incident opens again. */
export function reopenForFlapping(draft: Incident, code: string, now: string): void {
  draft.status = 'open';
  delete draft.resolvedAt;
  delete draft.resolution;
  delete draft.phase;
  delete draft.dueAt;
  delete draft.recovery;
  draft.reopenCount += 1;
  draft.repeats += 1;
  draft.lastSeenAt = now;
  draft.log.push({
    action: 'reopen',
    at: now,
    outcome: 'done',
    requestedBy: 'detector',
    detail: `flapping: ${code} returned within the flap window`,
  });
}

/** Claims an action for one delivery. False when another holds it or it is settled. */
export function claimAction(draft: Incident, action: ActionRecord['action'], requestedBy: ActionRecord['requestedBy'], now: string): boolean {
  if (isSettled(draft, action, Date.parse(now))) return false;
  draft.log = draft.log.filter((r) => !(r.action === action && r.outcome === 'started'));
  draft.log.push({ action, at: now, outcome: 'started', requestedBy });
  return true;
}

/** Turns the action's `started` record into its outcome. */
export function finishAction(draft: Incident, action: ActionRecord['action'], record: Omit<ActionRecord, 'action' | 'at'>, now: string): void {
  draft.log = draft.log.filter((r) => !(r.action === action && r.outcome === 'started'));
  draft.log.push({ action, at: now, ...record });
}

export function awaitRecovery(draft: Incident, now: string, dueAt: string, required: number): void {
  draft.phase = 'awaiting-recovery';
  draft.dueAt = dueAt;
  draft.recovery = { commandSentAt: now, healthyReadings: 0, required };
}

export function awaitAcknowledgement(draft: Incident, attempt: number, requestId: string, now: string, dueAt: string): void {
  draft.callout = { attempt, requestId, requestedAt: now, acknowledged: false, exhausted: false, failures: draft.callout?.failures ?? [] };
  draft.phase = 'awaiting-ack';
  draft.dueAt = dueAt;
}

/** A call attempt that reached nobody, with the reason (recorded on the incident, then the next contact is tried). */
export function recordCallFailure(draft: Incident, attempt: number, reason: string, requestedBy: ActionRecord['requestedBy'], now: string): void {
  draft.callout ??= { attempt, requestId: '', requestedAt: now, acknowledged: false, exhausted: false };
  draft.callout.attempt = Math.max(draft.callout.attempt, attempt);
  draft.callout.failures = [...(draft.callout.failures ?? []).filter((f) => f.attempt !== attempt), { attempt, reason, at: now }];
  // The phase stays until the next call is requested (or nobody is left): if publishing that request fails, the
  // tick or the redelivered CalloutCompleted finds the incident still waiting and tries again.
  draft.log.push({ action: 'escalate', at: now, outcome: 'failed', requestedBy, detail: `contact ${attempt} not reached: ${reason}`.slice(0, 500) });
}

/** Everyone was tried and nobody acknowledged: an incident state of its own. */
export function markUnreached(draft: Incident, requestedBy: ActionRecord['requestedBy'], detail: string, now: string): void {
  draft.status = 'unreached';
  if (draft.callout) draft.callout.exhausted = true;
  if (draft.phase === 'awaiting-ack') {
    delete draft.phase;
    delete draft.dueAt;
  }
  draft.log.push({ action: 'escalate', at: now, outcome: 'skipped', requestedBy, detail });
}

export function markAcknowledged(draft: Incident, requestedBy: 'callout' | 'api', detail: string, now: string): void {
  draft.status = 'acknowledged';
  if (requestedBy === 'callout' && draft.callout) draft.callout.acknowledged = true;
  if (draft.phase === 'awaiting-ack') {
    delete draft.phase;
    delete draft.dueAt;
  }
  draft.log.push({ action: 'acknowledge', at: now, outcome: 'done', requestedBy, detail });
}

/** False when already resolved. */
export function markResolved(draft: Incident, resolution: Resolution, requestedBy: 'detector' | 'api', detail: string, now: string): boolean {
  if (draft.status === 'resolved') return false;
  draft.status = 'resolved';
  draft.resolution = resolution;
  draft.resolvedAt = now;
  delete draft.phase;
  delete draft.dueAt;
  draft.log.push({ action: 'resolve', at: now, outcome: 'done', requestedBy, detail });
  return true;
}

/** clear_fault did not bring the device back in time. False when the incident no longer waits for recovery. */
export function reopenNotRecovered(draft: Incident, timeoutSeconds: number, now: string): boolean {
  if (draft.phase !== 'awaiting-recovery') return false;
  delete draft.phase;
  delete draft.dueAt;
  draft.status = 'open';
  draft.reopenCount += 1;
  draft.log.push({
    action: 'reopen',
    at: now,
    outcome: 'done',
    requestedBy: 'timer',
    detail: `no recovery within ${timeoutSeconds}s of clear_fault`,
  });
  return true;
}
