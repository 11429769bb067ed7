import { z } from 'zod';

/**
 * Zod schema of the event Amazon Lex V2 sends to a code-hook Lambda (dialog and fulfillment).
 * Source: Lex V2 developer guide, "AWS Lambda input event format for Lex V2" — field names verbatim.
 *
 * Strict on what a code hook relies on (invocationSource, sessionState.intent with its name, state and
 * slots); loose objects everywhere so fields Lex adds later pass through.
 */

export const lexSlotValueSchema = z.looseObject({
  originalValue: z.string().optional(),
  interpretedValue: z.string().nullish(),
  resolvedValues: z.array(z.string()).optional(),
});
export type LexSlotValue = z.infer<typeof lexSlotValueSchema>;

/** A slot: scalar `value`, a list in `values` (`shape: "List"`), or composite `subSlots`. */
export interface LexSlot {
  shape?: string | undefined;
  value?: LexSlotValue | undefined;
  values?: LexSlot[] | undefined;
  subSlots?: Record<string, LexSlot | null> | undefined;
  [key: string]: unknown;
}

export const lexSlotSchema: z.ZodType<LexSlot> = z.lazy(() =>
  z.looseObject({
    shape: z.string().optional(),
    value: lexSlotValueSchema.optional(),
    values: z.array(lexSlotSchema).optional(),
    subSlots: z.record(z.string(), lexSlotSchema.nullable()).optional(),
  }),
);

export const intentStateSchema = z.enum([
  'Failed',
  'Fulfilled',
  'FulfillmentInProgress',
  'InProgress',
  'ReadyForFulfillment',
  'Waiting',
]);
export type IntentState = z.infer<typeof intentStateSchema>;

export const confirmationStateSchema = z.enum(['Confirmed', 'Denied', 'None']);
export type ConfirmationState = z.infer<typeof confirmationStateSchema>;

export const lexIntentSchema = z.looseObject({
  name: z.string().min(1),
  // Lex sends `null` for a slot it has not filled yet.
  slots: z.record(z.string(), lexSlotSchema.nullable()).optional(),
  state: intentStateSchema.optional(),
  confirmationState: confirmationStateSchema.optional(),
});
export type LexIntent = z.infer<typeof lexIntentSchema>;

export const dialogActionTypeSchema = z.enum(['Close', 'ConfirmIntent', 'Delegate', 'ElicitIntent', 'ElicitSlot']);
export type DialogActionType = z.infer<typeof dialogActionTypeSchema>;

export const lexDialogActionSchema = z.looseObject({
  type: dialogActionTypeSchema,
  slotToElicit: z.string().optional(),
  slotElicitationStyle: z.enum(['Default', 'SpellByLetter', 'SpellByWord']).optional(),
  subSlotToElicit: z.unknown().optional(),
});
export type LexDialogAction = z.infer<typeof lexDialogActionSchema>;

export const lexSessionAttributesSchema = z.record(z.string(), z.string());

/** `sessionState` — present in the event, the response, and the README's truncated event. */
export const lexSessionStateSchema = z.looseObject({
  sessionAttributes: lexSessionAttributesSchema.optional(),
  activeContexts: z.array(z.looseObject({ name: z.string() })).optional(),
  runtimeHints: z.looseObject({}).optional(),
  dialogAction: lexDialogActionSchema.optional(),
  intent: lexIntentSchema,
  originatingRequestId: z.string().optional(),
});
export type LexSessionState = z.infer<typeof lexSessionStateSchema>;

export const lexInterpretationSchema = z.looseObject({
  intent: lexIntentSchema,
  nluConfidence: z.number().optional(),
  sentimentResponse: z.looseObject({ sentiment: z.string() }).optional(),
  interpretationSource: z.string().optional(),
});
export type LexInterpretation = z.infer<typeof lexInterpretationSchema>;

export const lexTranscriptionSchema = z.looseObject({
  transcription: z.string(),
  rawTranscription: z.string().optional(),
  transcriptionConfidence: z.number().optional(),
  resolvedContext: z.looseObject({ intent: z.string().optional() }).optional(),
  resolvedSlots: z.record(z.string(), z.unknown()).optional(),
});
export type LexTranscription = z.infer<typeof lexTranscriptionSchema>;

export const lexBotSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  aliasId: z.string().optional(),
  aliasName: z.string().optional(),
  localeId: z.string(),
  version: z.string().optional(),
});
export type LexBot = z.infer<typeof lexBotSchema>;

export const invocationSourceSchema = z.enum(['DialogCodeHook', 'FulfillmentCodeHook']);
export type InvocationSource = z.infer<typeof invocationSourceSchema>;

export const lexEventSchema = z.looseObject({
  messageVersion: z.string().optional(),
  invocationSource: invocationSourceSchema,
  inputMode: z.enum(['DTMF', 'Speech', 'Text']).optional(),
  responseContentType: z.string().optional(),
  sessionId: z.string().optional(),
  inputTranscript: z.string().optional(),
  rawInputTranscript: z.string().optional(),
  bot: lexBotSchema.optional(),
  interpretations: z.array(lexInterpretationSchema).optional(),
  proposedNextState: z
    .looseObject({ dialogAction: lexDialogActionSchema.optional(), intent: lexIntentSchema.optional() })
    .optional(),
  requestAttributes: z.record(z.string(), z.string()).optional(),
  sessionState: lexSessionStateSchema,
  transcriptions: z.array(lexTranscriptionSchema).optional(),
});

export type LexEvent = z.infer<typeof lexEventSchema>;
