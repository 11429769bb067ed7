/**
 * The one E.164 syntax check, dependency-free (no libphonenumber metadata, no zod) so event contracts, Chime
 * action schemas and cold-starting handlers can import it directly (`@switchboard/shared/phone` re-exports it).
 *
 * E.164: `+`, a country code that does not start with 0, at most 15 digits in all (ITU-T E.164 §6). The shortest
 * numbers in use have 7 digits with their country code (Niue `+683 1234`, St Helena `+290 1234`), so shorter is refused.
 * Syntax only: whether the number exists is `isValidE164`; whether it may be dialled is `checkDestination`.
 */
export const e164Pattern = /^\+[1-9]\d{6,14}$/;

/** True for a syntactically valid E.164 string. */
export function isE164(value: unknown): value is string {
  return typeof value === 'string' && e164Pattern.test(value);
}

export const e164Message = 'must be an E.164 phone number: + then the country code and number, digits only, 7–15 digits (e.g. +14155552671)';
