import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** sms: an SMS conversation ended. */
export const SmsConversationEnded = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsConversationEnded',
  version: '1.1',
  schema: () =>
    z.object({
      conversationId: z.string().check(z.minLength(1)),
      phoneNumber: e164,
      reason: z.enum(['chatEnded', 'agentLeft', 'idle', 'optedOut', 'declined', 'error']),
      /** The furthest state reached: offered, opted-in, bot, queued, agent. */
      reached: z.string().check(z.minLength(1)),
      messagesFromCustomer: z.int().check(z.nonnegative()),
      messagesToCustomer: z.int().check(z.nonnegative()),
      contactId: z.optional(z.string()),
      /** 1.1: when it ended (ISO 8601). */
      endedAt: z.optional(z.iso.datetime({ offset: true })),
      /** 1.1: questions the FAQ bot answered in this conversation. */
      answeredByBot: z.optional(z.int().check(z.nonnegative())),
      /** 1.1: whether the customer was handed to the agent queue. */
      escalated: z.optional(z.boolean()),
      /** 1.1: the reason in more detail when `reason` groups several (e.g. offerExpired under declined, closedByApi under chatEnded). */
      reasonDetail: z.optional(z.string()),
    }),
});
