/**
 * Keeps routing's projection of who sms can text from sms's own facts: SmsOptedOut, SmsOptedIn and the
 * SmsDeflectionFailed reasons that are lasting (opted out, not textable, refused destination). Parsed with
 * the contracts, so a malformed event fails loudly (retries, then the dead-letter queue).
 */
import { SmsDeflectionFailed, SmsOptedIn, SmsOptedOut } from '@switchboard/shared/contracts';
import type { TextingProjection } from '../domain/ports.ts';
import { textingRecordFrom, type SmsFact } from '../domain/sms-eligibility.ts';

/** The events the projection follows; the subscription rules are built from these patterns. */
export const SMS_TEXTING_CONTRACTS = [SmsOptedOut, SmsOptedIn, SmsDeflectionFailed] as const;

export async function recordSmsFact(projection: Pick<TextingProjection, 'record'>, busEvent: unknown): Promise<'recorded' | 'older' | 'ignored'> {
  const detailType = typeof busEvent === 'object' && busEvent !== null ? (busEvent as Record<string, unknown>)['detail-type'] : undefined;
  const contract = SMS_TEXTING_CONTRACTS.find((c) => c.detailType === detailType);
  if (contract === undefined) throw new Error(`sms texting projection: unexpected event ${String(detailType)}`);
  const { metadata, data } = contract.parse(busEvent);
  const record = textingRecordFrom({ detailType: contract.detailType, data, occurredAt: metadata.occurredAt } as SmsFact);
  if (record === undefined) return 'ignored';
  return (await projection.record(record)) ? 'recorded' : 'older';
}
