import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actions, botConversationResult, legA, legB, otherLeg, parseSmaEvent, smaResponse, transactionAttributes } from '@switchboard/shared/chime';
import { botIntentResult, smaCall } from '@switchboard/shared/chime/testing';

function counter(prefix: string) {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

const fixedClock = () => 1_700_000_000_000;

test('a scripted inbound call numbers events, echoes attributes and adds LEG-B when a bridge is answered', () => {
  const call = smaCall({ from: '+15105550101', to: '+12065551212', ids: counter('id'), clock: fixedClock, sipRuleId: 'rule-1' });
  const first = call.newInboundCall();
  assert.is(first.Sequence, 1);
  assert.is(first.InvocationEventType, 'NEW_INBOUND_CALL');
  assert.is(legA(first).CallId, 'id-2');
  assert.is(first.CallDetails.TransactionId, 'id-1');
  assert.is(first.CallDetails.SipRuleId, 'rule-1');
  assert.is(legA(first).StartTimeInMilliseconds, '1700000000000');
  assert.equal(transactionAttributes(first), {});

  const bridge = actions.callAndBridge({
    CallTimeoutSeconds: 20,
    CallerIdNumber: '+12065551212',
    Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+13605551212' }],
  });
  call.respond(smaResponse([bridge], { step: 'bridging' }));
  const answered = call.bridgeAnswered(bridge);
  assert.is(answered.Sequence, 2);
  assert.is(answered.InvocationEventType, 'ACTION_SUCCESSFUL');
  assert.equal(transactionAttributes(answered), { step: 'bridging' });
  assert.is(legB(answered)?.To, '+13605551212');
  assert.is(legB(answered)?.From, '+12065551212');
  assert.is(legB(answered)?.Direction, 'Outbound');

  // A response without attributes keeps the stored ones, as the service does.
  call.respond(smaResponse([]));
  const hungUp = call.hangup('LEG-B');
  assert.is(hungUp.InvocationEventType, 'HANGUP');
  assert.equal(transactionAttributes(hungUp), { step: 'bridging' });
  assert.is(legB(hungUp)?.Status, 'Disconnected');
  assert.is(hungUp.ActionData?.Parameters?.['CallId'], legB(hungUp)?.CallId);
  assert.is(otherLeg(hungUp, legB(hungUp)!.CallId)?.CallId, legA(hungUp).CallId);

  // An empty object clears them ("Clearing TransactionAttributes").
  call.respond(smaResponse([], {}));
  assert.equal(transactionAttributes(call.hangup('LEG-A')), {});
});

test('every scripted event survives JSON and parses like a real invocation', () => {
  const call = smaCall({ from: '+15105550101', to: '+12065551212' });
  const bot = actions.startBotConversation({
    BotAliasArn: 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID12345/ALIAS12345',
    LocaleId: 'en_US',
  });
  const digits = actions.receiveDigits({
    InputDigitsRegex: '^\\d#$',
    InBetweenDigitsDurationInMilliseconds: 1000,
    FlushDigitsDurationInMilliseconds: 10000,
  });
  const events = [
    call.newInboundCall(),
    call.actionSuccessful(actions.speak({ CallId: call.legA.CallId, Text: 'Hello' })),
    call.actionFailed(actions.playAudio({ AudioSource: { Type: 'S3', BucketName: 'b', Key: 'k.wav' } }), 'InvalidAudioSource'),
    call.actionInterrupted(actions.pause({ DurationInMilliseconds: 30000 })),
    call.digitsReceived('1#', digits),
    call.callUpdateRequested({ action: 'mute' }),
    call.invalidLambdaResponse('InvalidResponse', 'bad'),
    call.botConversationEnded(bot, { intent: 'RouteCall', slots: { Department: 'history' }, state: 'Fulfilled', confidence: 0.9 }),
    call.hangup(),
  ];
  assert.equal(
    events.map((event) => event.Sequence),
    events.map((_, index) => index + 1),
  );
  for (const event of events) {
    const result = parseSmaEvent(JSON.parse(JSON.stringify(event)));
    assert.ok(result.ok, result.ok ? '' : result.error);
  }
  const result = botConversationResult(events[7]!);
  assert.equal(result?.slots, { Department: 'history' });
  assert.is(result?.confidence, 0.9);
  assert.is(legA(events[8]!).Status, 'Disconnected');
});

test('an outbound call starts with NEW_OUTBOUND_CALL on an Outbound LEG-A', () => {
  const call = smaCall({ from: '+12065551212', to: '+13605551212', direction: 'Outbound' });
  assert.is(legA(call.newOutboundCall()).Direction, 'Outbound');
  assert.is(call.ringing().InvocationEventType, 'RINGING');
  assert.is(call.callAnswered().Sequence, 3);
});

test('botIntentResult leaves null slots unfilled and hanging up a missing leg is an error', () => {
  const intentResult = botIntentResult({ intent: 'RouteCall', slots: { Department: null } });
  assert.is(intentResult.SessionState?.Intent?.Slots?.['Department'], null);
  assert.is(intentResult.SessionState?.Intent?.State, 'ReadyForFulfillment');
  const call = smaCall({ from: '+15105550101', to: '+12065551212' });
  assert.throws(() => call.hangup('LEG-B'), /no LEG-B/);
});

test.run();
