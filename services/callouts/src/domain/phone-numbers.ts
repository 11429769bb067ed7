import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers of a call job. Workbooks hold local numbers (`12345678`) with the country in the job's
 * `phone_prefix` (`+852`, the `+` optional); JSON and events may carry E.164 directly.
 */
export type NormalisedPhoneNumber = { ok: true; e164: string; country: string | undefined; assigned: boolean } | { ok: false; reason: string };

/**
 * Normalises a receiver's number with the job's prefix. A number is accepted when its length is possible
 * for its country; `assigned` says whether it also falls in a range the numbering plan has assigned
 * (libphonenumber metadata). Unassigned-but-possible numbers are accepted with a warning, because the
 * plan metadata lags behind real allocations — the call then ends as NotCallable if Connect rejects it.
 */
export function normalisePhoneNumber(raw: unknown, phonePrefix: string | undefined): NormalisedPhoneNumber {
  if (raw === undefined || raw === null || String(raw).trim() === '') return { ok: false, reason: 'missing phone number' };
  const text = String(raw).trim();
  if (!/^[+\d][\d\s().-]*$/.test(text)) return { ok: false, reason: `"${text}" is not a phone number` };
  const digits = text.replace(/[\s().-]/g, '');
  let candidate: string;
  if (digits.startsWith('+')) candidate = digits;
  else if (digits.startsWith('00')) candidate = `+${digits.slice(2)}`;
  else if (phonePrefix) candidate = `+${phonePrefix.replace(/^\+/, '')}${digits.replace(/^0+/, '')}`;
  else return { ok: false, reason: `"${text}" has no country code and the job has no phone_prefix` };
  const parsed = parsePhoneNumberFromString(candidate);
  if (!parsed?.isPossible()) return { ok: false, reason: `"${text}" is not a possible number after phone_prefix (${candidate})` };
  return { ok: true, e164: parsed.number, country: parsed.country, assigned: parsed.isValid() };
}

/** Masks a number for logs: `+15551234567` → `+1555***4567`. */
export function maskPhoneNumber(e164: string): string {
  if (e164.length <= 8) return `${e164.slice(0, 2)}***`;
  return `${e164.slice(0, 5)}***${e164.slice(-4)}`;
}
