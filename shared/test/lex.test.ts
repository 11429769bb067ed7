import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  lexEventSchema,
  lexSessionStateSchema,
  lexResponseSchema,
  parseLexEvent,
  elicitSlot,
  close,
  delegate,
  confirmIntent,
  elicitIntent,
  slotValue,
  slotValues,
  eventSlotValue,
  scalarSlot,
  type LexEvent,
} from '@switchboard/shared/lex';
import { lexCodeHookEvent } from '@switchboard/shared/lex/testing';

const readme = JSON.parse(readFileSync(new URL('./fixtures/samples/README-example-events.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const fixturesDir = fileURLToPath(new URL('./fixtures/lex/', import.meta.url));
const fixtureFiles = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

function event(name: string): LexEvent {
  const result = parseLexEvent(JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8')));
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.event;
}

function valid(response: unknown): void {
  const result = lexResponseSchema.safeParse(response);
  assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
}

test('every Lex fixture parses', () => {
  assert.ok(fixtureFiles.length >= 3);
  for (const name of fixtureFiles) event(name);
});

test('Lex confidences ({ score }) arrive as numbers and null members as absent', () => {
  const routed = event('dialog-code-hook-route-call.json');
  assert.is(routed.interpretations?.[0]?.nluConfidence, 0.93);
  assert.is(routed.transcriptions?.[0]?.transcriptionConfidence, 0.91);
  assert.is(routed.requestAttributes, null);
  assert.is(routed.sessionState.runtimeHints, null);
  const flat = parseLexEvent({
    ...JSON.parse(readFileSync(`${fixturesDir}dialog-code-hook-route-call.json`, 'utf8')),
    interpretations: [{ intent: { name: 'RouteCall' }, nluConfidence: 0.5 }],
  });
  assert.ok(flat.ok);
  if (flat.ok) assert.is(flat.event.interpretations?.[0]?.nluConfidence, 0.5);
});

test('the README code-hook event: its session state parses, and completed with the top-level fields it parses whole', () => {
  const truncated = readme['lexV2CodeHookEvent_truncated']!;
  const sessionState = lexSessionStateSchema.safeParse(truncated['sessionState']);
  assert.ok(sessionState.success, sessionState.success ? '' : JSON.stringify(sessionState.error.issues));
  if (sessionState.success) {
    assert.is(sessionState.data.intent.name, 'RouteCall');
    assert.is(slotValue(sessionState.data.intent.slots?.['Department']), 'history');
  }
  // The README cut the top-level fields; a code hook cannot act without invocationSource, so the
  // truncated event alone is rejected and the same event with it is accepted.
  assert.not.ok(lexEventSchema.safeParse(truncated).success);
  const completed = { ...truncated, invocationSource: 'DialogCodeHook', sessionId: 'call-id-1', inputMode: 'Speech' };
  const parsed = parseLexEvent(completed);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  if (parsed.ok) assert.equal(parsed.event.sessionState, truncated['sessionState']);
});

test('the README Close response is accepted by the response schema', () => {
  valid(readme['lexV2CodeHookCloseResponse']);
});

test('close() reproduces the README Close response from the README event', () => {
  const routed = event('dialog-code-hook-route-call.json');
  const response = close(routed, 'Fulfilled', 'Connecting you to history department.');
  valid(response);
  const expected = readme['lexV2CodeHookCloseResponse'] as {
    messages: unknown;
    sessionState: { dialogAction: unknown; sessionAttributes: unknown; intent: { name: string; state: string } };
  };
  assert.equal(response.messages, expected.messages);
  assert.equal(response.sessionState.dialogAction, expected.sessionState.dialogAction);
  assert.equal(response.sessionState.sessionAttributes, expected.sessionState.sessionAttributes);
  assert.is(response.sessionState.intent?.name, expected.sessionState.intent.name);
  assert.is(response.sessionState.intent?.state, expected.sessionState.intent.state);
  assert.is(slotValue(response.sessionState.intent?.slots?.['Department']), 'history');
});

test('elicitSlot asks for the named slot and keeps the session attributes', () => {
  const unfilled = event('dialog-code-hook-unfilled-slot.json');
  const response = elicitSlot(unfilled, 'Department', 'Which department would you like?');
  valid(response);
  assert.equal(response.sessionState.dialogAction, { type: 'ElicitSlot', slotToElicit: 'Department' });
  assert.is(response.sessionState.intent?.state, 'InProgress');
  assert.equal(response.messages, [{ contentType: 'PlainText', content: 'Which department would you like?' }]);
  const fulfilled = event('fulfillment-code-hook-route-call.json');
  assert.equal(elicitSlot(fulfilled, 'Department').sessionState.sessionAttributes, { attempts: '1' });
});

test('delegate, confirmIntent and elicitIntent build valid responses', () => {
  const routed = event('dialog-code-hook-route-call.json');
  const delegated = delegate(routed);
  valid(delegated);
  assert.is(delegated.sessionState.dialogAction.type, 'Delegate');
  assert.is(delegated.messages, undefined);
  const confirm = confirmIntent(routed, { contentType: 'SSML', content: '<speak>History, right?</speak>' });
  valid(confirm);
  assert.is(confirm.sessionState.dialogAction.type, 'ConfirmIntent');
  assert.equal(confirm.messages, [{ contentType: 'SSML', content: '<speak>History, right?</speak>' }]);
  const again = elicitIntent(routed, 'How can I help?');
  valid(again);
  assert.is(again.sessionState.intent, undefined);
});

test('responses never alias the event: changing one leaves the other intact', () => {
  const routed = event('dialog-code-hook-route-call.json');
  const response = close(routed, 'Failed');
  response.sessionState.intent!.slots!['Department'] = null;
  response.sessionState.sessionAttributes!['x'] = 'y';
  assert.is(eventSlotValue(routed, 'Department'), 'history');
  assert.equal(routed.sessionState.sessionAttributes, {});
  assert.is(routed.sessionState.intent.state, 'InProgress');
});

test('the response schema rejects what Lex would refuse', () => {
  const intent = { name: 'RouteCall', state: 'InProgress' };
  assert.not.ok(lexResponseSchema.safeParse({ sessionState: { dialogAction: { type: 'ElicitSlot' }, intent } }).success);
  assert.not.ok(lexResponseSchema.safeParse({ sessionState: { dialogAction: { type: 'Delegate' } } }).success);
  assert.not.ok(lexResponseSchema.safeParse({ sessionState: { dialogAction: { type: 'Close' }, intent: { name: 'RouteCall' } } }).success);
  assert.not.ok(
    lexResponseSchema.safeParse({
      sessionState: { dialogAction: { type: 'Close' }, intent: { ...intent, state: 'Fulfilled' } },
      messages: [{ contentType: 'PlainText' }],
    }).success,
  );
  assert.not.ok(lexResponseSchema.safeParse({ sessionState: { dialogAction: { type: 'Hangup' }, intent } }).success);
});

test('a returned slot needs interpretedValue; a null slot is fine', () => {
  const close = (slots: Record<string, unknown>) =>
    lexResponseSchema.safeParse({ sessionState: { dialogAction: { type: 'Close' }, intent: { name: 'RouteCall', state: 'Fulfilled', slots } } });
  assert.ok(close({ Department: null }).success);
  assert.ok(
    close({ Department: { shape: 'Scalar', value: { originalValue: 'maths', interpretedValue: 'math', resolvedValues: ['math'] } } }).success,
  );
  const missing = close({ Department: { shape: 'Scalar', value: { originalValue: 'maths', resolvedValues: [] } } });
  assert.not.ok(missing.success);
  assert.equal(missing.error?.issues[0]?.path, ['sessionState', 'intent', 'slots', 'Department', 'value', 'interpretedValue']);
  assert.not.ok(close({ Department: { value: { interpretedValue: null } } }).success);
  assert.not.ok(
    close({ Dates: { shape: 'List', values: [{ value: { interpretedValue: '2026-01-01' } }, { value: { originalValue: 'x' } }] } }).success,
  );
  assert.not.ok(close({ Department: {} }).success);
});

test('slotValue: interpreted, else first resolved, else original; null for unfilled; lists', () => {
  assert.is(slotValue({ value: { originalValue: 'histry', interpretedValue: 'history', resolvedValues: ['history'] } }), 'history');
  assert.is(slotValue({ value: { originalValue: 'two', interpretedValue: '', resolvedValues: ['math', 'music'] } }), 'math');
  assert.is(slotValue({ value: { originalValue: 'the arts' } }), 'the arts');
  assert.is(slotValue(null), undefined);
  assert.is(slotValue(undefined), undefined);
  const list = {
    shape: 'List',
    values: [
      { shape: 'Scalar', value: { originalValue: 'math', interpretedValue: 'math' } },
      { shape: 'Scalar', value: { originalValue: 'art', resolvedValues: ['arts'] } },
    ],
  };
  assert.is(slotValue(list), 'math, arts');
  assert.equal(slotValues(list), ['math', 'arts']);
  assert.equal(slotValues({ value: { interpretedValue: 'history' } }), ['history']);
  assert.equal(slotValues(null), []);
  assert.is(eventSlotValue(event('fulfillment-code-hook-route-call.json'), 'Department'), 'math');
  assert.is(eventSlotValue(event('dialog-code-hook-unfilled-slot.json'), 'Department'), undefined);
});

test('malformed Lex events give ok:false without throwing', () => {
  const base = JSON.parse(readFileSync(`${fixturesDir}dialog-code-hook-route-call.json`, 'utf8')) as Record<string, any>;
  const cases: unknown[] = [
    null,
    'text',
    [],
    { ...base, invocationSource: 'SomethingElse' },
    { ...base, sessionState: undefined },
    { ...base, sessionState: { ...base['sessionState'], intent: { slots: {} } } },
    { ...base, sessionState: { ...base['sessionState'], sessionAttributes: { n: 1 } } },
  ];
  for (const input of cases) {
    const result = parseLexEvent(input);
    assert.not.ok(result.ok, JSON.stringify(input)?.slice(0, 80));
    if (!result.ok) assert.match(result.error, /^invalid Lex V2 code-hook event: /);
  }
});

test('response options replace session attributes and merge slots, e.g. the canonical department', () => {
  const turn = lexCodeHookEvent({
    intent: 'RouteCall',
    slots: { Department: 'hist', Extra: 'x' },
    inputTranscript: 'hist',
    sessionAttributes: { a: '1' },
  });
  const response = close(turn, 'Fulfilled', 'Connecting you to history.', {
    slots: { Department: scalarSlot('history', 'hist'), Extra: null },
    sessionAttributes: { department: 'history' },
  });
  valid(response);
  assert.equal(response.sessionState.sessionAttributes, { department: 'history' });
  assert.equal(response.sessionState.intent?.slots?.['Department'], {
    shape: 'Scalar',
    value: { originalValue: 'hist', interpretedValue: 'history', resolvedValues: ['history'] },
  });
  assert.is(response.sessionState.intent?.slots?.['Extra'], null);
  assert.is(eventSlotValue(turn, 'Department'), 'hist');
  assert.equal(turn.sessionState.sessionAttributes, { a: '1' });
  const asked = elicitSlot(turn, 'Department', 'Which one?', { slots: { Department: null } });
  assert.is(asked.sessionState.intent?.slots?.['Department'], null);
  assert.equal(asked.sessionState.sessionAttributes, { a: '1' });
});

test('lexCodeHookEvent builds valid turns for dialog and fulfillment hooks', () => {
  const dialog = lexCodeHookEvent({ intent: 'RouteCall', slots: { Department: null }, inputMode: 'DTMF', inputTranscript: '2', confidence: 0.8 });
  assert.is(dialog.invocationSource, 'DialogCodeHook');
  assert.is(dialog.sessionState.intent.state, 'InProgress');
  assert.is(dialog.interpretations?.[0]?.nluConfidence, 0.8);
  assert.is(eventSlotValue(dialog, 'Department'), undefined);
  const fulfillment = lexCodeHookEvent({ intent: 'RouteCall', slots: { Department: 'math' }, invocationSource: 'FulfillmentCodeHook' });
  assert.is(fulfillment.sessionState.intent.state, 'ReadyForFulfillment');
  assert.ok(parseLexEvent(JSON.parse(JSON.stringify(fulfillment))).ok);
});

test.run();
