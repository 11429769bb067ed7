import * as z from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: an SMS conversation ended. */
export const SmsConversationEnded = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsConversationEnded',
  version: '1.1',
  schema: () => z.object({
    conversationId: z.string().min(1),
    phoneNumber: e164,
    reason: z.enum(['chatEnded', 'agentLeft', 'idle', 'optedOut', 'declined', 'error']),
    /** The furthest state reached: offered, opted-in, bot, queued, agent. */
    reached: z.string().min(1),
    messagesFromCustomer: z.number().int().nonnegative(),
    messagesToCustomer: z.number().int().nonnegative(),
    contactId: z.string().optional(),
    /** 1.1: when it ended (ISO 8601). */
    endedAt: z.iso.datetime({ offset: true }).optional(),
    /** 1.1: questions the FAQ bot answered in this conversation. */
    answeredByBot: z.number().int().nonnegative().optional(),
    /** 1.1: whether the customer was handed to the agent queue. */
    escalated: z.boolean().optional(),
    /** 1.1: the reason in more detail when `reason` groups several (e.g. offerExpired under declined, closedByApi under chatEnded). */
    reasonDetail: z.string().optional(),
  }),
});
