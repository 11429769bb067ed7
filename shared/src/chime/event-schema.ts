import * as z from '../zod-mini/index.ts';
import { intentResultSchema } from './bot-result-schema';

/**
 * Zod schema of the event the PSTN audio service (Chime SDK SIP media application) sends to its Lambda.
 * Source: "Understanding telephony events for Amazon Chime SDK PSTN audio service" and the action pages
 * of the Amazon Chime SDK developer guide.
 *
 * Policy: strict on what handlers rely on (event type, participants with call id, leg tag and direction,
 * transaction id, action data on action events), loose everywhere else — AWS adds fields, and an unknown
 * field must never turn a live call into dead air.
 *
 * Written with zod/mini: every SIP media application Lambda parses these on its cold start, which the
 * caller hears as silence, and mini schemas build and first-parse in about half the time of classic ones.
 */

/** A required string field: present and not empty. Shared with the action schemas. */
export const nonEmpty = () => z.string().check(z.minLength(1));

export const participantTagSchema = z.enum(['LEG-A', 'LEG-B']);
export type ParticipantTag = z.infer<typeof participantTagSchema>;

/**
 * The tag as events carry it. The guide's "Ending a call" example writes "Leg-A"/"Leg-B"; the case is
 * normalised so handlers compare against 'LEG-A' / 'LEG-B' only.
 */
const eventParticipantTagSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((tag: string) => tag.toUpperCase()),
  ),
  participantTagSchema,
);

export const participantSchema = z.looseObject({
  CallId: nonEmpty(),
  ParticipantTag: eventParticipantTagSchema,
  To: z.string(),
  From: z.string(),
  Direction: z.enum(['Inbound', 'Outbound']),
  // Documented as a string of epoch milliseconds; accept a number too and normalise to the string.
  StartTimeInMilliseconds: z.optional(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
  // "Connected" | "Disconnected"; absent in some documented events (e.g. INVALID_LAMBDA_RESPONSE).
  Status: z.optional(z.string()),
  /** Custom `x-` headers, User-to-User and Diversion received on the leg ("Using SIP headers"). */
  SipHeaders: z.optional(z.record(z.string(), z.string())),
});
export type Participant = z.infer<typeof participantSchema>;

/** Transaction attributes: string → string, echoed back by the service on every later invocation. */
export const transactionAttributesSchema = z.record(z.string(), z.string());
export type TransactionAttributes = z.infer<typeof transactionAttributesSchema>;

const callDetailsFieldsSchema = z.looseObject({
  TransactionId: nonEmpty(),
  TransactionAttributes: z.optional(transactionAttributesSchema),
  AwsAccountId: z.string(),
  AwsRegion: z.string(),
  SipMediaApplicationId: z.optional(z.string()),
  // Some documentation examples (NEW_OUTBOUND_CALL, NEW_INBOUND_CALL) spell it SipApplicationId.
  SipApplicationId: z.optional(z.string()),
  SipRuleId: z.optional(z.string()),
  Participants: z.array(participantSchema).check(z.minLength(1)),
});

export const callDetailsSchema = z.pipe(
  callDetailsFieldsSchema,
  z.transform((details: z.output<typeof callDetailsFieldsSchema>) => ({
    ...details,
    SipMediaApplicationId: details.SipMediaApplicationId ?? details.SipApplicationId,
  })),
);
export type CallDetails = z.infer<typeof callDetailsSchema>;

/**
 * `ActionData`: the action the event reports on. `Type` is the action type (e.g. "PlayAudio",
 * "CallAndBridge", "StartBotConversation", "ReceiveDigits", "Hangup", "CallUpdateRequest").
 */
export const actionDataSchema = z.looseObject({
  Type: nonEmpty(),
  Parameters: z.optional(z.record(z.string(), z.unknown())),
  /** Digits collected by PlayAudioAndGetDigits / SpeakAndGetDigits / ReceiveDigits. */
  ReceivedDigits: z.optional(z.string()),
  /** On ACTION_FAILED: e.g. "InvalidActionParameter", "SystemException", "CallNotAnswered". */
  ErrorType: z.optional(z.string()),
  ErrorMessage: z.optional(z.string()),
  /** StartBotConversation: the bot's final state. */
  IntentResult: z.optional(intentResultSchema),
  /** StartCallRecording: where the recording will be delivered ("bucket/prefix/…/transaction_call.wav"). */
  CallRecordingDestination: z.optional(z.looseObject({ Type: z.string(), Location: z.string() })),
  /** The recording actions report failures as one `Error` string ("NoAccessToDestination: …"). */
  Error: z.optional(z.string()),
});
export type ActionData = z.infer<typeof actionDataSchema>;

/** CALL_UPDATE_REQUESTED carries the `Arguments` given to UpdateSipMediaApplicationCall. */
export const callUpdateActionDataSchema = z.extend(actionDataSchema, {
  Parameters: z.looseObject({ Arguments: z.record(z.string(), z.string()) }),
});

const eventBase = {
  SchemaVersion: z.string(),
  Sequence: z.int().check(z.nonnegative()),
  CallDetails: callDetailsSchema,
};

const callProgressEvent = <T extends string>(type: T) =>
  z.looseObject({ ...eventBase, InvocationEventType: z.literal(type), ActionData: z.optional(actionDataSchema) });

const actionEvent = <T extends string>(type: T) =>
  z.looseObject({ ...eventBase, InvocationEventType: z.literal(type), ActionData: actionDataSchema });

export const newInboundCallEventSchema = callProgressEvent('NEW_INBOUND_CALL');
export const newOutboundCallEventSchema = callProgressEvent('NEW_OUTBOUND_CALL');
export const ringingEventSchema = callProgressEvent('RINGING');
export const callAnsweredEventSchema = callProgressEvent('CALL_ANSWERED');
/** HANGUP usually carries `ActionData` of Type "Hangup" with the SipResponseCode; not guaranteed. */
export const hangupEventSchema = callProgressEvent('HANGUP');
export const actionSuccessfulEventSchema = actionEvent('ACTION_SUCCESSFUL');
export const actionFailedEventSchema = actionEvent('ACTION_FAILED');
export const actionInterruptedEventSchema = actionEvent('ACTION_INTERRUPTED');
export const digitsReceivedEventSchema = actionEvent('DIGITS_RECEIVED');
export const callUpdateRequestedEventSchema = z.looseObject({
  ...eventBase,
  InvocationEventType: z.literal('CALL_UPDATE_REQUESTED'),
  ActionData: callUpdateActionDataSchema,
});
/**
 * The service rejected the previous response; `ErrorType`/`ErrorMessage` say why. The concrete example
 * in the guide ("Invalid inputs") puts them at the top level, while the event-type list describes them
 * as ActionData fields — either is accepted, one is required; read them with `invalidResponseError`.
 */
export const invalidLambdaResponseEventSchema = z
  .looseObject({
    ...eventBase,
    InvocationEventType: z.literal('INVALID_LAMBDA_RESPONSE'),
    ErrorType: z.optional(z.string()),
    ErrorMessage: z.optional(z.string()),
    ActionData: z.optional(actionDataSchema),
  })
  .check(
    z.refine((event) => event.ErrorType !== undefined || event.ActionData?.ErrorType !== undefined, {
      message: 'INVALID_LAMBDA_RESPONSE carries an ErrorType (top level or in ActionData)',
      path: ['ErrorType'],
    }),
  );

export const smaEventSchema = z.discriminatedUnion('InvocationEventType', [
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
]);

/** A parsed SIP media application invocation event; narrow it with `switch (event.InvocationEventType)`. */
export type SmaEvent = z.infer<typeof smaEventSchema>;
/** The event as it arrives on the wire (before normalisation). */
export type SmaEventInput = z.input<typeof smaEventSchema>;
/** The event of one invocation type, e.g. `SmaEventOf<'ACTION_SUCCESSFUL'>`. */
export type SmaEventOf<T extends SmaEvent['InvocationEventType']> = Extract<SmaEvent, { InvocationEventType: T }>;
