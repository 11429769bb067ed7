/**
 * `@switchboard/shared/chime` — Amazon Chime SDK PSTN audio (SIP media application) for Lambda handlers:
 * the invocation event schema and parser, typed builders for every documented action, the response
 * builder that enforces the service's limits, and helpers to read legs, transaction attributes and a
 * bot conversation's result.
 */
export {
  InvocationEventType,
  invocationEventTypes,
  invocationEventTypeSchema,
  type InvocationEventTypeName,
} from './invocation-event-type';
export {
  smaEventSchema,
  participantSchema,
  participantTagSchema,
  callDetailsSchema,
  actionDataSchema,
  callUpdateActionDataSchema,
  transactionAttributesSchema,
  newInboundCallEventSchema,
  newOutboundCallEventSchema,
  ringingEventSchema,
  callAnsweredEventSchema,
  actionSuccessfulEventSchema,
  actionFailedEventSchema,
  actionInterruptedEventSchema,
  hangupEventSchema,
  callUpdateRequestedEventSchema,
  invalidLambdaResponseEventSchema,
  digitsReceivedEventSchema,
  type SmaEvent,
  type SmaEventInput,
  type SmaEventOf,
  type Participant,
  type ParticipantTag,
  type CallDetails,
  type ActionData,
  type TransactionAttributes,
} from './event-schema';
export {
  intentResultSchema,
  botSlotSchema,
  botSlotValueSchema,
  botIntentSchema,
  botSessionStateSchema,
  botInterpretationSchema,
  type IntentResult,
  type BotSlot,
  type BotSlotValue,
  type BotIntent,
  type BotSessionState,
  type BotInterpretation,
} from './bot-result-schema';
export { parseSmaEvent, salvageSmaEvent, describeIssues, type ParseSmaEventResult, type SmaEventSalvage } from './parse-event';
export {
  smaActionSchema,
  smaActionSchemasByType,
  s3AudioSourceSchema,
  speechParametersSchema,
  bridgeEndpointSchema,
  sipHeadersSchema,
  botWelcomeMessageSchema,
  speakActionSchema,
  speakAndGetDigitsActionSchema,
  playAudioActionSchema,
  playAudioAndGetDigitsActionSchema,
  callAndBridgeActionSchema,
  hangupActionSchema,
  pauseActionSchema,
  receiveDigitsActionSchema,
  sendDigitsActionSchema,
  recordAudioActionSchema,
  startCallRecordingActionSchema,
  stopCallRecordingActionSchema,
  pauseCallRecordingActionSchema,
  resumeCallRecordingActionSchema,
  voiceFocusActionSchema,
  joinChimeMeetingActionSchema,
  modifyChimeMeetingAttendeesActionSchema,
  startBotConversationActionSchema,
  MAX_SPEECH_TEXT_LENGTH,
  MAX_SIP_HEADER_LENGTH,
  MAX_BOT_CONFIGURATION_BYTES,
  type SmaAction,
  type SmaActionType,
  type SmaActionParameters,
  type S3AudioSource,
  type SpeechParameters,
  type BridgeEndpoint,
} from './action-schemas';
export { actions, type SmaActionOf, type PauseParameters } from './action-builders';
export {
  smaResponse,
  smaResponseSchema,
  SmaResponseError,
  SMA_SCHEMA_VERSION,
  MAX_ACTIONS_PER_RESPONSE,
  MAX_TRANSACTION_ATTRIBUTES,
  MAX_TRANSACTION_ATTRIBUTES_BYTES,
  type SmaResponse,
} from './response';
export { legA, legB, otherLeg, participant, e164Address, bridgeCallerId, bridgeEstablished } from './legs';
export { transactionAttributes, invalidResponseError } from './event-readers';
export {
  botConversationResult,
  readIntentResult,
  botSlotValue,
  type BotConversationResult,
} from './bot-result';
export { sipHeaderValue, defaultSipHeaderValueLength } from './sip-header';
