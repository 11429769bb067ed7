import * as z from '../zod-mini/index.ts';

/**
 * The Lex V2 result that the PSTN audio service hands back after a `StartBotConversation` action
 * (`ActionData.IntentResult` on ACTION_SUCCESSFUL / ACTION_FAILED). Field names are Lex V2's,
 * PascalCased by the PSTN audio service. Loose objects: Lex adds fields over time and a handler
 * must not fail a live call because of one it does not read.
 */
export const botSlotValueSchema = z.looseObject({
  OriginalValue: z.optional(z.string()),
  InterpretedValue: z.nullish(z.string()),
  ResolvedValues: z.optional(z.array(z.string())),
});

/** A slot: a scalar `Value`, or (`Shape: "List"`) a list of slots in `Values`. */
export interface BotSlot {
  Shape?: string | undefined;
  Value?: z.infer<typeof botSlotValueSchema> | undefined;
  Values?: BotSlot[] | undefined;
  [key: string]: unknown;
}

export const botSlotSchema: z.ZodMiniType<BotSlot> = z.lazy(() =>
  z.looseObject({
    Shape: z.optional(z.string()),
    Value: z.optional(botSlotValueSchema),
    Values: z.optional(z.array(botSlotSchema)),
  }),
);

export const botIntentSchema = z.looseObject({
  Name: z.string(),
  // Lex sends `null` for a slot it has not filled yet.
  Slots: z.optional(z.record(z.string(), z.nullable(botSlotSchema))),
  State: z.optional(z.string()),
  ConfirmationState: z.optional(z.string()),
});

export const botSessionStateSchema = z.looseObject({
  SessionAttributes: z.optional(z.record(z.string(), z.string())),
  Intent: z.optional(botIntentSchema),
  DialogAction: z.optional(z.looseObject({ Type: z.string(), SlotToElicit: z.optional(z.string()) })),
});

export const botInterpretationSchema = z.looseObject({
  Intent: z.optional(botIntentSchema),
  NluConfidence: z.optional(z.looseObject({ Score: z.number() })),
});

export const intentResultSchema = z.looseObject({
  SessionId: z.optional(z.string()),
  SessionState: z.optional(botSessionStateSchema),
  Interpretations: z.optional(z.array(botInterpretationSchema)),
});

export type BotSlotValue = z.infer<typeof botSlotValueSchema>;
export type BotIntent = z.infer<typeof botIntentSchema>;
export type BotSessionState = z.infer<typeof botSessionStateSchema>;
export type BotInterpretation = z.infer<typeof botInterpretationSchema>;
export type IntentResult = z.infer<typeof intentResultSchema>;
