/**
 * Field schemas shared by several contracts. Kept dependency-free (no libphonenumber metadata) so a Lambda that only
 * publishes events stays small; full validation of numbers happens where they enter the platform.
 */
import * as z from '../zod-mini/index.ts';
import { e164Pattern } from '../phone/e164.ts';

/** E.164: "+", country code, subscriber number; 7–15 digits in all (the one pattern, `shared/src/phone/e164.ts`). */
export const e164 = z.string().check(z.regex(e164Pattern, 'must be an E.164 phone number such as +14155550100'));

/** Free-form string attributes carried through a flow untouched (IVR context, callback context, extra columns). */
export const stringAttributes = z.record(z.string(), z.string());

export const isoTimestamp = z.iso.datetime({ offset: true });
