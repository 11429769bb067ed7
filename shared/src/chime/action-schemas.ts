import * as z from 'zod';
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
const legTarget = () => ({
  CallId: z.string().min(1).optional(),
  ParticipantTag: participantTagSchema.optional(),
});

/** DTMF digit as accepted by the service: 0-9, *, #. */
const dtmfDigit = () => z.string().regex(/^[0-9*#]$/, 'a DTMF digit is one of 0-9, * or #');

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
export const s3AudioSourceSchema = z.lazy(() =>
  z.strictObject({
    Type: z.literal('S3'),
    BucketName: z.string().min(1),
    Key: z.string().min(1),
  }),
);
export type S3AudioSource = z.infer<typeof s3AudioSourceSchema>;

/** Digit patterns are regular expressions; one that does not compile fails the action mid-call. */
const digitsRegex = () => z.string().min(1).refine((pattern) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

/** "`Text` is limited to 1,000 characters" (Speak / SpeakAndGetDigits error table). */
export const MAX_SPEECH_TEXT_LENGTH = 1000;

const speechFields = () => ({
  Text: z.string().min(1).max(MAX_SPEECH_TEXT_LENGTH, `the service speaks at most ${MAX_SPEECH_TEXT_LENGTH} characters`),
  Engine: z.enum(['standard', 'neural']).optional(),
  LanguageCode: z.string().optional(),
  TextType: z.enum(['text', 'ssml']).optional(),
  VoiceId: z.string().optional(),
});

/** Amazon Polly rejects SSML that is not one `<speak>` document, and the caller hears nothing. */
function ssmlIsWrapped(speech: { Text: string; TextType?: 'text' | 'ssml' | undefined }, context: z.RefinementCtx): void {
  if (speech.TextType === 'ssml' && !/^\s*<speak[\s>][\s\S]*<\/speak>\s*$/.test(speech.Text)) {
    context.addIssue({ code: 'custom', path: ['Text'], message: 'SSML text must be wrapped in <speak>…</speak>' });
  }
}

/** Amazon Polly speech settings shared by Speak and SpeakAndGetDigits. */
export const speechParametersSchema = z.lazy(() => z.strictObject(speechFields()).superRefine(ssmlIsWrapped));
export type SpeechParameters = z.infer<typeof speechParametersSchema>;

/**
 * One action's schema, built on first use (`z.lazy`): a Lambda that only ever returns four action types
 * should not build the other fourteen while a caller waits for its cold start. `smaResponse` validates
 * each action with its own type's schema, so the union below never forces them all.
 */
const action = <T extends string, P extends z.ZodType>(type: T, parameters: () => P) =>
  z.lazy(() => z.strictObject({ Type: z.literal(type), Parameters: parameters() }));

/** Speak and SpeakAndGetDigits name the leg by CallId only ("Required – Yes"). */
const requiredCallId = () => z.string().min(1);

export const speakActionSchema = action(
  'Speak',
  () =>
    z.strictObject({ CallId: requiredCallId(), ...speechFields() }).superRefine(ssmlIsWrapped),
);

const digitCollection = () => ({
  InputDigitsRegex: digitsRegex().optional(),
  MinNumberOfDigits: integerParameter({ min: 0 }).optional(),
  MaxNumberOfDigits: integerParameter({ min: 1 }).optional(),
  TerminatorDigits: z.array(dtmfDigit()).optional(),
  InBetweenDigitsDurationInMilliseconds: integerParameter({ min: 1 }).optional(),
  Repeat: integerParameter({ min: 1 }).optional(),
  /** The timeout of each attempt; the one timing the service cannot default ("Required – Yes"). */
  RepeatDurationInMilliseconds: integerParameter({ min: 1 }),
});

/**
 * The docs say MaxNumberOfDigits must be greater than MinNumberOfDigits; equal (a one-key menu, a
 * fixed-length PIN) is what the AWS samples send, so only a maximum below the minimum is refused.
 */
function digitBoundsOrdered(
  parameters: { MinNumberOfDigits?: number | string | undefined; MaxNumberOfDigits?: number | string | undefined },
  context: z.RefinementCtx,
): void {
  if (parameters.MinNumberOfDigits === undefined || parameters.MaxNumberOfDigits === undefined) return;
  if (Number(parameters.MaxNumberOfDigits) < Number(parameters.MinNumberOfDigits)) {
    context.addIssue({ code: 'custom', path: ['MaxNumberOfDigits'], message: 'MaxNumberOfDigits is below MinNumberOfDigits' });
  }
}

export const speakAndGetDigitsActionSchema = action(
  'SpeakAndGetDigits',
  () =>
    z
      .strictObject({
        CallId: requiredCallId(),
        ...digitCollection(),
        SpeechParameters: speechParametersSchema,
        FailureSpeechParameters: speechParametersSchema,
      })
      .superRefine(digitBoundsOrdered),
);

export const playAudioActionSchema = action(
  'PlayAudio',
  () =>
    z.strictObject({
      ...legTarget(),
      PlaybackTerminators: z.array(dtmfDigit()).optional(),
      Repeat: integerParameter({ min: 1 }).optional(),
      AudioSource: s3AudioSourceSchema,
    }),
);

export const playAudioAndGetDigitsActionSchema = action(
  'PlayAudioAndGetDigits',
  () =>
    z
      .strictObject({
        ...legTarget(),
        ...digitCollection(),
        AudioSource: s3AudioSourceSchema,
        FailureAudioSource: s3AudioSourceSchema,
      })
      .superRefine(digitBoundsOrdered),
);

/** "For AWS endpoints, the URI value sets the user part of the Request-URI": 1–36 of these characters. */
const sipUserPart = /^[a-zA-Z0-9&=+$/%\-_!~*().]{1,36}$/;
const e164 = /^\+[1-9]\d{1,14}$/;

function bridgeEndpointIsDialable(endpoint: { BridgeEndpointType: 'AWS' | 'PSTN'; Arn?: string | undefined; Uri: string }, context: z.RefinementCtx): void {
  if (endpoint.BridgeEndpointType === 'AWS') {
    if (endpoint.Arn === undefined) {
      context.addIssue({ code: 'custom', path: ['Arn'], message: 'an AWS bridge endpoint needs the Voice Connector (group) Arn' });
    }
    if (!sipUserPart.test(endpoint.Uri)) {
      context.addIssue({ code: 'custom', path: ['Uri'], message: 'an AWS endpoint Uri is a SIP user part: 1–36 of a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .' });
    }
  } else if (!e164.test(endpoint.Uri)) {
    context.addIssue({ code: 'custom', path: ['Uri'], message: 'a PSTN endpoint Uri is an E.164 number (+ and up to 15 digits)' });
  }
}

export const bridgeEndpointSchema = z.lazy(() =>
  z
    .strictObject({
      BridgeEndpointType: z.enum(['AWS', 'PSTN']),
      /** Voice Connector or Voice Connector group ARN; required for AWS endpoints. */
      Arn: z.string().min(1).optional(),
      /** E.164 number for PSTN; the SIP user part (e.g. an extension) for AWS. */
      Uri: z.string().min(1),
    })
    .superRefine(bridgeEndpointIsDialable),
);
export type BridgeEndpoint = z.infer<typeof bridgeEndpointSchema>;

/**
 * "Using SIP headers": keys carry the `x-` prefix or are User-to-User / Diversion; `X-AMZN` is reserved
 * (the service fails the action with "Invalid SIP header(s) provided: X-AMZN"); values are at most 2048
 * characters.
 */
const customSipHeaderName = /^(x-[a-z0-9-]+|user-to-user|diversion)$/i;
export const MAX_SIP_HEADER_LENGTH = 2048;
function sipHeadersAreCustom(headers: Record<string, string>, context: z.RefinementCtx): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!customSipHeaderName.test(name)) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `"${name}" is not a custom SIP header: custom headers start with "x-" (or are User-to-User / Diversion)`,
      });
    } else if (/^x-amzn(-|$)/i.test(name)) {
      context.addIssue({ code: 'custom', path: [name], message: `"${name}" is reserved by AWS (X-AMZN)` });
    }
    if (value.length > MAX_SIP_HEADER_LENGTH) {
      context.addIssue({ code: 'custom', path: [name], message: `SIP header values are at most ${MAX_SIP_HEADER_LENGTH} characters` });
    }
  }
}
export const sipHeadersSchema = z.lazy(() => z.record(z.string(), z.string()).superRefine(sipHeadersAreCustom));

export const callAndBridgeActionSchema = action(
  'CallAndBridge',
  () =>
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
  () =>
    z.strictObject({
      ...legTarget(),
      /** The documented values: "0" normal termination, "480" unavailable, "486" busy. */
      SipResponseCode: z.enum(['0', '480', '486']).optional(),
    }),
);

/**
 * Pause's duration is spelt `DurationInMilliSeconds` on the guide's Pause page and
 * `DurationInMilliseconds` in AWS's own samples (amazon-chime-sma-update-call); both reach the service
 * in working code, so either is accepted — exactly one of them.
 */
export const pauseActionSchema = action(
  'Pause',
  () =>
    z
      .strictObject({
        ...legTarget(),
        DurationInMilliseconds: integerParameter({ min: 1 }).optional(),
        DurationInMilliSeconds: integerParameter({ min: 1 }).optional(),
      })
      .superRefine((parameters, context) => {
        const given = [parameters.DurationInMilliseconds, parameters.DurationInMilliSeconds].filter((value) => value !== undefined);
        if (given.length !== 1) {
          context.addIssue({
            code: 'custom',
            path: ['DurationInMilliseconds'],
            message: 'Pause needs its duration once: DurationInMilliseconds (or the guide spelling DurationInMilliSeconds)',
          });
        }
      }),
);

export const receiveDigitsActionSchema = action(
  'ReceiveDigits',
  () =>
    z.strictObject({
      ...legTarget(),
      InputDigitsRegex: digitsRegex(),
      InBetweenDigitsDurationInMilliseconds: integerParameter({ min: 1 }),
      FlushDigitsDurationInMilliseconds: integerParameter({ min: 1 }),
    }),
);

export const sendDigitsActionSchema = action(
  'SendDigits',
  () =>
    z.strictObject({
      CallId: z.string().min(1),
      Digits: z.string().regex(/^[0-9*#,A-D]{1,50}$/, 'digits are 0-9, *, #, A-D, and "," for a 500 ms pause (max 50)'),
      ToneDurationInMilliseconds: integerParameter({ min: 50, max: 24000 }).optional(),
    }),
);

export const recordAudioActionSchema = action(
  'RecordAudio',
  () =>
    z.strictObject({
      ...legTarget(),
      DurationInSeconds: integerParameter({ min: 1 }),
      SilenceDurationInSeconds: integerParameter({ min: 0 }).optional(),
      SilenceThreshold: integerParameter({ min: 0 }).optional(),
      RecordingTerminators: z.array(dtmfDigit()).min(1),
      RecordingDestination: z.strictObject({
        Type: z.literal('S3'),
        BucketName: z.string().min(1),
        Prefix: z.string().optional(),
      }),
    }),
);

export const startCallRecordingActionSchema = action(
  'StartCallRecording',
  () =>
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

const callIdOnly = () => z.strictObject({ CallId: z.string().min(1) });
export const stopCallRecordingActionSchema = action('StopCallRecording', callIdOnly);
export const pauseCallRecordingActionSchema = action('PauseCallRecording', callIdOnly);
export const resumeCallRecordingActionSchema = action('ResumeCallRecording', callIdOnly);

/** VoiceFocus names its leg by CallId only ("Required – Yes"). */
export const voiceFocusActionSchema = action('VoiceFocus', () => z.strictObject({ CallId: z.string().min(1), Enable: z.boolean() }));

export const joinChimeMeetingActionSchema = action(
  'JoinChimeMeeting',
  () =>
    z.strictObject({
      ...legTarget(),
      JoinToken: z.string().min(1),
      MeetingId: z.string().min(1).optional(),
    }),
);

export const modifyChimeMeetingAttendeesActionSchema = action(
  'ModifyChimeMeetingAttendees',
  () =>
    z.strictObject({
      ...legTarget(),
      Operation: z.enum(['Mute', 'Unmute']),
      MeetingId: z.string().min(1),
      AttendeeList: z.array(z.string().min(1)).min(1),
    }),
);

export const botWelcomeMessageSchema = z.lazy(() =>
  z.strictObject({
    Content: z.string().min(1).optional(),
    ContentType: z.enum(['PlainText', 'SSML']),
  }),
);

/** "The total size of the JSON string representation of the Configuration object is limited to 10 KB." */
export const MAX_BOT_CONFIGURATION_BYTES = 10 * 1024;

export const startBotConversationActionSchema = action(
  'StartBotConversation',
  () =>
    z
      .strictObject({
        CallId: z.string().min(1).optional(),
        /** Bots talk to the caller's leg only ("Allowed values – LEG-A"). */
        ParticipantTag: z.literal('LEG-A').optional(),
        BotAliasArn: z.string().regex(/^arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias\/[^/]+\/[^/]+$/, 'a Lex V2 bot alias ARN'),
        /** @default "en_US" */
        LocaleId: z.string().min(2).optional(),
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
          .superRefine((configuration, context) => {
            if (configuration.WelcomeMessages !== undefined && configuration.SessionState?.DialogAction?.Type !== 'ElicitIntent') {
              context.addIssue({
                code: 'custom',
                path: ['SessionState', 'DialogAction', 'Type'],
                message: 'WelcomeMessages require SessionState.DialogAction.Type "ElicitIntent"',
              });
            }
            const bytes = Buffer.byteLength(JSON.stringify(configuration), 'utf8');
            if (bytes > MAX_BOT_CONFIGURATION_BYTES) {
              context.addIssue({ code: 'custom', message: `Configuration is ${bytes} bytes of JSON; at most ${MAX_BOT_CONFIGURATION_BYTES}` });
            }
          })
          .optional(),
      }),
);

/** Every documented action's schema by its `Type`: validates one action without building the others. */
export const smaActionSchemasByType = {
  Speak: speakActionSchema,
  SpeakAndGetDigits: speakAndGetDigitsActionSchema,
  PlayAudio: playAudioActionSchema,
  PlayAudioAndGetDigits: playAudioAndGetDigitsActionSchema,
  CallAndBridge: callAndBridgeActionSchema,
  Hangup: hangupActionSchema,
  Pause: pauseActionSchema,
  ReceiveDigits: receiveDigitsActionSchema,
  SendDigits: sendDigitsActionSchema,
  RecordAudio: recordAudioActionSchema,
  StartCallRecording: startCallRecordingActionSchema,
  StopCallRecording: stopCallRecordingActionSchema,
  PauseCallRecording: pauseCallRecordingActionSchema,
  ResumeCallRecording: resumeCallRecordingActionSchema,
  VoiceFocus: voiceFocusActionSchema,
  JoinChimeMeeting: joinChimeMeetingActionSchema,
  ModifyChimeMeetingAttendees: modifyChimeMeetingAttendeesActionSchema,
  StartBotConversation: startBotConversationActionSchema,
} as const;

/**
 * Every documented action, discriminated by `Type`. Its first parse builds all eighteen schemas; on a
 * hot path validate with `smaActionSchemasByType[action.Type]` (as `smaResponse` does) instead.
 */
type AnyActionSchema = (typeof smaActionSchemasByType)[keyof typeof smaActionSchemasByType];
export const smaActionSchema = z.discriminatedUnion(
  'Type',
  Object.values(smaActionSchemasByType) as [AnyActionSchema, ...AnyActionSchema[]],
);

export type SmaAction = z.infer<typeof smaActionSchema>;
export type SmaActionType = SmaAction['Type'];
/** The Parameters of one action type, e.g. `SmaActionParameters<'CallAndBridge'>`. */
export type SmaActionParameters<T extends SmaActionType> = Extract<SmaAction, { Type: T }>['Parameters'];
