/** The number check of the functions that take deflection requests: libphonenumber, plus the carrier lookup when configured. */
import { carrierLookup } from '../adapters/aws/pinpoint-phone-number-validate.ts';
import { SmsNumberValidator } from '../application/sms-number-validator.ts';
import type { HandlerEnv } from '../config.ts';
import type { AwsClients } from './aws.ts';

export function phoneValidator(
  env: Pick<HandlerEnv<'deflection-requested'>, 'DEFAULT_COUNTRY' | 'SMS_PHONE_VALIDATION'>,
  clients: AwsClients,
): SmsNumberValidator {
  return new SmsNumberValidator({
    defaultCountry: env.DEFAULT_COUNTRY,
    ...(env.SMS_PHONE_VALIDATION === 'carrier-lookup' ? { carrierLookup: carrierLookup(clients.pinpoint()) } : {}),
  });
}
