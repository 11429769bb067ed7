/**
 * The carrier lookup: phone-number validation (`pinpoint` PhoneNumberValidate, REST JSON — one of the APIs that
 * continue under AWS End User Messaging after Pinpoint's engagement features ended). Refuses landlines, VoIP numbers
 * that cannot take SMS and invalid numbers; charged per lookup, so it is opt-in (`SMS_PHONE_VALIDATION=carrier-lookup`).
 */
import type { CarrierLookup } from '../../application/sms-number-validator.ts';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

export function carrierLookup(client: AwsHttpClient): CarrierLookup {
  return async (e164) => {
    const result = await client.request<{ PhoneType?: string }>({ method: 'POST', path: '/v1/phone/number/validate', body: { PhoneNumber: e164 } });
    const type = result.PhoneType;
    if (type === 'MOBILE' || type === 'PREPAID' || type === 'VOIP') return { ok: true };
    return { ok: false, reason: `carrier lookup says ${type ?? 'unknown'}: cannot receive SMS` };
  };
}
