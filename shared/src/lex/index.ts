/**
 * `@switchboard/shared/lex` — Amazon Lex V2 code hooks: the event schema and parser, the response
 * schema, response helpers (elicitSlot, close, delegate, confirmIntent, elicitIntent) and slot readers.
 */
export {
  lexEventSchema,
  lexSessionStateSchema,
  lexIntentSchema,
  lexSlotSchema,
  lexSlotValueSchema,
  lexDialogActionSchema,
  lexInterpretationSchema,
  lexTranscriptionSchema,
  lexBotSchema,
  lexSessionAttributesSchema,
  intentStateSchema,
  confirmationStateSchema,
  dialogActionTypeSchema,
  invocationSourceSchema,
  type LexEvent,
  type LexSessionState,
  type LexIntent,
  type LexSlot,
  type LexSlotValue,
  type LexDialogAction,
  type LexInterpretation,
  type LexTranscription,
  type LexBot,
  type IntentState,
  type ConfirmationState,
  type DialogActionType,
  type InvocationSource,
} from './event-schema';
export { lexResponseSchema, lexMessageSchema, slotProblems, type LexResponse, type LexMessage } from './response-schema';
export { parseLexEvent, type ParseLexEventResult } from './parse-event';
export {
  elicitSlot,
  close,
  delegate,
  confirmIntent,
  elicitIntent,
  scalarSlot,
  type LexMessageInput,
  type LexResponseOptions,
} from './responses';
export { slotValue, slotValues, eventSlotValue } from './slots';
