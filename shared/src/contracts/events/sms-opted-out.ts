import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: a number opted out of texts (STOP and its synonyms). The platform never texts it again until it opts in. */
export const SmsOptedOut = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsOptedOut',
  version: '1.1',
  schema: () =>
    z.object({
      phoneNumber: e164,
      keyword: z.string().check(z.minLength(1)),
      conversationId: z.optional(z.string()),
      /** 1.1: when the opt-out was recorded (ISO 8601). */
      optedOutAt: z.optional(z.iso.datetime({ offset: true })),
    }),
});
