/**
 * Turns one of routing's events into a call-log entry. Parsed with the contracts (never string
 * literals), so a malformed event fails loudly and lands in the dead-letter queue.
 */
import { CallRouted, CallRoutingFailed, SmsDeflectionFailed, SmsDeflectionRequested } from '@switchboard/shared/contracts';
import { callOutcome } from '../domain/call-outcome.ts';
import type { CallLog } from '../domain/ports.ts';

const ROUTING_SOURCE = CallRouted.source;

/**
 * The events the call log keeps; the subscription rules are built from these patterns. SmsDeflectionFailed is
 * sms's: a deflection routing asked for that will not happen, recorded on the caller's call.
 */
export const CALL_LOG_CONTRACTS = [CallRouted, CallRoutingFailed, SmsDeflectionRequested, SmsDeflectionFailed] as const;

export async function recordRoutingEvent(callLog: CallLog, busEvent: unknown): Promise<void> {
  const detailType = typeof busEvent === 'object' && busEvent !== null ? (busEvent as Record<string, unknown>)['detail-type'] : undefined;
  const contract = CALL_LOG_CONTRACTS.find((c) => c.detailType === detailType);
  if (contract === undefined) throw new Error(`call log: unexpected event ${String(detailType)}`);
  const { metadata, data } = contract.parse(busEvent);
  // SmsDeflectionRequested may come from other systems; only the ones routing asked for are ours to log.
  const callId = (data as { callId?: string }).callId;
  if (callId === undefined) return;
  if (contract === SmsDeflectionRequested && (data as { requestedBy: string }).requestedBy !== ROUTING_SOURCE) return;
  // A failed deflection is logged on calls routing deflected, not on another system's request.
  if (contract === SmsDeflectionFailed && !(await callLog.list(callId)).some((entry) => entry.detailType === SmsDeflectionRequested.detailType))
    return;
  await callLog.append({
    callId,
    eventId: metadata.id,
    detailType: contract.detailType,
    occurredAt: metadata.occurredAt,
    data: data as Record<string, unknown>,
  });
  // The call's line for GET /calls, from everything known about it now (events arrive in any order).
  if (callLog.putSummary) {
    const entries = await callLog.list(callId);
    const outcome = callOutcome(entries);
    await callLog.putSummary({
      callId,
      startedAt: outcome.startedAt ?? metadata.occurredAt,
      department: outcome.department,
      outcome: outcome.kind,
      outcomeText: outcome.text,
      callerNumber: outcome.callerNumber,
    });
  }
}
