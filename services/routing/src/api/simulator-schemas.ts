/** Request and response of the local stage's call simulator (`POST /simulator/calls`, `npm run call`). */
import { z } from '@switchboard/shared/http';
import { e164Pattern } from '@switchboard/shared/phone';

const phone = z
  .string()
  .min(1)
  .max(32)
  .regex(/^(\+[1-9]\d{6,14}|anonymous)$/, 'must be an E.164 number or "anonymous"');
const oneOrMany = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(5)]);

export const simulatedCallRequestSchema = z
  .object({
    from: phone.openapi({ example: '+14155550123' }),
    to: z.string().regex(e164Pattern, 'must be an E.164 number').openapi({ example: '+18005550100' }),
    say: oneOrMany.optional().openapi({ example: 'history', description: 'What the caller says, one entry per bot turn' }),
    digits: oneOrMany.optional().openapi({ example: '3', description: 'Keys pressed to the bot instead of speech' }),
    smsOfferKey: z
      .string()
      .regex(/^[0-9*#]$/)
      .optional()
      .openapi({ description: 'Answer to the SMS offer, if one is made' }),
    bridge: z
      .array(z.enum(['answer', 'busy', 'no-answer', 'agent']))
      .max(5)
      .optional()
      .openapi({
        description:
          'What each bridge attempt meets; "agent": an extension rings on the agent line (the console\'s agent page) and waits for an agent',
      }),
    hangupBy: z.enum(['caller', 'callee']).optional(),
    callerHangsUpDuringBot: z.boolean().optional(),
  })
  .openapi('SimulatedCallRequest');

export const simulatedCallResponseSchema = z
  .object({
    callId: z.string(),
    transactionId: z.string(),
    outcome: z.record(z.string(), z.unknown()),
    heard: z.array(z.string()),
    transcript: z.array(
      z.object({
        sequence: z.number(),
        event: z.object({ type: z.string(), action: z.string().optional(), detail: z.string().optional() }),
        actions: z.array(z.record(z.string(), z.unknown())),
        transactionAttributes: z.record(z.string(), z.string()).optional(),
        notes: z.array(z.string()),
      }),
    ),
  })
  .openapi('SimulatedCall');
