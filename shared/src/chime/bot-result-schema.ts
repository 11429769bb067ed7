import * as z from 'zod';

/**
 * The Lex V2 result that the PSTN audio service hands back after a `StartBotConversation` action
 * (`ActionData.IntentResult` on ACTION_SUCCESSFUL / ACTION_FAILED). Field names are Lex V2's,
 * PascalCased by the PSTN audio service. Loose objects: Lex adds fields over time and a handler
 * must not fail a live call because of one it does not read.
 */
export const botSlotValueSchema = z.looseObject({
  OriginalValue: z.string().optional(),
  InterpretedValue: z.string().nullish(),
  ResolvedValues: z.array(z.string()).optional(),
});

/** A slot: a scalar `Value`, or (`Shape: "List"`) a list of slots in `Values`. */
export interface BotSlot {
  Shape?: string | undefined;
  Value?: z.infer<typeof botSlotValueSchema> | undefined;
  Values?: BotSlot[] | undefined;
  [key: string]: unknown;
}

export const botSlotSchema: z.ZodType<BotSlot> = z.lazy(() =>
  z.looseObject({
    Shape: z.string().optional(),
    Value: botSlotValueSchema.optional(),
    Values: z.array(botSlotSchema).optional(),
  }),
);

export const botIntentSchema = z.looseObject({
  Name: z.string(),
  // Lex sends `null` for a slot it has not filled yet.
  Slots: z.record(z.string(), botSlotSchema.nullable()).optional(),
  State: z.string().optional(),
  ConfirmationState: z.string().optional(),
});

export const botSessionStateSchema = z.looseObject({
  SessionAttributes: z.record(z.string(), z.string()).optional(),
  Intent: botIntentSchema.optional(),
  DialogAction: z.looseObject({ Type: z.string(), SlotToElicit: z.string().optional() }).optional(),
});

export const botInterpretationSchema = z.looseObject({
  Intent: botIntentSchema.optional(),
  NluConfidence: z.looseObject({ Score: z.number() }).optional(),
});

export const intentResultSchema = z.looseObject({
  SessionId: z.string().optional(),
  SessionState: botSessionStateSchema.optional(),
  Interpretations: z.array(botInterpretationSchema).optional(),
});

export type BotSlotValue = z.infer<typeof botSlotValueSchema>;
export type BotIntent = z.infer<typeof botIntentSchema>;
export type BotSessionState = z.infer<typeof botSessionStateSchema>;
export type BotInterpretation = z.infer<typeof botInterpretationSchema>;
export type IntentResult = z.infer<typeof intentResultSchema>;
