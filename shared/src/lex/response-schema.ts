import * as z from 'zod';
import { lexDialogActionSchema, lexIntentSchema, lexSessionAttributesSchema } from './event-schema';

/**
 * Zod schema of a Lex V2 code-hook response. Source: Lex V2 developer guide, "AWS Lambda response
 * format for Lex V2". Stricter than the event: a bad response makes Lex fail the turn in front of the
 * caller, so the rules Lex enforces are checked here.
 */

export const lexMessageSchema = z
  .looseObject({
    contentType: z.enum(['CustomPayload', 'ImageResponseCard', 'PlainText', 'SSML']),
    content: z.string().optional(),
    imageResponseCard: z.looseObject({ title: z.string() }).optional(),
  })
  .refine((message) => message.contentType === 'ImageResponseCard' || (message.content ?? '').length > 0, {
    message: 'a PlainText, SSML or CustomPayload message needs content',
    path: ['content'],
  });
export type LexMessage = z.infer<typeof lexMessageSchema>;

type SlotProblem = { path: (string | number)[]; message: string };

/** What Lex would refuse in one returned slot (null means "not filled" and is always fine). */
export function slotProblems(slot: unknown, path: (string | number)[] = []): SlotProblem[] {
  if (slot === null || slot === undefined) return [];
  if (typeof slot !== 'object' || Array.isArray(slot)) return [{ path, message: 'a slot is an object or null' }];
  const { value, values, subSlots } = slot as { value?: unknown; values?: unknown; subSlots?: unknown };
  const problems: SlotProblem[] = [];
  if (value !== undefined) {
    const interpreted = typeof value === 'object' && value !== null ? (value as { interpretedValue?: unknown }).interpretedValue : undefined;
    if (typeof interpreted !== 'string' || interpreted.length === 0) {
      problems.push({
        path: [...path, 'value', 'interpretedValue'],
        message: 'a returned slot value needs interpretedValue (or the slot must be null)',
      });
    }
  }
  if (Array.isArray(values)) for (const [index, item] of values.entries()) problems.push(...slotProblems(item, [...path, 'values', index]));
  if (typeof subSlots === 'object' && subSlots !== null) {
    for (const [name, sub] of Object.entries(subSlots)) problems.push(...slotProblems(sub, [...path, 'subSlots', name]));
  }
  if (value === undefined && values === undefined && subSlots === undefined) {
    problems.push({ path, message: 'a returned slot carries value, values or subSlots (or is null)' });
  }
  return problems;
}

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
    // "Lambda response format": a slot Lex receives back has `value.interpretedValue` — Lex fails the
    // turn ("Invalid Lambda Response: ... interpretedValue") for a slot echoed with only originalValue.
    for (const [name, slot] of Object.entries(intent?.slots ?? {})) {
      for (const problem of slotProblems(slot)) {
        context.addIssue({ code: 'custom', path: ['sessionState', 'intent', 'slots', name, ...problem.path], message: problem.message });
      }
    }
    if (dialogAction.type === 'Close' && intent !== undefined && intent.state === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['sessionState', 'intent', 'state'],
        message: 'Close needs the intent state (e.g. Fulfilled or Failed)',
      });
    }
  });

export type LexResponse = z.infer<typeof lexResponseSchema>;
