import { z } from 'zod';
import { participantTagSchema } from './event-schema';

/**
 * Zod schemas of every action a SIP media application Lambda may return, one per documented action of
 * "Supported actions for the Amazon Chime SDK PSTN audio service" (parameter names verbatim).
 *
 * Parameters are strict objects: a misspelt parameter ("CallTimeOutSeconds") is silently ignored or
 * rejected by the service with INVALID_LAMBDA_RESPONSE in the middle of a call, so the response
 * validator catches it here instead.
 */

/** Either CallId or ParticipantTag picks the leg; docs: CallId is not required when ParticipantTag is. */
const legTarget = {
  CallId: z.string().min(1).optional(),
  ParticipantTag: participantTagSchema.optional(),
};

/** DTMF digit as accepted by the service: 0-9, *, #. */
const dtmfDigit = z.string().regex(/^[0-9*#]$/, 'a DTMF digit is one of 0-9, * or #');

/**
 * An integer parameter. The service accepts JSON numbers and digit strings alike — the documentation's
 * own examples write `"Repeat": "5"` and `"DurationInSeconds": "10"`, and AWS samples send
 * `"DurationInMilliseconds": "1000"` — so both are valid here, within the same bounds.
 */
function integerParameter(bounds: { min: number; max?: number }) {
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const inRange = (value: number) => Number.isSafeInteger(value) && value >= bounds.min && value <= max;
  const range = bounds.max === undefined ? `at least ${bounds.min}` : `between ${bounds.min} and ${bounds.max}`;
  return z.union([
    z.number().refine(inRange, `an integer ${range}`),
    z.string().regex(/^\d+$/, 'digits only').refine((text) => inRange(Number(text)), `an integer ${range}`),
  ]);
}

/** Audio is always played from an S3 bucket of the SIP media application's account. */
export const s3AudioSourceSchema = z.strictObject({
  Type: z.literal('S3'),
  BucketName: z.string().min(1),
  Key: z.string().min(1),
});
export type S3AudioSource = z.infer<typeof s3AudioSourceSchema>;

/** Digit patterns are regular expressions; one that does not compile fails the action mid-call. */
const digitsRegex = z.string().min(1).refine((pattern) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

const speechFields = {
  Text: z.string().min(1),
  Engine: z.enum(['standard', 'neural']).optional(),
  LanguageCode: z.string().optional(),
  TextType: z.enum(['text', 'ssml']).optional(),
  VoiceId: z.string().optional(),
};

/** Amazon Polly rejects SSML that is not one `<speak>` document, and the caller hears nothing. */
function ssmlIsWrapped(speech: { Text: string; TextType?: 'text' | 'ssml' | undefined }, context: z.RefinementCtx): void {
  if (speech.TextType === 'ssml' && !/^\s*<speak[\s>][\s\S]*<\/speak>\s*$/.test(speech.Text)) {
    context.addIssue({ code: 'custom', path: ['Text'], message: 'SSML text must be wrapped in <speak>…</speak>' });
  }
}

/** Amazon Polly speech settings shared by Speak and SpeakAndGetDigits. */
export const speechParametersSchema = z.strictObject(speechFields).superRefine(ssmlIsWrapped);
export type SpeechParameters = z.infer<typeof speechParametersSchema>;

const action = <T extends string, P extends z.ZodType>(type: T, parameters: P) =>
  z.strictObject({ Type: z.literal(type), Parameters: parameters });

export const speakActionSchema = action(
  'Speak',
  z.strictObject({ ...legTarget, ...speechFields }).superRefine(ssmlIsWrapped),
);

const digitCollection = {
  InputDigitsRegex: digitsRegex.optional(),
  MinNumberOfDigits: integerParameter({ min: 0 }).optional(),
  MaxNumberOfDigits: integerParameter({ min: 1 }).optional(),
  TerminatorDigits: z.array(dtmfDigit).optional(),
  InBetweenDigitsDurationInMilliseconds: integerParameter({ min: 1 }).optional(),
  Repeat: integerParameter({ min: 1 }).optional(),
  RepeatDurationInMilliseconds: integerParameter({ min: 1 }).optional(),
};

export const speakAndGetDigitsActionSchema = action(
  'SpeakAndGetDigits',
  z.strictObject({
    ...legTarget,
    ...digitCollection,
    SpeechParameters: speechParametersSchema,
    FailureSpeechParameters: speechParametersSchema,
  }),
);

export const playAudioActionSchema = action(
  'PlayAudio',
  z.strictObject({
    ...legTarget,
    PlaybackTerminators: z.array(dtmfDigit).optional(),
    Repeat: integerParameter({ min: 1 }).optional(),
    AudioSource: s3AudioSourceSchema,
  }),
);

export const playAudioAndGetDigitsActionSchema = action(
  'PlayAudioAndGetDigits',
  z.strictObject({
    ...legTarget,
    ...digitCollection,
    AudioSource: s3AudioSourceSchema,
    FailureAudioSource: s3AudioSourceSchema,
  }),
);

export const bridgeEndpointSchema = z
  .strictObject({
    BridgeEndpointType: z.enum(['AWS', 'PSTN']),
    /** Voice Connector or Voice Connector group ARN; required for AWS endpoints. */
    Arn: z.string().min(1).optional(),
    /** E.164 number for PSTN; any valid SIP user part (e.g. an extension) for AWS. */
    Uri: z.string().min(1),
  })
  .refine((endpoint) => endpoint.BridgeEndpointType !== 'AWS' || endpoint.Arn !== undefined, {
    message: 'an AWS bridge endpoint needs the Voice Connector (group) Arn',
    path: ['Arn'],
  });
export type BridgeEndpoint = z.infer<typeof bridgeEndpointSchema>;

/** Custom SIP headers must be `X-` headers (plus the documented User-to-User and Diversion). */
const customSipHeaderName = /^(X-[A-Za-z0-9-]+|User-to-User|Diversion)$/;
export const sipHeadersSchema = z.record(z.string(), z.string()).superRefine((headers, context) => {
  for (const name of Object.keys(headers)) {
    if (!customSipHeaderName.test(name)) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `"${name}" is not a custom SIP header: custom headers start with "X-" (or are User-to-User / Diversion)`,
      });
    }
  }
});

export const callAndBridgeActionSchema = action(
  'CallAndBridge',
  z.strictObject({
    CallTimeoutSeconds: integerParameter({ min: 1, max: 120 }).optional(),
    CallerIdNumber: z.string().min(1),
    RingbackTone: s3AudioSourceSchema.optional(),
    Endpoints: z.array(bridgeEndpointSchema).length(1, 'CallAndBridge takes exactly one endpoint'),
    SipHeaders: sipHeadersSchema.optional(),
  }),
);

export const hangupActionSchema = action(
  'Hangup',
  z.strictObject({
    ...legTarget,
    /** "0" (normal clearing), "480" (unavailable), "486" (busy), "603" (decline)… */
    SipResponseCode: z.string().regex(/^(0|[3-6]\d\d)$/, 'a SIP response code such as "0", "480" or "486"').optional(),
  }),
);

export const pauseActionSchema = action(
  'Pause',
  z.strictObject({ ...legTarget, DurationInMilliseconds: integerParameter({ min: 1 }) }),
);

export const receiveDigitsActionSchema = action(
  'ReceiveDigits',
  z.strictObject({
    ...legTarget,
    InputDigitsRegex: digitsRegex,
    InBetweenDigitsDurationInMilliseconds: integerParameter({ min: 1 }),
    FlushDigitsDurationInMilliseconds: integerParameter({ min: 1 }),
  }),
);

export const sendDigitsActionSchema = action(
  'SendDigits',
  z.strictObject({
    CallId: z.string().min(1),
    Digits: z.string().regex(/^[0-9*#,A-Da-d]{1,50}$/, 'digits are 0-9, *, #, A-D, and "," for a 500 ms pause (max 50)'),
    ToneDurationInMilliseconds: integerParameter({ min: 50, max: 24000 }).optional(),
  }),
);

export const recordAudioActionSchema = action(
  'RecordAudio',
  z.strictObject({
    CallId: z.string().min(1).optional(),
    ParticipantTag: participantTagSchema.optional(),
    DurationInSeconds: integerParameter({ min: 1 }).optional(),
    SilenceDurationInSeconds: integerParameter({ min: 0 }).optional(),
    SilenceThreshold: integerParameter({ min: 0 }).optional(),
    RecordingTerminators: z.array(dtmfDigit).optional(),
    RecordingDestination: z.strictObject({
      Type: z.literal('S3'),
      BucketName: z.string().min(1),
      Prefix: z.string().optional(),
    }),
  }),
);

export const startCallRecordingActionSchema = action(
  'StartCallRecording',
  z.strictObject({
    CallId: z.string().min(1),
    Track: z.enum(['BOTH', 'INCOMING', 'OUTGOING']),
    Destination: z.strictObject({
      Type: z.literal('S3'),
      /** "bucket" or "bucket/prefix". */
      Location: z.string().min(1),
    }),
  }),
);

const callIdOnly = z.strictObject({ CallId: z.string().min(1) });
export const stopCallRecordingActionSchema = action('StopCallRecording', callIdOnly);
export const pauseCallRecordingActionSchema = action('PauseCallRecording', callIdOnly);
export const resumeCallRecordingActionSchema = action('ResumeCallRecording', callIdOnly);

export const voiceFocusActionSchema = action(
  'VoiceFocus',
  z.strictObject({ ...legTarget, Enable: z.boolean() }),
);

export const joinChimeMeetingActionSchema = action(
  'JoinChimeMeeting',
  z.strictObject({
    ...legTarget,
    JoinToken: z.string().min(1),
    MeetingId: z.string().min(1).optional(),
  }),
);

export const modifyChimeMeetingAttendeesActionSchema = action(
  'ModifyChimeMeetingAttendees',
  z.strictObject({
    ...legTarget,
    Operation: z.enum(['Mute', 'Unmute']),
    MeetingId: z.string().min(1),
    AttendeeList: z.array(z.string().min(1)).min(1),
  }),
);

export const botWelcomeMessageSchema = z.strictObject({
  Content: z.string().min(1),
  ContentType: z.enum(['PlainText', 'SSML']),
});

export const startBotConversationActionSchema = action(
  'StartBotConversation',
  z.strictObject({
    ...legTarget,
    BotAliasArn: z.string().regex(/^arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias\/[^/]+\/[^/]+$/, 'a Lex V2 bot alias ARN'),
    LocaleId: z.string().min(2),
    Configuration: z
      .strictObject({
        SessionState: z
          .strictObject({
            SessionAttributes: z.record(z.string(), z.string()).optional(),
            DialogAction: z.strictObject({ Type: z.enum(['Delegate', 'ElicitIntent']) }).optional(),
            Intent: z
              .looseObject({
                Name: z.string().min(1),
                Slots: z.record(z.string(), z.unknown()).optional(),
                State: z.string().optional(),
                ConfirmationState: z.string().optional(),
              })
              .optional(),
          })
          .optional(),
        /** Spoken before the bot listens; the documented name is WelcomeMessages. */
        WelcomeMessages: z.array(botWelcomeMessageSchema).optional(),
      })
      .optional(),
  }),
);

/** Every documented action, discriminated by `Type`. */
export const smaActionSchema = z.discriminatedUnion('Type', [
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
]);

export type SmaAction = z.infer<typeof smaActionSchema>;
export type SmaActionType = SmaAction['Type'];
/** The Parameters of one action type, e.g. `SmaActionParameters<'CallAndBridge'>`. */
export type SmaActionParameters<T extends SmaActionType> = Extract<SmaAction, { Type: T }>['Parameters'];
