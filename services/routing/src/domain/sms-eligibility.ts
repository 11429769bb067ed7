/**
 * May routing offer "press 2 to continue by text" to this caller? Only when sms can really text them:
 *
 * - the number is a mobile number (or one of the ranges where mobile and fixed line cannot be told apart,
 *   as in North America) — landlines, toll-free, premium and invalid numbers cannot receive the text;
 * - its country is one the deployment texts (routing's `SMS_ALLOWED_COUNTRIES`, the same allow-list the sms
 *   service's toll-fraud guard applies);
 * - it has not opted out: routing's own projection of sms's `SmsOptedOut` / `SmsOptedIn` (and of the
 *   `SmsDeflectionFailed` facts that say a number cannot be texted) — routing never reads sms tables.
 *
 * An unknown answer (the projection could not be read in time) is not a yes: the caller stays in the queue.
 * Pure: the projection's answer comes in as an argument.
 */
import { checkDestination } from '@switchboard/shared/phone-guard';

/** What routing's projection knows about a number; `undefined` from the store means "nothing recorded". */
export interface TextingRecord {
  phoneNumber: string;
  /** False after an opt-out or a deflection refused because the number cannot be texted. */
  textable: boolean;
  /** Why, in the projection's words: 'opted-out', 'opted-in', 'not-textable', 'refused-destination'. */
  reason: string;
  /** When the fact behind it happened (ISO 8601): an older fact never overwrites a newer one. */
  changedAt: string;
}

/** A stored item as a record; anything else (a hand-edited or foreign item) reads as nothing recorded. */
export function toTextingRecord(item: Record<string, unknown> | undefined): TextingRecord | undefined {
  if (item === undefined) return undefined;
  if (typeof item.phoneNumber !== 'string' || typeof item.textable !== 'boolean' || typeof item.changedAt !== 'string') return undefined;
  return {
    phoneNumber: item.phoneNumber,
    textable: item.textable,
    reason: typeof item.reason === 'string' ? item.reason : 'unknown',
    changedAt: item.changedAt,
  };
}

/** The projection's answer for one caller: a record, nothing recorded, or not known (the read failed). */
export type TextingLookup = { kind: 'found'; record: TextingRecord } | { kind: 'none' } | { kind: 'unknown'; reason: string };

export type SmsEligibility = { eligible: true } | { eligible: false; reason: string; known: boolean };

/**
 * Number type and country only (no projection): can a text reach this number at all? The platform's one
 * toll-fraud guard with `purpose: 'text'` — mobile or fixed-line-or-mobile, in an allowed country, never premium,
 * satellite or embargoed — so routing offers exactly what sms would send.
 */
export function numberCanBeTexted(e164: string, allowedCountries: readonly string[]): { ok: true; country: string } | { ok: false; reason: string } {
  if (allowedCountries.length === 0) return { ok: false, reason: 'no country is allowed for texts' };
  const check = checkDestination(e164, { allowedCountries, purpose: 'text' });
  return check.ok ? { ok: true, country: check.country } : { ok: false, reason: `${check.code}: ${check.message}` };
}

export function smsEligibility(e164: string | undefined, lookup: TextingLookup | undefined, allowedCountries: readonly string[]): SmsEligibility {
  if (e164 === undefined) return { eligible: false, reason: 'no caller number', known: true };
  const reach = numberCanBeTexted(e164, allowedCountries);
  if (!reach.ok) return { eligible: false, reason: reach.reason, known: true };
  if (lookup === undefined || lookup.kind === 'unknown') {
    return { eligible: false, reason: `opt-out status unknown${lookup ? ` (${lookup.reason})` : ''}`, known: false };
  }
  if (lookup.kind === 'found' && !lookup.record.textable)
    return { eligible: false, reason: `${lookup.record.reason} since ${lookup.record.changedAt}`, known: true };
  return { eligible: true };
}

/** SmsDeflectionFailed reasons that say something lasting about the number (the others are transient). */
const LASTING_FAILURES = new Set(['opted-out', 'not-textable', 'refused-destination']);

export type SmsFact =
  | { detailType: 'SmsOptedOut'; data: { phoneNumber: string; optedOutAt?: string | undefined }; occurredAt: string }
  | { detailType: 'SmsOptedIn'; data: { phoneNumber: string; optedInAt: string }; occurredAt: string }
  | { detailType: 'SmsDeflectionFailed'; data: { phoneNumber: string; reason: string; failedAt: string }; occurredAt: string };

/** The projection record a sms fact implies, or `undefined` when it says nothing lasting (rate-limited, send-failed). */
export function textingRecordFrom(fact: SmsFact): TextingRecord | undefined {
  switch (fact.detailType) {
    case 'SmsOptedOut':
      return { phoneNumber: fact.data.phoneNumber, textable: false, reason: 'opted-out', changedAt: fact.data.optedOutAt ?? fact.occurredAt };
    case 'SmsOptedIn':
      return { phoneNumber: fact.data.phoneNumber, textable: true, reason: 'opted-in', changedAt: fact.data.optedInAt };
    case 'SmsDeflectionFailed':
      if (!LASTING_FAILURES.has(fact.data.reason)) return undefined;
      return { phoneNumber: fact.data.phoneNumber, textable: false, reason: fact.data.reason, changedAt: fact.data.failedAt };
  }
}
