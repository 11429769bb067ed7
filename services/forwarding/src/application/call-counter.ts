/**
 * The CallForwarded subscriber's use case: count each forwarded call once, on the UTC day it ended, by outcome; and
 * the read side `GET /calls/summary` uses. Parsed with the contract, so a malformed event fails loudly (the rule's
 * retries, then its dead-letter queue) instead of being counted as something it is not.
 */
import { CallForwarded } from '@switchboard/shared/contracts';
import { summarise, utcDay, type ForwardedCallSummary } from '../domain/call-counts.ts';
import type { ForwardedCallCounts } from '../domain/ports.ts';

export async function countForwardedCall(counts: Pick<ForwardedCallCounts, 'count'>, busEvent: unknown): Promise<'counted' | 'duplicate'> {
  const { metadata, data } = CallForwarded.parse(busEvent);
  return counts.count(utcDay(metadata.occurredAt), data.outcome, metadata.id);
}

export async function forwardedCallSummary(counts: Pick<ForwardedCallCounts, 'read'>, day: string): Promise<ForwardedCallSummary> {
  return summarise(day, await counts.read(day));
}
