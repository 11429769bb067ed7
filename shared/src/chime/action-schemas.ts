import * as z from '../zod-mini/index.ts';
import { nonEmpty, participantTagSchema } from './event-schema';
import { e164Pattern } from '../phone/e164.ts';

/**
 * Zod schemas of every action a SIP media application Lambda may return, one per documented action of
 * "Supported actions for the Amazon Chime SDK PSTN audio service" (parameter names verbatim).
 *
 * Parameters are strict objects: a misspelt parameter ("CallTimeOutSeconds") is silently ignored or
 * rejected by the service with INVALID_LAMBDA_RESPONSE in the middle of a call, so the response
 * validator catches it here instead.
 *
 * zod/mini for the reason given in event-schema.ts: these are built and run on a cold start.
 */

/** Either CallId or ParticipantTag picks the leg; docs: CallId is not required when ParticipantTag is. */
const legTarget = () => ({
  CallId: z.optional(nonEmpty()),
  ParticipantTag: z.optional(participantTagSchema),
});

/** DTMF digit as accepted by the service: 0-9, *, #. */
const dtmfDigit = () => z.string().check(z.regex(/^[0-9*#]$/, 'a DTMF digit is one of 0-9, * or #'));

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
    z.number().check(z.refine(inRange, `an integer ${range}`)),
    z.string().check(
      z.regex(/^\d+$/, 'digits only'),
      z.refine((text) => inRange(Number(text)), `an integer ${range}`),
    ),
  ]);
}

/** Audio is always played from an S3 bucket of the SIP media application's account. */
export const s3AudioSourceSchema = z.lazy(() =>
  z.strictObject({
    Type: z.literal('S3'),
    BucketName: nonEmpty(),
    Key: nonEmpty(),
  }),
);
export type S3AudioSource = z.infer<typeof s3AudioSourceSchema>;

/** Digit patterns are regular expressions; one that does not compile fails the action mid-call. */
const digitsRegex = () =>
  z.string().check(
    z.minLength(1),
    z.refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'a valid regular expression'),
  );

/** "`Text` is limited to 1,000 characters" (Speak / SpeakAndGetDigits error table). */
export const MAX_SPEECH_TEXT_LENGTH = 1000;

const speechFields = () => ({
  Text: z.string().check(z.minLength(1), z.maxLength(MAX_SPEECH_TEXT_LENGTH, `the service speaks at most ${MAX_SPEECH_TEXT_LENGTH} characters`)),
  Engine: z.optional(z.enum(['standard', 'neural'])),
  LanguageCode: z.optional(z.string()),
  TextType: z.optional(z.enum(['text', 'ssml'])),
  VoiceId: z.optional(z.string()),
});

/** Amazon Polly rejects SSML that is not one `<speak>` document, and the caller hears nothing. */
type RefinementContext = z.core.$RefinementCtx<unknown>;

function ssmlIsWrapped(speech: { Text: string; TextType?: 'text' | 'ssml' | undefined }, context: RefinementContext): void {
  if (speech.TextType === 'ssml' && !/^\s*<speak[\s>][\s\S]*<\/speak>\s*$/.test(speech.Text)) {
    context.addIssue({ code: 'custom', path: ['Text'], message: 'SSML text must be wrapped in <speak>…</speak>' });
  }
}

/** Amazon Polly speech settings shared by Speak and SpeakAndGetDigits. */
export const speechParametersSchema = z.lazy(() => z.strictObject(speechFields()).check(z.superRefine(ssmlIsWrapped)));
export type SpeechParameters = z.infer<typeof speechParametersSchema>;

/**
 * One action's schema, built on first use (`z.lazy`): a Lambda that only ever returns four action types
 * should not build the other fourteen while a caller waits for its cold start. `smaResponse` validates
 * each action with its own type's schema, so the union below never forces them all.
 */
const action = <T extends string, P extends z.core.$ZodType>(type: T, parameters: () => P) =>
  z.lazy(() => z.strictObject({ Type: z.literal(type), Parameters: parameters() }));

/** Speak and SpeakAndGetDigits name the leg by CallId only ("Required – Yes"). */
const requiredCallId = nonEmpty;

export const speakActionSchema = action('Speak', () =>
  z.strictObject({ CallId: requiredCallId(), ...speechFields() }).check(z.superRefine(ssmlIsWrapped)),
);

const digitCollection = () => ({
  InputDigitsRegex: z.optional(digitsRegex()),
  MinNumberOfDigits: z.optional(integerParameter({ min: 0 })),
  MaxNumberOfDigits: z.optional(integerParameter({ min: 1 })),
  TerminatorDigits: z.optional(z.array(dtmfDigit())),
  InBetweenDigitsDurationInMilliseconds: z.optional(integerParameter({ min: 1 })),
  Repeat: z.optional(integerParameter({ min: 1 })),
  /** The timeout of each attempt; the one timing the service cannot default ("Required – Yes"). */
  RepeatDurationInMilliseconds: integerParameter({ min: 1 }),
});

/**
 * The docs say MaxNumberOfDigits must be greater than MinNumberOfDigits; equal (a one-key menu, a
 * fixed-length PIN) is what the AWS samples send, so only a maximum below the minimum is refused.
 */
function digitBoundsOrdered(
  parameters: { MinNumberOfDigits?: number | string | undefined; MaxNumberOfDigits?: number | string | undefined },
  context: RefinementContext,
): void {
  if (parameters.MinNumberOfDigits === undefined || parameters.MaxNumberOfDigits === undefined) return;
  if (Number(parameters.MaxNumberOfDigits) < Number(parameters.MinNumberOfDigits)) {
    context.addIssue({ code: 'custom', path: ['MaxNumberOfDigits'], message: 'MaxNumberOfDigits is below MinNumberOfDigits' });
  }
}

export const speakAndGetDigitsActionSchema = action('SpeakAndGetDigits', () =>
  z
    .strictObject({
      CallId: requiredCallId(),
      ...digitCollection(),
      SpeechParameters: speechParametersSchema,
      FailureSpeechParameters: speechParametersSchema,
    })
    .check(z.superRefine(digitBoundsOrdered)),
);

export const playAudioActionSchema = action('PlayAudio', () =>
  z.strictObject({
    ...legTarget(),
    PlaybackTerminators: z.optional(z.array(dtmfDigit())),
    Repeat: z.optional(integerParameter({ min: 1 })),
    AudioSource: s3AudioSourceSchema,
  }),
);

export const playAudioAndGetDigitsActionSchema = action('PlayAudioAndGetDigits', () =>
  z
    .strictObject({
      ...legTarget(),
      ...digitCollection(),
      AudioSource: s3AudioSourceSchema,
      FailureAudioSource: s3AudioSourceSchema,
    })
    .check(z.superRefine(digitBoundsOrdered)),
);

/** "For AWS endpoints, the URI value sets the user part of the Request-URI": 1–36 of these characters. */
const sipUserPart = /^[a-zA-Z0-9&=+$/%\-_!~*().]{1,36}$/;

function bridgeEndpointIsDialable(
  endpoint: { BridgeEndpointType: 'AWS' | 'PSTN'; Arn?: string | undefined; Uri: string },
  context: RefinementContext,
): void {
  if (endpoint.BridgeEndpointType === 'AWS') {
    if (endpoint.Arn === undefined) {
      context.addIssue({ code: 'custom', path: ['Arn'], message: 'an AWS bridge endpoint needs the Voice Connector (group) Arn' });
    }
    if (!sipUserPart.test(endpoint.Uri)) {
      context.addIssue({
        code: 'custom',
        path: ['Uri'],
        message: 'an AWS endpoint Uri is a SIP user part: 1–36 of a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .',
      });
    }
  } else if (!e164Pattern.test(endpoint.Uri)) {
    context.addIssue({ code: 'custom', path: ['Uri'], message: 'a PSTN endpoint Uri is an E.164 number (+ and up to 15 digits)' });
  }
}

export const bridgeEndpointSchema = z.lazy(() =>
  z
    .strictObject({
      BridgeEndpointType: z.enum(['AWS', 'PSTN']),
      /** Voice Connector or Voice Connector group ARN; required for AWS endpoints. */
      Arn: z.optional(nonEmpty()),
      /** E.164 number for PSTN; the SIP user part (e.g. an extension) for AWS. */
      Uri: nonEmpty(),
    })
    .check(z.superRefine(bridgeEndpointIsDialable)),
);
export type BridgeEndpoint = z.infer<typeof bridgeEndpointSchema>;

/**
 * "Using SIP headers": keys carry the `x-` prefix or are User-to-User / Diversion; `X-AMZN` is reserved
 * (the service fails the action with "Invalid SIP header(s) provided: X-AMZN"); values are at most 2048
 * characters.
 */
const customSipHeaderName = /^(x-[a-z0-9-]+|user-to-user|diversion)$/i;
export const MAX_SIP_HEADER_LENGTH = 2048;
/**
 * A header value travels inside the SIP INVITE: CR or LF would end the header (and could inject another),
 * and other control characters are not allowed in a header value (RFC 3261 §25.1, TEXT-UTF8 has none).
 */
const sipHeaderValueForbidden = /[\u0000-\u0008\u000a-\u001f\u007f]/;
function sipHeadersAreCustom(headers: Record<string, string>, context: RefinementContext): void {
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
    if (sipHeaderValueForbidden.test(value)) {
      context.addIssue({ code: 'custom', path: [name], message: 'a SIP header value cannot hold CR, LF or other control characters' });
    }
  }
}
export const sipHeadersSchema = z.lazy(() => z.record(z.string(), z.string()).check(z.superRefine(sipHeadersAreCustom)));

export const callAndBridgeActionSchema = action('CallAndBridge', () =>
  z.strictObject({
    CallTimeoutSeconds: z.optional(integerParameter({ min: 1, max: 120 })),
    /**
     * "CallerIdNumber – A number that belongs to the customer, or the From number of the A leg"; the
     * reference's examples write it `e164PhoneNumber`. A withheld caller ("anonymous") or a SIP URI is
     * refused by the service, so only E.164 passes here.
     */
    CallerIdNumber: z.string().check(z.regex(e164Pattern, 'the caller id is an E.164 number (+ and up to 15 digits)')),
    RingbackTone: z.optional(s3AudioSourceSchema),
    Endpoints: z.array(bridgeEndpointSchema).check(z.length(1, 'CallAndBridge takes exactly one endpoint')),
    SipHeaders: z.optional(sipHeadersSchema),
  }),
);

export const hangupActionSchema = action('Hangup', () =>
  z.strictObject({
    ...legTarget(),
    /** The documented values: "0" normal termination, "480" unavailable, "486" busy. */
    SipResponseCode: z.optional(z.enum(['0', '480', '486'])),
  }),
);

/**
 * Pause's duration is spelt `DurationInMilliSeconds` on the guide's Pause page and
 * `DurationInMilliseconds` in AWS's own samples (amazon-chime-sma-update-call); both reach the service
 * in working code, so either is accepted — exactly one of them.
 */
export const pauseActionSchema = action('Pause', () =>
  z
    .strictObject({
      ...legTarget(),
      DurationInMilliseconds: z.optional(integerParameter({ min: 1 })),
      DurationInMilliSeconds: z.optional(integerParameter({ min: 1 })),
    })
    .check(
      z.superRefine((parameters, context) => {
        const given = [parameters.DurationInMilliseconds, parameters.DurationInMilliSeconds].filter((value) => value !== undefined);
        if (given.length !== 1) {
          context.addIssue({
            code: 'custom',
            path: ['DurationInMilliseconds'],
            message: 'Pause needs its duration once: DurationInMilliseconds (or the guide spelling DurationInMilliSeconds)',
          });
        }
      }),
    ),
);

export const receiveDigitsActionSchema = action('ReceiveDigits', () =>
  z.strictObject({
    ...legTarget(),
    InputDigitsRegex: digitsRegex(),
    InBetweenDigitsDurationInMilliseconds: integerParameter({ min: 1 }),
    FlushDigitsDurationInMilliseconds: integerParameter({ min: 1 }),
  }),
);

export const sendDigitsActionSchema = action('SendDigits', () =>
  z.strictObject({
    CallId: nonEmpty(),
    Digits: z.string().check(z.regex(/^[0-9*#,A-D]{1,50}$/, 'digits are 0-9, *, #, A-D, and "," for a 500 ms pause (max 50)')),
    ToneDurationInMilliseconds: z.optional(integerParameter({ min: 50, max: 24000 })),
  }),
);

export const recordAudioActionSchema = action('RecordAudio', () =>
  z.strictObject({
    ...legTarget(),
    DurationInSeconds: integerParameter({ min: 1 }),
    SilenceDurationInSeconds: z.optional(integerParameter({ min: 0 })),
    SilenceThreshold: z.optional(integerParameter({ min: 0 })),
    RecordingTerminators: z.array(dtmfDigit()).check(z.minLength(1)),
    RecordingDestination: z.strictObject({
      Type: z.literal('S3'),
      BucketName: nonEmpty(),
      Prefix: z.optional(z.string()),
    }),
  }),
);

export const startCallRecordingActionSchema = action('StartCallRecording', () =>
  z.strictObject({
    CallId: nonEmpty(),
    Track: z.enum(['BOTH', 'INCOMING', 'OUTGOING']),
    Destination: z.strictObject({
      Type: z.literal('S3'),
      /** "bucket" or "bucket/prefix". */
      Location: nonEmpty(),
    }),
  }),
);

const callIdOnly = () => z.strictObject({ CallId: nonEmpty() });
export const stopCallRecordingActionSchema = action('StopCallRecording', callIdOnly);
export const pauseCallRecordingActionSchema = action('PauseCallRecording', callIdOnly);
export const resumeCallRecordingActionSchema = action('ResumeCallRecording', callIdOnly);

/** VoiceFocus names its leg by CallId only ("Required – Yes"). */
export const voiceFocusActionSchema = action('VoiceFocus', () => z.strictObject({ CallId: nonEmpty(), Enable: z.boolean() }));

export const joinChimeMeetingActionSchema = action('JoinChimeMeeting', () =>
  z.strictObject({
    ...legTarget(),
    JoinToken: nonEmpty(),
    MeetingId: z.optional(nonEmpty()),
  }),
);

export const modifyChimeMeetingAttendeesActionSchema = action('ModifyChimeMeetingAttendees', () =>
  z.strictObject({
    ...legTarget(),
    Operation: z.enum(['Mute', 'Unmute']),
    MeetingId: nonEmpty(),
    AttendeeList: z.array(nonEmpty()).check(z.minLength(1)),
  }),
);

export const botWelcomeMessageSchema = z.lazy(() =>
  z.strictObject({
    Content: z.optional(nonEmpty()),
    ContentType: z.enum(['PlainText', 'SSML']),
  }),
);

/** "The total size of the JSON string representation of the Configuration object is limited to 10 KB." */
export const MAX_BOT_CONFIGURATION_BYTES = 10 * 1024;

/** The bot conversation's opening state: Lex session attributes, the dialog action, and what it says first. */
const botConfigurationSchema = () =>
  z
    .strictObject({
      SessionState: z.optional(
        z.strictObject({
          SessionAttributes: z.optional(z.record(z.string(), z.string())),
          DialogAction: z.optional(z.strictObject({ Type: z.enum(['Delegate', 'ElicitIntent']) })),
          Intent: z.optional(
            z.looseObject({
              Name: nonEmpty(),
              Slots: z.optional(z.record(z.string(), z.unknown())),
              State: z.optional(z.string()),
              ConfirmationState: z.optional(z.string()),
            }),
          ),
        }),
      ),
      /** Spoken before the bot listens; the documented name is WelcomeMessages. */
      WelcomeMessages: z.optional(z.array(botWelcomeMessageSchema)),
    })
    .check(
      z.superRefine((configuration, context) => {
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
      }),
    );

export const startBotConversationActionSchema = action('StartBotConversation', () =>
  z.strictObject({
    CallId: z.optional(nonEmpty()),
    /** Bots talk to the caller's leg only ("Allowed values – LEG-A"). */
    ParticipantTag: z.optional(z.literal('LEG-A')),
    BotAliasArn: z.string().check(z.regex(/^arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias\/[^/]+\/[^/]+$/, 'a Lex V2 bot alias ARN')),
    /** @default "en_US" */
    LocaleId: z.optional(z.string().check(z.minLength(2))),
    Configuration: z.optional(botConfigurationSchema()),
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
export const smaActionSchema = z.discriminatedUnion('Type', Object.values(smaActionSchemasByType) as [AnyActionSchema, ...AnyActionSchema[]]);

export type SmaAction = z.infer<typeof smaActionSchema>;
export type SmaActionType = SmaAction['Type'];
/** The Parameters of one action type, e.g. `SmaActionParameters<'CallAndBridge'>`. */
export type SmaActionParameters<T extends SmaActionType> = Extract<SmaAction, { Type: T }>['Parameters'];
