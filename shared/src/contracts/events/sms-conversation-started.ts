import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: a customer opted in and the SMS conversation began. */
export const SmsConversationStarted = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsConversationStarted',
  version: '1.1',
  schema: () =>
    z.object({
      conversationId: z.string().check(z.minLength(1)),
      phoneNumber: e164,
      callId: z.optional(z.string()),
      department: z.optional(z.string()),
      /** 1.1: the Amazon Connect chat contact the conversation is bridged to. */
      contactId: z.optional(z.string()),
      /** 1.1: when the customer opted in and the chat started (ISO 8601). */
      startedAt: z.optional(z.iso.datetime({ offset: true })),
    }),
});
