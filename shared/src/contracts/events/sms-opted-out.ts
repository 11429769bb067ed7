import * as z from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: a number opted out of texts (STOP and its synonyms). The platform never texts it again until it opts in. */
export const SmsOptedOut = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsOptedOut',
  version: '1.1',
  schema: () => z.object({
    phoneNumber: e164,
    keyword: z.string().min(1),
    conversationId: z.string().optional(),
    /** 1.1: when the opt-out was recorded (ISO 8601). */
    optedOutAt: z.iso.datetime({ offset: true }).optional(),
  }),
});
