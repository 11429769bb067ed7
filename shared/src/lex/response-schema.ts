import * as z from 'zod';
import { lexDialogActionSchema, lexIntentSchema, lexSessionAttributesSchema } from './event-schema';

/**
 * Zod schema of a Lex V2 code-hook response. Source: Lex V2 developer guide, "AWS Lambda response
 * format for Lex V2". Stricter than the event: a bad response makes Lex fail the turn in front of the
 * caller, so the rules Lex enforces are checked here.
 */

export const lexMessageSchema = z.looseObject({
  contentType: z.enum(['CustomPayload', 'ImageResponseCard', 'PlainText', 'SSML']),
  content: z.string().optional(),
  imageResponseCard: z.looseObject({ title: z.string() }).optional(),
}).refine((message) => message.contentType === 'ImageResponseCard' || (message.content ?? '').length > 0, {
  message: 'a PlainText, SSML or CustomPayload message needs content',
  path: ['content'],
});
export type LexMessage = z.infer<typeof lexMessageSchema>;

export const lexResponseSchema = z
  .looseObject({
    sessionState: z.looseObject({
      sessionAttributes: lexSessionAttributesSchema.optional(),
      activeContexts: z.array(z.looseObject({ name: z.string() })).optional(),
      runtimeHints: z.looseObject({}).optional(),
      dialogAction: lexDialogActionSchema,
      intent: lexIntentSchema.optional(),
    }),
    messages: z.array(lexMessageSchema).optional(),
    requestAttributes: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((response, context) => {
    const { dialogAction, intent } = response.sessionState;
    if (dialogAction.type !== 'ElicitIntent' && intent === undefined) {
      context.addIssue({ code: 'custom', path: ['sessionState', 'intent'], message: `dialogAction ${dialogAction.type} needs sessionState.intent` });
    }
    if (dialogAction.type === 'ElicitSlot' && !dialogAction.slotToElicit) {
      context.addIssue({ code: 'custom', path: ['sessionState', 'dialogAction', 'slotToElicit'], message: 'ElicitSlot needs slotToElicit' });
    }
    // Lex ends the conversation on Close and reports the intent's outcome, so the state must be set.
    if (dialogAction.type === 'Close' && intent !== undefined && intent.state === undefined) {
      context.addIssue({ code: 'custom', path: ['sessionState', 'intent', 'state'], message: 'Close needs the intent state (e.g. Fulfilled or Failed)' });
    }
  });

export type LexResponse = z.infer<typeof lexResponseSchema>;
