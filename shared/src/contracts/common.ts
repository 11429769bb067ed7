/**
 * Field schemas shared by several contracts. Kept dependency-free (no libphonenumber metadata) so a Lambda that only
 * publishes events stays small; full validation of numbers happens where they enter the platform.
 */
import * as z from '../zod-mini/index.ts';

/** E.164: "+", country code, subscriber number; 8–15 digits in all. */
export const e164 = z.string().check(z.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number such as +14155550100'));

/** Free-form string attributes carried through a flow untouched (IVR context, callback context, extra columns). */
export const stringAttributes = z.record(z.string(), z.string());

export const isoTimestamp = z.iso.datetime({ offset: true });
