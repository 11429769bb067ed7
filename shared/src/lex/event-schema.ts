import * as z from 'zod';

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

export const intentStateSchema = z.enum(['Failed', 'Fulfilled', 'FulfillmentInProgress', 'InProgress', 'ReadyForFulfillment', 'Waiting']);
export type IntentState = z.infer<typeof intentStateSchema>;

export const confirmationStateSchema = z.enum(['Confirmed', 'Denied', 'None']);
export type ConfirmationState = z.infer<typeof confirmationStateSchema>;

export const lexIntentSchema = z.looseObject({
  name: z.string().min(1),
  // Lex sends `null` for a slot it has not filled yet.
  slots: z.record(z.string(), lexSlotSchema.nullable()).nullish(),
  state: intentStateSchema.nullish(),
  confirmationState: confirmationStateSchema.nullish(),
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

/**
 * Lex writes confidences as `{ "score": 0.93 }` (the documented input format); some producers flatten
 * them to a number. Either way a handler gets the number.
 */
const confidenceSchema = z
  .union([z.number(), z.looseObject({ score: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]) })])
  .transform((confidence) => (typeof confidence === 'number' ? confidence : Number(confidence.score)));

/** `sessionState` — present in the event, the response, and the README's truncated event. */
export const lexSessionStateSchema = z.looseObject({
  // Optional members may arrive as JSON null (e.g. "runtimeHints": null) — accepted as absent.
  sessionAttributes: lexSessionAttributesSchema.nullish(),
  activeContexts: z.array(z.looseObject({ name: z.string() })).nullish(),
  runtimeHints: z.looseObject({}).nullish(),
  dialogAction: lexDialogActionSchema.nullish(),
  intent: lexIntentSchema,
  originatingRequestId: z.string().optional(),
});
export type LexSessionState = z.infer<typeof lexSessionStateSchema>;

export const lexInterpretationSchema = z.looseObject({
  intent: lexIntentSchema,
  nluConfidence: confidenceSchema.nullish(),
  sentimentResponse: z.looseObject({ sentiment: z.string() }).nullish(),
  interpretationSource: z.string().nullish(),
});
export type LexInterpretation = z.infer<typeof lexInterpretationSchema>;

export const lexTranscriptionSchema = z.looseObject({
  transcription: z.string(),
  rawTranscription: z.string().nullish(),
  transcriptionConfidence: confidenceSchema.nullish(),
  resolvedContext: z.looseObject({ intent: z.string().nullish() }).nullish(),
  resolvedSlots: z.record(z.string(), z.unknown()).nullish(),
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
  messageVersion: z.string().nullish(),
  invocationSource: invocationSourceSchema,
  inputMode: z.enum(['DTMF', 'Speech', 'Text']).nullish(),
  responseContentType: z.string().nullish(),
  sessionId: z.string().nullish(),
  inputTranscript: z.string().nullish(),
  rawInputTranscript: z.string().nullish(),
  bot: lexBotSchema.nullish(),
  interpretations: z.array(lexInterpretationSchema).nullish(),
  proposedNextState: z.looseObject({ dialogAction: lexDialogActionSchema.nullish(), intent: lexIntentSchema.nullish() }).nullish(),
  // Lex sends "requestAttributes": null when the client set none.
  requestAttributes: z.record(z.string(), z.string()).nullish(),
  sessionState: lexSessionStateSchema,
  transcriptions: z.array(lexTranscriptionSchema).nullish(),
});

export type LexEvent = z.infer<typeof lexEventSchema>;
