import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  InvocationEventType,
  invocationEventTypes,
  parseSmaEvent,
  legA,
  legB,
  otherLeg,
  transactionAttributes,
  invalidResponseError,
  botConversationResult,
  type SmaEvent,
} from '@switchboard/shared/chime';

const fixturesDir = fileURLToPath(new URL('./fixtures/chime/', import.meta.url));
const fixtureFiles = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8'));
}

function parsed(name: string): SmaEvent {
  const result = parseSmaEvent(fixture(name));
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.event;
}

test('every fixture parses with the SMA event schema', () => {
  assert.ok(fixtureFiles.length >= invocationEventTypes.length);
  for (const name of fixtureFiles) {
    const result = parseSmaEvent(fixture(name));
    assert.ok(result.ok, `${name}: ${result.ok ? '' : result.error}`);
  }
});

test('the fixtures cover every InvocationEventType', () => {
  const covered = new Set(fixtureFiles.map((name) => parsed(name).InvocationEventType));
  for (const type of invocationEventTypes) assert.ok(covered.has(type), `no fixture for ${type}`);
  assert.is(invocationEventTypes.length, 11);
  assert.is(InvocationEventType.DIGITS_RECEIVED, 'DIGITS_RECEIVED');
});

test('the documentation spelling SipApplicationId is normalised to SipMediaApplicationId', () => {
  const event = parsed('new-inbound-call.json');
  assert.is(event.CallDetails.SipMediaApplicationId, 'sip-application-id');
  assert.is(event.CallDetails.SipRuleId, 'sip-rule-id');
  assert.is(parsed('invalid-lambda-response.json').CallDetails.SipMediaApplicationId, 'e88f4e49-dd21-4a3f-b538-bc84eae11505');
});

test('unknown fields AWS may add are kept, not rejected', () => {
  const raw = fixture('new-inbound-call.json') as Record<string, any>;
  raw['NewTopLevelField'] = { any: 'thing' };
  raw['CallDetails']['Participants'][0]['SipHeaders'] = { 'X-Custom': '1' };
  const result = parseSmaEvent(raw);
  assert.ok(result.ok);
  if (result.ok) {
    assert.equal((result.event as Record<string, unknown>)['NewTopLevelField'], { any: 'thing' });
    assert.equal(legA(result.event)['SipHeaders'], { 'X-Custom': '1' });
  }
});

test('legs: legA, legB and otherLeg on a bridged call', () => {
  const event = parsed('action-successful-call-and-bridge.json');
  assert.is(legA(event).CallId, 'call-id-1');
  assert.is(legB(event)?.CallId, 'call-id-2');
  assert.is(otherLeg(event, 'call-id-1')?.CallId, 'call-id-2');
  assert.is(otherLeg(event, 'call-id-2')?.CallId, 'call-id-1');
  assert.is(otherLeg(event, 'no-such-call'), undefined);
  const single = parsed('new-inbound-call.json');
  assert.is(legB(single), undefined);
  assert.is(otherLeg(single, 'call-id-1'), undefined);
});

test('transactionAttributes returns a copy, and an empty object when there are none', () => {
  const event = parsed('action-successful-call-and-bridge.json');
  const attributes = transactionAttributes(event);
  assert.equal(attributes, { forwardedTo: '+13605551212' });
  attributes['mutated'] = 'yes';
  assert.equal(transactionAttributes(event), { forwardedTo: '+13605551212' });
  assert.equal(transactionAttributes(parsed('new-inbound-call.json')), {});
});

test('narrowing by InvocationEventType exposes the typed fields', () => {
  const event = parsed('invalid-lambda-response.json');
  if (event.InvocationEventType !== 'INVALID_LAMBDA_RESPONSE') throw new Error('wrong type');
  assert.is(event.ErrorType, 'TransactionAttributesInvalidMapSize');
  assert.match(event.ErrorMessage ?? '', /Maximum number of mappings is 10/);

  assert.equal(invalidResponseError(event), {
    errorType: 'TransactionAttributesInvalidMapSize',
    errorMessage: 'Transaction Attributes has too many mappings. Maximum number of mappings is 10',
  });
  const nested = fixture('invalid-lambda-response.json') as Record<string, unknown>;
  nested['ActionData'] = { Type: 'PlayAudio', ErrorType: nested['ErrorType'], ErrorMessage: 'in ActionData' };
  delete nested['ErrorType'];
  delete nested['ErrorMessage'];
  const nestedResult = parseSmaEvent(nested);
  assert.ok(nestedResult.ok);
  if (nestedResult.ok)
    assert.equal(invalidResponseError(nestedResult.event), { errorType: 'TransactionAttributesInvalidMapSize', errorMessage: 'in ActionData' });
  assert.is(invalidResponseError(parsed('hangup.json')), undefined);

  const update = parsed('call-update-requested.json');
  if (update.InvocationEventType !== 'CALL_UPDATE_REQUESTED') throw new Error('wrong type');
  assert.equal(update.ActionData.Parameters.Arguments, { action: 'mute', reason: 'supervisor' });

  const digits = parsed('digits-received.json');
  if (digits.InvocationEventType !== 'DIGITS_RECEIVED') throw new Error('wrong type');
  assert.is(digits.ActionData.ReceivedDigits, '12#');

  const failed = parsed('action-failed-call-and-bridge.json');
  if (failed.InvocationEventType !== 'ACTION_FAILED') throw new Error('wrong type');
  assert.is(failed.ActionData.Type, 'CallAndBridge');
  assert.is(failed.ActionData.ErrorType, 'CallNotAnswered');

  const hangup = parsed('hangup-leg-b.json');
  assert.is(hangup.ActionData?.Parameters?.['ParticipantTag'], 'LEG-B');
});

test('documented details: participant SIP headers, a numeric hang-up code, collected digits', () => {
  const headers = parsed('action-successful-sip-headers.json');
  assert.is(legA(headers).SipHeaders?.['X-Test-Value'], 'String');
  assert.match(legA(headers).SipHeaders?.['Diversion'] ?? '', /reason=unconditional/);
  const busy = parsed('hangup-busy.json');
  assert.is(busy.ActionData?.Parameters?.['SipResponseCode'], 486);
  const digits = parsed('action-successful-speak-and-get-digits.json');
  assert.is(digits.ActionData?.ReceivedDigits, '1234');
  const botFailed = parsed('action-failed-start-bot-conversation.json');
  assert.is(botFailed.ActionData?.ErrorType, 'ResourceAccessDenied');
  assert.is(botConversationResult(botFailed), undefined);
  assert.is(parsed('action-successful-start-call-recording.json').ActionData?.CallRecordingDestination?.Location, 'call-recording-bucket-and-key');
  assert.match(parsed('action-failed-start-call-recording.json').ActionData?.Error ?? '', /^NoAccessToDestination/);
});

test('the guide\'s "Leg-A"/"Leg-B" spelling is normalised, so the leg helpers work on it', () => {
  const event = parsed('hangup-bridged-leg-b-guide.json');
  assert.is(legA(event).ParticipantTag, 'LEG-A');
  assert.is(legB(event)?.CallId, 'call-id-2');
  assert.is(legB(event)?.Status, 'Disconnected');
  assert.is(otherLeg(event, 'call-id-2')?.CallId, 'call-id-1');
});

test('botConversationResult flattens the StartBotConversation IntentResult', () => {
  const result = botConversationResult(parsed('action-successful-start-bot-conversation.json'));
  assert.ok(result);
  assert.is(result?.intentName, 'RouteCall');
  assert.is(result?.intentState, 'Fulfilled');
  assert.is(result?.confirmationState, 'None');
  assert.equal(result?.slots, { Department: 'history' });
  assert.is(result?.confidence, 0.98);
  assert.is(botConversationResult(parsed('action-successful-play-audio.json')), undefined);
  assert.is(botConversationResult(parsed('new-inbound-call.json')), undefined);
});

test('malformed events give ok:false with a readable error, never a throw', () => {
  const valid = fixture('action-successful-play-audio.json') as Record<string, any>;
  const without = (mutate: (event: Record<string, any>) => void) => {
    const copy = structuredClone(valid);
    mutate(copy);
    return copy;
  };
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new Error('boom');
      },
      has() {
        throw new Error('boom');
      },
      ownKeys() {
        throw new Error('boom');
      },
    },
  );
  const cases: Array<[string, unknown, RegExp]> = [
    ['undefined', undefined, /expected object/],
    ['null', null, /expected object/],
    ['a string', 'NEW_INBOUND_CALL', /expected object/],
    ['an array', [valid], /expected object/],
    ['an unknown event type', without((e) => (e['InvocationEventType'] = 'CALL_TELEPORTED')), /InvocationEventType/],
    ['no CallDetails', without((e) => delete e['CallDetails']), /CallDetails/],
    ['no participants', without((e) => (e['CallDetails']['Participants'] = [])), /Participants/],
    ['a bad leg tag', without((e) => (e['CallDetails']['Participants'][0]['ParticipantTag'] = 'LEG-C')), /ParticipantTag/],
    ['no CallId', without((e) => delete e['CallDetails']['Participants'][0]['CallId']), /CallId/],
    ['no TransactionId', without((e) => delete e['CallDetails']['TransactionId']), /TransactionId/],
    ['an action event without ActionData', without((e) => delete e['ActionData']), /ActionData/],
    ['a non-string transaction attribute', without((e) => (e['CallDetails']['TransactionAttributes'] = { n: 1 })), /TransactionAttributes/],
    ['a hostile object (throwing proxy)', hostile, /boom/],
  ];
  for (const [label, input, expected] of cases) {
    let result: ReturnType<typeof parseSmaEvent> | undefined;
    try {
      result = parseSmaEvent(input);
    } catch (error) {
      assert.unreachable(`${label}: threw ${String(error)}`);
    }
    assert.ok(result && !result.ok, `${label}: expected ok:false`);
    if (result && !result.ok) assert.match(result.error, expected, `${label}: ${result.error}`);
  }
  const invalidWithoutErrorType = fixture('invalid-lambda-response.json') as Record<string, unknown>;
  delete invalidWithoutErrorType['ErrorType'];
  assert.not.ok(parseSmaEvent(invalidWithoutErrorType).ok);
});

test("a rejected event still yields what a handler needs to answer on the caller's leg", () => {
  const raw = fixture('action-successful-call-and-bridge.json') as Record<string, any>;
  delete raw['ActionData'];
  raw['CallDetails']['Participants'][1]['Direction'] = 'Sideways';
  const result = parseSmaEvent(raw);
  assert.not.ok(result.ok);
  if (!result.ok) {
    assert.match(result.error, /^invalid SIP media application event \(ACTION_SUCCESSFUL, transaction transaction-id-1\): /);
    assert.equal(result.salvage, {
      invocationEventType: 'ACTION_SUCCESSFUL',
      transactionId: 'transaction-id-1',
      legs: [
        { callId: 'call-id-1', participantTag: 'LEG-A', status: 'Connected', from: '+15105550101', to: '+12065551212' },
        { callId: 'call-id-2', participantTag: 'LEG-B', status: 'Connected', from: '+12065551212', to: '+13605551212' },
      ],
      transactionAttributes: { forwardedTo: '+13605551212' },
    });
  }
  const nothing = parseSmaEvent('garbage');
  assert.not.ok(nothing.ok);
  if (!nothing.ok) assert.equal(nothing.salvage, { legs: [], transactionAttributes: {} });
});

test.run();
