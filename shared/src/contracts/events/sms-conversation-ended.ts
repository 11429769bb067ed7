import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: an SMS conversation ended. */
export const SmsConversationEnded = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsConversationEnded',
  version: '1.0',
  schema: z.object({
    conversationId: z.string().min(1),
    phoneNumber: e164,
    reason: z.enum(['chatEnded', 'agentLeft', 'idle', 'optedOut', 'declined', 'error']),
    /** The furthest state reached: offered, opted-in, bot, queued, agent. */
    reached: z.string().min(1),
    messagesFromCustomer: z.number().int().nonnegative(),
    messagesToCustomer: z.number().int().nonnegative(),
    contactId: z.string().optional(),
  }),
});
