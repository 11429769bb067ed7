import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/**
 * sms: a number that had opted out opted back in (START/UNSTOP). With SmsOptedOut it lets another service keep its
 * own projection of who may be texted (routing offers "continue by text" only to those) without reading sms tables.
 */
export const SmsOptedIn = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsOptedIn',
  version: '1.0',
  schema: () =>
    z.object({
      phoneNumber: e164,
      keyword: z.string().check(z.minLength(1)),
      optedInAt: z.iso.datetime({ offset: true }),
    }),
});
