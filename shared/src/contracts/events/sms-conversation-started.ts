import * as z from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: a customer opted in and the SMS conversation began. */
export const SmsConversationStarted = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsConversationStarted',
  version: '1.1',
  schema: () => z.object({
    conversationId: z.string().min(1),
    phoneNumber: e164,
    callId: z.string().optional(),
    department: z.string().optional(),
    /** 1.1: the Amazon Connect chat contact the conversation is bridged to. */
    contactId: z.string().optional(),
    /** 1.1: when the customer opted in and the chat started (ISO 8601). */
    startedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});
