import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** Why a deflection to SMS was not carried out. */
export const smsDeflectionFailureReasons = [
  /** The number opted out (STOP) and has not opted back in. */
  'opted-out',
  /** Not a number that can receive texts (landline, toll-free, short code, invalid). */
  'not-textable',
  /** The toll-fraud guard refused it (country outside the allow-list, premium rate, satellite, …). */
  'refused-destination',
  /** A spend limit (texts per number, per user or per stage) was reached. */
  'rate-limited',
  /** The SMS provider or Connect Chat failed after retries. */
  'send-failed',
] as const;

/**
 * sms: a SmsDeflectionRequested was not carried out — the caller was promised a text that will not come. Routing
 * records it on the caller's call log; other systems may alert on it. Published once per failed request.
 */
export const SmsDeflectionFailed = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsDeflectionFailed',
  version: '1.0',
  schema: () =>
    z.object({
      phoneNumber: e164,
      /** The voice call being deflected, when the request named one. */
      callId: z.optional(z.string()),
      reason: z.enum(smsDeflectionFailureReasons),
      /** Plain words for the call log, e.g. "the number opted out of texts on 2026-11-02". */
      detail: z.string().check(z.minLength(1), z.maxLength(500)),
      failedAt: z.iso.datetime({ offset: true }),
    }),
});
