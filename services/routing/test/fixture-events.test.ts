/**
 * Every fixture event (test/fixtures/sma, test/fixtures/lex: real-shaped per the AWS event documentation)
 * through the real handlers, each with what it must produce.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smaResponseSchema, type SmaResponse } from '@switchboard/shared/chime';
import { lexResponseSchema } from '@switchboard/shared/lex';
import { routingHarness } from './support/harness.ts';

const fixture = (folder: string, name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${folder}/${name}`, import.meta.url), 'utf8'));
const uri = (r: SmaResponse, i: number) => (r.Actions[i]!.Parameters as { Endpoints: { Uri: string }[] }).Endpoints[0]!.Uri;
const callId = (r: SmaResponse, i: number) => (r.Actions[i]!.Parameters as { CallId: string }).CallId;

const expectations: Record<string, (r: SmaResponse, events: { detailType: string; data: Record<string, unknown> }[]) => void> = {
  'new-inbound-call.json': (r) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['Speak', 'StartBotConversation'],
    );
    assert.equal(r.TransactionAttributes, { phase: 'bot' });
  },
  'bot-successful-history.json': (r, events) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['CallAndBridge'],
    );
    assert.is(uri(r, 0), '600300');
    assert.is(events[0]?.data.reason, 'open');
  },
  'bot-successful-dtmf-4.json': (r, events) => {
    assert.is(uri(r, 0), '600400');
    assert.is(events[0]?.data.inputMode, 'DTMF');
  },
  'bot-failed-unknown-department.json': (r, events) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['CallAndBridge'],
      'the code hook already said "connecting you to an operator"',
    );
    assert.is(uri(r, 0), '600000');
    assert.equal(
      events.map((e) => e.detailType),
      ['CallRoutingFailed', 'CallRouted'],
    );
  },
  'bot-action-failed.json': (r) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['Speak', 'CallAndBridge'],
    );
    assert.is(uri(r, 1), '600000');
  },
  'bridge-successful.json': (r) => assert.equal(r.Actions, []),
  'bridge-not-answered.json': (r, events) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['Speak', 'CallAndBridge'],
    );
    assert.is(uri(r, 1), '600000');
    assert.is(r.TransactionAttributes?.stage, 'operator');
    assert.is(r.TransactionAttributes?.attempt, '2');
    assert.is(events[0]?.data.reason, 'primary did not answer');
  },
  'hangup-by-caller.json': (r) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['Hangup'],
    );
    assert.is(callId(r, 0), '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', 'LEG-B');
  },
  'hangup-by-agent.json': (r) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['Hangup'],
    );
    assert.is(callId(r, 0), 'c5a1d2e3-0f4b-4c6d-9e8f-a1b2c3d4e5f6', 'LEG-A');
  },
  'invalid-lambda-response.json': (r) => {
    assert.equal(
      r.Actions.map((a) => a.Type),
      ['Speak', 'CallAndBridge'],
    );
    assert.is(r.TransactionAttributes?.recovered, 'true');
  },
  'ringing.json': (r) => assert.equal(r.Actions, []),
};

test('every SMA fixture has an expectation', () => {
  assert.equal(readdirSync(new URL('./fixtures/sma/', import.meta.url)).sort(), Object.keys(expectations).sort());
});

for (const [name, expect] of Object.entries(expectations)) {
  test(`SMA fixture ${name}`, async () => {
    const h = routingHarness();
    const response = await h.handler(fixture('sma', name));
    assert.ok(smaResponseSchema.safeParse(response).success);
    expect(response, h.events());
    assert.not.ok(
      h.logger.records.some((r) => r.message.includes('fallback')),
      'handled without the fallback',
    );
  });
}

test('Lex fixture: keypad 2 on the dialog hook closes RouteCall with art', async () => {
  const response = await routingHarness().codeHook(fixture('lex', 'dialog-dtmf-art.json'));
  assert.ok(lexResponseSchema.safeParse(response).success);
  assert.equal(response.sessionState.dialogAction, { type: 'Close' });
  assert.is(response.sessionState.intent?.state, 'Fulfilled');
  assert.is((response.sessionState.intent?.slots?.Department as { value: { interpretedValue: string } }).value.interpretedValue, 'art');
});

test('Lex fixture: a second miss through FallbackIntent closes toward the operator', async () => {
  const response = await routingHarness().codeHook(fixture('lex', 'fallback-second-miss.json'));
  assert.ok(lexResponseSchema.safeParse(response).success);
  assert.is(response.sessionState.intent?.name, 'RouteCall');
  assert.is(response.sessionState.intent?.state, 'Failed');
  assert.equal(response.sessionState.sessionAttributes, { phoneNumber: '+14155550123', failureCount: '2', routeToOperator: 'true' });
});

test.run();
