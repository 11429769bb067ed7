import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actions, smaActionSchema, smaResponse, SmaResponseError, type SmaAction } from '@switchboard/shared/chime';

const audio = { Type: 'S3', BucketName: 'bucket-name', Key: 'audio-file.wav' } as const;
const botAliasArn = 'arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID';

/** One built action per documented action type: each must satisfy the response schema. */
const everyAction: SmaAction[] = [
  actions.speak({ CallId: 'call-id-1', Text: 'Hello', Engine: 'neural', LanguageCode: 'en-US', TextType: 'text', VoiceId: 'Joanna' }),
  actions.speakAndGetDigits({
    CallId: 'call-id-1',
    InputDigitsRegex: '^\\d{2}#$',
    SpeechParameters: { Text: 'Enter your PIN', Engine: 'neural' },
    FailureSpeechParameters: { Text: 'Sorry, try again' },
    MinNumberOfDigits: 3,
    MaxNumberOfDigits: 5,
    TerminatorDigits: ['#'],
    InBetweenDigitsDurationInMilliseconds: 5000,
    Repeat: 3,
    RepeatDurationInMilliseconds: 10000,
  }),
  actions.playAudio({ ParticipantTag: 'LEG-A', PlaybackTerminators: ['1', '8', '#'], Repeat: '5', AudioSource: audio }),
  actions.playAudioAndGetDigits({
    CallId: 'call-id-1',
    AudioSource: audio,
    FailureAudioSource: audio,
    MaxNumberOfDigits: 1,
    RepeatDurationInMilliseconds: 5000,
  }),
  actions.callAndBridge({
    CallTimeoutSeconds: 30,
    CallerIdNumber: '+12065551212',
    RingbackTone: audio,
    Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }],
  }),
  actions.hangup(),
  actions.pause({ CallId: 'call-id-1', DurationInMilliseconds: 3000 }),
  actions.receiveDigits({
    CallId: 'call-id-1',
    InputDigitsRegex: '^\\d{2}#$',
    InBetweenDigitsDurationInMilliseconds: 1000,
    FlushDigitsDurationInMilliseconds: 10000,
  }),
  actions.sendDigits({ CallId: 'call-id-1', Digits: '1,2#*', ToneDurationInMilliseconds: 100 }),
  actions.recordAudio({
    CallId: 'call-id-1',
    DurationInSeconds: '10',
    SilenceDurationInSeconds: 3,
    SilenceThreshold: 100,
    RecordingTerminators: ['#'],
    RecordingDestination: { Type: 'S3', BucketName: 'valid-bucket-name', Prefix: 'valid-prefix-name' },
  }),
  actions.startCallRecording({ CallId: 'call-id-1', Track: 'BOTH', Destination: { Type: 'S3', Location: 'bucket/prefix' } }),
  actions.stopCallRecording({ CallId: 'call-id-1' }),
  actions.pauseCallRecording({ CallId: 'call-id-1' }),
  actions.resumeCallRecording({ CallId: 'call-id-1' }),
  actions.voiceFocus({ CallId: 'call-id-1', Enable: true }),
  actions.joinChimeMeeting({ CallId: 'call-id-1', JoinToken: 'join-token', MeetingId: 'meeting-id' }),
  actions.modifyChimeMeetingAttendees({ CallId: 'call-id-1', Operation: 'Mute', MeetingId: 'meeting-id', AttendeeList: ['attendee-1'] }),
  actions.startBotConversation({
    CallId: 'call-id-1',
    BotAliasArn: botAliasArn,
    LocaleId: 'en_US',
    Configuration: {
      SessionState: { SessionAttributes: { caller: 'known' }, DialogAction: { Type: 'ElicitIntent' } },
      WelcomeMessages: [{ ContentType: 'PlainText', Content: 'Which department?' }],
    },
  }),
];

test('every documented action has a builder whose output the schema accepts', () => {
  const types = new Set(everyAction.map((action) => action.Type));
  assert.is(types.size, everyAction.length);
  assert.is(types.size, smaActionSchema.def.options.length);
  for (const action of everyAction) {
    const result = smaActionSchema.safeParse(action);
    assert.ok(result.success, `${action.Type}: ${result.success ? '' : JSON.stringify(result.error.issues)}`);
  }
});

test('builders drop undefined parameters so the JSON holds only what was set', () => {
  const speak = actions.speak({ CallId: 'call-id-1', Text: 'Hi', VoiceId: undefined });
  assert.equal(speak, { Type: 'Speak', Parameters: { CallId: 'call-id-1', Text: 'Hi' } });
  assert.equal(actions.hangup(), { Type: 'Hangup', Parameters: {} });
  assert.equal(actions.hangup({ SipResponseCode: '480' }), { Type: 'Hangup', Parameters: { SipResponseCode: '480' } });
});

test('the documentation PlayAudio and RecordAudio examples validate as written', () => {
  // From "Understanding the Amazon Chime SDK PSTN audio service programming model".
  assert.ok(
    smaActionSchema.safeParse({
      Type: 'PlayAudio',
      Parameters: {
        CallId: 'call-id-1',
        ParticipantTag: 'LEG-A',
        PlaybackTerminators: ['1', '8', '#'],
        Repeat: '5',
        AudioSource: { Type: 'S3', BucketName: 'valid-S3-bucket-name', Key: 'wave-file.wav' },
      },
    }).success,
  );
  assert.ok(
    smaActionSchema.safeParse({
      Type: 'RecordAudio',
      Parameters: {
        CallId: 'call-id-1',
        DurationInSeconds: '10',
        SilenceDurationInSeconds: 3,
        SilenceThreshold: 100,
        RecordingTerminators: ['#'],
        RecordingDestination: { Type: 'S3', BucketName: 'valid-bucket-name', Prefix: 'valid-prefix-name' },
      },
    }).success,
  );
});

function rejection(action: unknown): string {
  try {
    smaResponse([action as SmaAction]);
  } catch (error) {
    assert.instance(error, SmaResponseError);
    return (error as Error).message;
  }
  return assert.unreachable('expected SmaResponseError') as never;
}

test('smaResponse rejects actions the service would refuse, naming the parameter', () => {
  assert.match(
    rejection({
      Type: 'CallAndBridge',
      Parameters: { CallTimeOutSeconds: 30, CallerIdNumber: '+12065551212', Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }] },
    }),
    /CallTimeOutSeconds/,
  );
  assert.match(
    rejection(actions.callAndBridge({ CallerIdNumber: '+12065551212', Endpoints: [{ BridgeEndpointType: 'AWS', Uri: '600300' }] })),
    /Endpoints\.0\.Arn/,
  );
  assert.match(
    rejection(
      actions.callAndBridge({
        CallerIdNumber: '+12065551212',
        Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }],
        SipHeaders: { 'Content-Type': 'text/plain' },
      }),
    ),
    /custom headers start with "x-"/,
  );
  assert.match(rejection({ Type: 'Teleport', Parameters: {} }), /Type/);
  assert.match(rejection(actions.sendDigits({ CallId: 'call-id-1', Digits: '12x' })), /Digits/);
  assert.match(rejection(actions.startBotConversation({ BotAliasArn: 'not-an-arn', LocaleId: 'en_US' })), /BotAliasArn/);
  assert.match(rejection(actions.pause({ DurationInMilliseconds: -1 })), /DurationInMilliseconds/);
  assert.match(rejection(actions.pause({ DurationInMilliseconds: '1.5' })), /DurationInMilliseconds: .*digits only/);
  assert.match(
    rejection(
      actions.callAndBridge({
        CallTimeoutSeconds: '121',
        CallerIdNumber: '+12065551212',
        Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }],
      }),
    ),
    /CallTimeoutSeconds: .*between 1 and 120/,
  );
});

test('CallAndBridge caller ids and SIP header values are what the service and the SIP wire accept', () => {
  const pstn = [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }] as const;
  for (const callerId of ['anonymous', 'sip:+12065551212@10.0.0.1', '2065551212', 'Restricted', '']) {
    assert.match(rejection(actions.callAndBridge({ CallerIdNumber: callerId, Endpoints: [...pstn] })), /CallerIdNumber: .*E\.164/, callerId);
  }
  const vc = 'arn:aws:chime:us-east-1:123456789012:vc/abcdefg1hijklm2nopq3rs';
  for (const value of ['history\r\nX-Injected: 1', 'a\nb', 'bell\u0007']) {
    assert.match(
      rejection(
        actions.callAndBridge({
          CallerIdNumber: '+12065551212',
          Endpoints: [{ BridgeEndpointType: 'AWS', Arn: vc, Uri: '600300' }],
          SipHeaders: { 'X-LexInfo': value },
        }),
      ),
      /X-LexInfo: a SIP header value cannot hold CR, LF/,
    );
  }
});

test('SSML must be one <speak> document and digit patterns must compile', () => {
  assert.match(rejection(actions.speak({ CallId: 'call-id-1', Text: 'Hello <break/>', TextType: 'ssml' })), /Text: SSML text must be wrapped/);
  assert.ok(
    smaActionSchema.safeParse(actions.speak({ CallId: 'call-id-1', Text: '<speak>Hello <break time="1s"/> there</speak>', TextType: 'ssml' }))
      .success,
  );
  assert.match(
    rejection(
      actions.speakAndGetDigits({
        CallId: 'call-id-1',
        SpeechParameters: { Text: 'Press 1', TextType: 'ssml' },
        FailureSpeechParameters: { Text: 'Sorry' },
        RepeatDurationInMilliseconds: 5000,
      }),
    ),
    /SpeechParameters\.Text: SSML/,
  );
  assert.match(
    rejection(
      actions.receiveDigits({ InputDigitsRegex: '^(\\d{2}$', InBetweenDigitsDurationInMilliseconds: 1000, FlushDigitsDurationInMilliseconds: 10000 }),
    ),
    /InputDigitsRegex: a valid regular expression/,
  );
});

test('the documented limits of the action pages are enforced', () => {
  // Speak: "Text is limited to 1,000 characters".
  assert.ok(smaActionSchema.safeParse(actions.speak({ CallId: 'c', Text: 'a'.repeat(1000) })).success);
  assert.match(rejection(actions.speak({ CallId: 'c', Text: 'a'.repeat(1001) })), /Text: the service speaks at most 1000 characters/);
  // Digits: a maximum below the minimum; equal bounds (a one-key menu) are fine.
  const digits = { CallId: 'c', AudioSource: audio, FailureAudioSource: audio, RepeatDurationInMilliseconds: 5000 };
  assert.ok(smaActionSchema.safeParse(actions.playAudioAndGetDigits({ ...digits, MinNumberOfDigits: 1, MaxNumberOfDigits: 1 })).success);
  assert.match(rejection(actions.playAudioAndGetDigits({ ...digits, MinNumberOfDigits: 4, MaxNumberOfDigits: 2 })), /MaxNumberOfDigits is below/);
  // CallAndBridge endpoints: E.164 for PSTN, a SIP user part of at most 36 characters for AWS.
  const vc = 'arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs';
  assert.match(
    rejection(actions.callAndBridge({ CallerIdNumber: '+1', Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '5550100' }] })),
    /Endpoints\.0\.Uri: a PSTN endpoint Uri is an E\.164/,
  );
  assert.match(
    rejection(actions.callAndBridge({ CallerIdNumber: '+1', Endpoints: [{ BridgeEndpointType: 'AWS', Arn: vc, Uri: 'x'.repeat(37) }] })),
    /SIP user part/,
  );
  assert.match(
    rejection(actions.callAndBridge({ CallerIdNumber: '+1', Endpoints: [{ BridgeEndpointType: 'AWS', Arn: vc, Uri: 'sip:600@host' }] })),
    /SIP user part/,
  );
  // SIP headers: x- prefix in any case, User-to-User and Diversion allowed; X-AMZN reserved; 2048 characters.
  const bridgeWith = (SipHeaders: Record<string, string>) =>
    actions.callAndBridge({ CallerIdNumber: '+12065551212', Endpoints: [{ BridgeEndpointType: 'AWS', Arn: vc, Uri: '5550' }], SipHeaders });
  assert.ok(
    smaActionSchema.safeParse(
      bridgeWith({ 'x-floor': '3', 'X-Account-Id': 'a1', 'User-to-User': '6162;encoding=hex', Diversion: 'sip:+1@h;reason=unconditional' }),
    ).success,
  );
  assert.match(rejection(bridgeWith({ 'X-AMZN': 'x' })), /reserved by AWS/);
  assert.match(rejection(bridgeWith({ 'X-Long': 'v'.repeat(2049) })), /at most 2048 characters/);
  // Hangup: the documented response codes only.
  assert.match(rejection({ Type: 'Hangup', Parameters: { SipResponseCode: '603' } }), /SipResponseCode/);
  // StartBotConversation: LocaleId defaults to en_US; welcome messages need ElicitIntent; LEG-A only.
  const bot = 'arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIH/MNOPQRSTUV';
  assert.ok(smaActionSchema.safeParse(actions.startBotConversation({ CallId: 'c', BotAliasArn: bot })).success);
  assert.match(
    rejection(
      actions.startBotConversation({
        CallId: 'c',
        BotAliasArn: bot,
        Configuration: { WelcomeMessages: [{ ContentType: 'PlainText', Content: 'Hi' }] },
      }),
    ),
    /WelcomeMessages require SessionState\.DialogAction\.Type "ElicitIntent"/,
  );
  assert.match(rejection({ Type: 'StartBotConversation', Parameters: { ParticipantTag: 'LEG-B', BotAliasArn: bot } }), /ParticipantTag/);
  assert.match(
    rejection(
      actions.startBotConversation({
        CallId: 'c',
        BotAliasArn: bot,
        Configuration: { SessionState: { SessionAttributes: { big: 'x'.repeat(11 * 1024) } } },
      }),
    ),
    /at most 10240/,
  );
  // RecordAudio: duration and terminators are required.
  assert.match(
    rejection({ Type: 'RecordAudio', Parameters: { CallId: 'c', RecordingDestination: { Type: 'S3', BucketName: 'b' } } }),
    /DurationInSeconds/,
  );
});

test('the documentation StartBotConversation example validates as written', () => {
  assert.ok(
    smaActionSchema.safeParse({
      Type: 'StartBotConversation',
      Parameters: {
        CallId: 'call-id-1',
        BotAliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIH/MNOPQRSTUV',
        LocaleId: 'en_US',
        Configuration: {
          SessionState: { SessionAttributes: { mykey1: 'myvalue1' }, DialogAction: { Type: 'ElicitIntent' } },
          WelcomeMessages: [{ Content: 'Welcome. How can I help you?', ContentType: 'PlainText' }],
        },
      },
    }).success,
  );
});

test('Pause accepts either documented spelling of its duration, exactly once', () => {
  // The guide's Pause page, verbatim.
  assert.ok(
    smaActionSchema.safeParse({ Type: 'Pause', Parameters: { CallId: 'call-id-1', ParticipantTag: 'LEG-A', DurationInMilliSeconds: '3000' } })
      .success,
  );
  assert.ok(smaActionSchema.safeParse(actions.pause({ DurationInMilliSeconds: 3000 })).success);
  assert.match(rejection({ Type: 'Pause', Parameters: { CallId: 'c' } }), /Pause needs its duration once/);
  assert.match(rejection({ Type: 'Pause', Parameters: { DurationInMilliseconds: 1, DurationInMilliSeconds: 1 } }), /Pause needs its duration once/);
});

test('integer parameters accept digit strings as the AWS samples send them', () => {
  // Pause and Hangup exactly as aws-samples/amazon-chime-sma-update-call sends them.
  const response = smaResponse([
    { Type: 'Pause', Parameters: { DurationInMilliseconds: '1000' } },
    { Type: 'Hangup', Parameters: { SipResponseCode: '0' } },
  ]);
  assert.is(response.Actions.length, 2);
  assert.ok(
    smaActionSchema.safeParse(
      actions.callAndBridge({
        CallTimeoutSeconds: '30',
        CallerIdNumber: '+12065551212',
        Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }],
      }),
    ).success,
  );
});

test.run();
