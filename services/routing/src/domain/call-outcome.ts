/**
 * How a call ended, from the events routing (and sms) recorded about it — derived from the call's final
 * state, not from the order of the entries: one SMA invocation publishes several events in the same
 * millisecond (a CallRoutingFailed and the CallRouted to the operator that follows it), and the log sorts
 * those by event id, which is random.
 *
 * Precedence, highest first:
 * 1. a failed SMS deflection (sms published SmsDeflectionFailed): the caller was promised a text that will not come;
 * 2. a deflection to SMS (SmsDeflectionRequested);
 * 3. a routing failure whose outcome was to hang up: nothing was left to try, the call ended there;
 * 4. the CallRouted with the highest attempt number: where the caller was last bridged;
 * 5. a routing failure without a bridge after it (the latest);
 * 6. unknown.
 */
import type { CallLogEntry } from './ports.ts';

export const CALL_OUTCOMES = ['routed', 'deflected', 'deflection-failed', 'ended', 'failed', 'unknown'] as const;
export type CallOutcomeKind = (typeof CALL_OUTCOMES)[number];

export interface CallOutcome {
  kind: CallOutcomeKind;
  /** One line for a person: "routed to history (voiceConnector 600300, open)". */
  text: string;
  /** The department the call was for (the routed or deflected one), when known. */
  department?: string;
  /** The caller's number as routing saw it (E.164), when known. */
  callerNumber?: string;
  /** The earliest entry's time: when routing first acted on the call. */
  startedAt?: string;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

function latest(entries: readonly CallLogEntry[]): CallLogEntry | undefined {
  return entries.reduce<CallLogEntry | undefined>(
    (best, entry) => (best === undefined || entry.occurredAt >= best.occurredAt ? entry : best),
    undefined,
  );
}

export function callOutcome(entries: readonly CallLogEntry[]): CallOutcome {
  const of = (type: string) => entries.filter((entry) => entry.detailType === type);
  const startedAt = entries.reduce<string | undefined>(
    (first, entry) => (first === undefined || entry.occurredAt < first ? entry.occurredAt : first),
    undefined,
  );
  const callerNumber = entries
    .map((entry) => str(entry.data.callerNumber) ?? (entry.detailType === 'SmsDeflectionRequested' ? str(entry.data.phoneNumber) : undefined))
    .find(Boolean);
  const routed = of('CallRouted').reduce<CallLogEntry | undefined>(
    (best, entry) => (best === undefined || Number(entry.data.attempt ?? 0) >= Number(best.data.attempt ?? 0) ? entry : best),
    undefined,
  );
  const deflection = latest(of('SmsDeflectionRequested'));
  const department =
    str(deflection?.data.department) ??
    str(routed?.data.department) ??
    of('CallRoutingFailed')
      .map((entry) => str(entry.data.department))
      .find(Boolean);
  const base = { ...(department ? { department } : {}), ...(callerNumber ? { callerNumber } : {}), ...(startedAt ? { startedAt } : {}) };

  const deflectionFailed = latest(of('SmsDeflectionFailed'));
  if (deflectionFailed !== undefined) {
    return {
      kind: 'deflection-failed',
      text: `SMS deflection failed (${String(deflectionFailed.data.reason)}): ${String(deflectionFailed.data.detail)}`,
      ...base,
    };
  }
  if (deflection !== undefined)
    return { kind: 'deflected', text: `deflected to SMS (${String(deflection.data.department ?? 'no department')})`, ...base };
  const failures = of('CallRoutingFailed');
  const ended = latest(failures.filter((entry) => entry.data.outcome === 'hangup'));
  if (ended !== undefined) return { kind: 'ended', text: `hangup after ${String(ended.data.stage)} failure: ${String(ended.data.reason)}`, ...base };
  if (routed !== undefined) {
    const destination = (routed.data.destination ?? {}) as { kind?: string; target?: string };
    return {
      kind: 'routed',
      text: `routed to ${String(routed.data.department)} (${String(destination.kind)} ${String(destination.target)}, ${String(routed.data.reason)})`,
      ...base,
    };
  }
  const failed = latest(failures);
  if (failed !== undefined)
    return {
      kind: 'failed',
      text: `${String(failed.data.outcome)} after ${String(failed.data.stage)} failure: ${String(failed.data.reason)}`,
      ...base,
    };
  return { kind: 'unknown', text: 'unknown', ...base };
}
