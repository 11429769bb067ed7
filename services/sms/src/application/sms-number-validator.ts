/**
 * Can this number receive SMS? libphonenumber first (free, offline): mobile and fixed-line-or-mobile ranges
 * pass, landlines, toll-free, premium and shared-cost numbers do not. Then, when a carrier lookup is
 * configured (End User Messaging / Pinpoint phone-number validation), its verdict on the actual line.
 */
import { isE164, parsePhoneNumber } from '@switchboard/shared/phone';
import type { PhoneNumberValidator } from '../domain/ports.ts';

export type CarrierLookup = (e164: string) => Promise<{ ok: true } | { ok: false; reason: string }>;

/** Line types that can receive texts. UNKNOWN passes: some valid ranges are unclassified and the carrier lookup decides. */
const SMS_CAPABLE = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER', 'UNKNOWN']);

export class SmsNumberValidator implements PhoneNumberValidator {
  constructor(
    private readonly options: {
      defaultCountry?: string;
      carrierLookup?: CarrierLookup;
      /** Allow the fictional +1 555-01xx range and other numbers libphonenumber rejects (local stage only). */
      allowFictional?: boolean;
    } = {},
  ) {}

  async check(input: string, defaultCountry?: string): Promise<{ ok: true; e164: string } | { ok: false; reason: string }> {
    const country = defaultCountry ?? this.options.defaultCountry;
    const parsed = parsePhoneNumber(input, country ? { defaultCountry: country } : {});
    let e164: string;
    if (parsed.ok) {
      if (!SMS_CAPABLE.has(parsed.type)) return { ok: false, reason: `a ${parsed.type.toLowerCase().replace(/_/gu, '-')} number cannot receive SMS` };
      e164 = parsed.e164;
    } else if (this.options.allowFictional && isE164(input.trim())) {
      e164 = input.trim();
    } else {
      return { ok: false, reason: parsed.message };
    }
    if (this.options.carrierLookup) {
      const verdict = await this.options.carrierLookup(e164);
      if (!verdict.ok) return verdict;
    }
    return { ok: true, e164 };
  }
}
