/** simulateSmaCall: the one PSTN audio simulator, over a tiny handler written for each rule it plays. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actions, legA, legB, parseSmaEvent, smaResponse, type SmaEvent } from '@switchboard/shared/chime';
import { simulateSmaCall } from '@switchboard/shared/chime/testing';

const CALLER = '+15105550101';
const OURS = '+12065551212';
const DESTINATIONS = ['+13605551212', '+13605551213'];

/** Forwards to each destination in turn; says sorry and hangs up after the last; hangs up the other leg on HANGUP. */
async function forwarder(input: unknown) {
  const parsed = parseSmaEvent(input);
  if (!parsed.ok) throw new Error(`the simulator sent an event the service never sends: ${parsed.error}`);
  const event: SmaEvent = parsed.event;
  const attempt = Number(event.CallDetails.TransactionAttributes?.attempt ?? '0');
  const dial = (index: number) =>
    smaResponse(
      [
        actions.callAndBridge({
          CallTimeoutSeconds: 20,
          CallerIdNumber: CALLER,
          Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: DESTINATIONS[index]! }],
        }),
      ],
      { attempt: String(index) },
    );
  switch (event.InvocationEventType) {
    case 'NEW_INBOUND_CALL':
      return dial(0);
    case 'ACTION_FAILED':
      if (attempt + 1 < DESTINATIONS.length) return dial(attempt + 1);
      return smaResponse([
        actions.speak({ CallId: legA(event).CallId, Text: 'Sorry.' }),
        actions.hangup({ CallId: legA(event).CallId, SipResponseCode: '0' }),
      ]);
    case 'HANGUP': {
      const other = event.ActionData?.Parameters?.ParticipantTag === 'LEG-A' ? legB(event) : legA(event);
      return smaResponse(other && other.Status === 'Connected' ? [actions.hangup({ CallId: other.CallId, SipResponseCode: '0' })] : []);
    }
    default:
      return smaResponse([]);
  }
}

test('busy then answered: real-shaped events, the bridge reported on LEG-A, both hang-ups reported, then over', async () => {
  const call = await simulateSmaCall({
    from: CALLER,
    to: OURS,
    handler: forwarder,
    world: { bridge: (_e, attempt) => (attempt === 0 ? 'busy' : 'answer') },
  });
  assert.equal(
    call.transcript.map((e) => [e.event.type, e.event.action, e.event.leg]),
    [
      ['NEW_INBOUND_CALL', undefined, undefined],
      ['ACTION_FAILED', 'CallAndBridge', undefined],
      ['ACTION_SUCCESSFUL', 'CallAndBridge', undefined],
      ['HANGUP', 'Hangup', 'LEG-A'],
      ['HANGUP', 'Hangup', 'LEG-B'],
    ],
  );
  assert.is(call.transcript[1]!.event.detail, 'CallNotAnswered');
  assert.equal(
    call.bridges.map((b) => [b.uri, b.result, b.hungUpByApplication]),
    [
      [DESTINATIONS[0], 'busy', false],
      [DESTINATIONS[1], 'answer', false],
    ],
  );
  assert.is(call.endedBy, 'caller');
  assert.ok(call.endedWhileBridged);
  assert.is(call.silence, undefined);
  assert.equal(call.invalid, []);
});

test('nobody answers: the caller hears the apology and the application hangs up', async () => {
  const call = await simulateSmaCall({ from: CALLER, to: OURS, handler: forwarder, world: { bridge: () => 'no-answer' } });
  assert.equal(call.heard, [{ kind: 'speech', text: 'Sorry.' }]);
  assert.is(call.endedBy, 'application');
  assert.is(call.transcript.at(-1)!.event.type, 'HANGUP');
});

test('the callee hangs up: the caller leg is hung up and reported', async () => {
  const call = await simulateSmaCall({ from: CALLER, to: OURS, handler: forwarder, world: { hangupBy: 'callee' } });
  assert.equal(
    call.transcript.slice(-2).map((e) => e.event.leg),
    ['LEG-B', 'LEG-A'],
  );
  assert.is(call.endedBy, 'callee');
});

test('an empty answer to a new call is silence; an invalid answer is reported as the service does', async () => {
  const silent = await simulateSmaCall({ from: CALLER, to: OURS, handler: () => smaResponse([]) });
  assert.equal(silent.silence, { after: 'NEW_INBOUND_CALL' });
  assert.is(silent.endedBy, 'caller');
  let calls = 0;
  const invalid = await simulateSmaCall({
    from: CALLER,
    to: OURS,
    handler: () => (++calls === 1 ? { SchemaVersion: '1.0', Actions: [{ Type: 'Dance' }] } : smaResponse([actions.hangup({ SipResponseCode: '0' })])),
  });
  assert.is(invalid.invalid.length, 1);
  assert.is(invalid.transcript[1]!.event.type, 'INVALID_LAMBDA_RESPONSE');
});

test('digits: the world presses keys on the leg asked; a key outside InputDigitsRegex counts as none', async () => {
  const asked: string[] = [];
  const handler = (input: unknown) => {
    const event = (parseSmaEvent(input) as { ok: true; event: SmaEvent }).event;
    if (event.InvocationEventType === 'NEW_INBOUND_CALL') {
      return smaResponse([
        actions.speakAndGetDigits({
          CallId: legA(event).CallId,
          InputDigitsRegex: '^[12]$',
          SpeechParameters: { Text: 'Press 1 or 2.' },
          FailureSpeechParameters: { Text: 'Sorry.' },
          MinNumberOfDigits: 1,
          MaxNumberOfDigits: 1,
          RepeatDurationInMilliseconds: 3000,
        }),
      ]);
    }
    if (event.InvocationEventType !== 'HANGUP') asked.push(`${event.InvocationEventType}:${event.ActionData?.ReceivedDigits ?? ''}`);
    return smaResponse([actions.hangup({ SipResponseCode: '0' })]);
  };
  await simulateSmaCall({ from: CALLER, to: OURS, handler, world: { digits: () => '2' } });
  await simulateSmaCall({ from: CALLER, to: OURS, handler, world: { digits: () => '9' } });
  assert.equal(asked, ['ACTION_SUCCESSFUL:2', 'ACTION_FAILED:']);
});

test.run();
