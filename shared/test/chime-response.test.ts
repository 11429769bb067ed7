import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import {
  actions,
  smaResponse,
  smaResponseSchema,
  SmaResponseError,
  MAX_ACTIONS_PER_RESPONSE,
  MAX_TRANSACTION_ATTRIBUTES_BYTES,
  type SmaAction,
} from '@switchboard/shared/chime';

const readmeExamples = JSON.parse(readFileSync(new URL('./fixtures/samples/README-example-events.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.unreachable('expected a throw');
}

/** The README writes the caller id as the placeholder `+1NPANXXXXXX`; a real call carries a number there. */
function readmeBridge(callerId: string): Record<string, any> {
  const example = structuredClone(readmeExamples['smaResponse_CallAndBridge_to_VoiceConnector']) as Record<string, any>;
  example.Actions[0].Parameters.CallerIdNumber = callerId;
  return example;
}

test('the response schema accepts the CallAndBridge response of the smart-IVR sample README', () => {
  const result = smaResponseSchema.safeParse(readmeBridge('+14155550123'));
  assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
  // The placeholder itself is not a number the service could present.
  assert.not.ok(smaResponseSchema.safeParse(readmeExamples['smaResponse_CallAndBridge_to_VoiceConnector']).success);
});

test('the builder reproduces the README CallAndBridge response exactly', () => {
  const built = smaResponse([
    actions.callAndBridge({
      CallTimeoutSeconds: 30,
      CallerIdNumber: '+14155550123',
      Endpoints: [{ Uri: '600300', BridgeEndpointType: 'AWS', Arn: 'arn:aws:chime:us-east-1:104621577074:vc/ehwryzdm9hy4u6rrud7jym' }],
      SipHeaders: { 'X-LexInfo': 'history' },
    }),
  ]);
  assert.equal(built, readmeBridge('+14155550123'));
});

test('smaResponse sets SchemaVersion 1.0 and keeps actions in order', () => {
  const response = smaResponse([actions.speak({ CallId: 'call-1', Text: 'Hello' }), actions.hangup({ SipResponseCode: '0' })]);
  assert.is(response.SchemaVersion, '1.0');
  assert.equal(
    response.Actions.map((action) => action.Type),
    ['Speak', 'Hangup'],
  );
  assert.is(response.TransactionAttributes, undefined);
});

test('ten actions are accepted, an eleventh is rejected with a clear SmaResponseError', () => {
  const pause = () => actions.pause({ CallId: 'call-1', DurationInMilliseconds: 500 });
  const ten = Array.from({ length: MAX_ACTIONS_PER_RESPONSE }, pause);
  assert.is(smaResponse(ten).Actions.length, 10);
  const error = thrownBy(() => smaResponse([...ten, actions.hangup()]));
  assert.instance(error, SmaResponseError);
  assert.match((error as Error).message, /11 actions/);
  assert.match((error as Error).message, /at most 10/);
  assert.match((error as Error).message, /Hangup/);
});

test('a non-string transaction attribute is rejected with the key and its type in the message', () => {
  const error = thrownBy(() => smaResponse([actions.hangup()], { department: 'history', attempts: 2 }));
  assert.instance(error, SmaResponseError);
  assert.match((error as Error).message, /"attempts"/);
  assert.match((error as Error).message, /number/);
  assert.match((error as Error).message, /string values only/);
});

test('eleven transaction attributes are rejected; ten are kept as given', () => {
  const ten = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`key${index + 1}`, `value${index + 1}`]));
  assert.equal(smaResponse([], ten).TransactionAttributes, ten);
  const error = thrownBy(() => smaResponse([], { ...ten, key11: 'value11' }));
  assert.instance(error, SmaResponseError);
  assert.match((error as Error).message, /11 transaction attributes/);
});

test('the schema rejects a response beyond the limits and a wrong schema version', () => {
  const pause = { Type: 'Pause', Parameters: { DurationInMilliseconds: 100 } };
  assert.not.ok(smaResponseSchema.safeParse({ SchemaVersion: '1.0', Actions: Array(11).fill(pause) }).success);
  assert.not.ok(smaResponseSchema.safeParse({ SchemaVersion: '2.0', Actions: [pause] }).success);
  assert.not.ok(smaResponseSchema.safeParse({ SchemaVersion: '1.0', Actions: [pause], TransactionAttributes: { a: 1 } }).success);
  assert.ok(smaResponseSchema.safeParse({ SchemaVersion: '1.0', Actions: [pause], TransactionAttributes: { a: '1' } }).success);
});

test('transaction attributes over 20 KB of JSON are rejected', () => {
  const justUnder = { state: 'x'.repeat(MAX_TRANSACTION_ATTRIBUTES_BYTES - 20) };
  assert.ok(smaResponse([], justUnder).TransactionAttributes);
  const over = { state: 'x'.repeat(MAX_TRANSACTION_ATTRIBUTES_BYTES) };
  const error = thrownBy(() => smaResponse([], over));
  assert.instance(error, SmaResponseError);
  assert.match((error as Error).message, /at most 20480/);
  assert.not.ok(smaResponseSchema.safeParse({ SchemaVersion: '1.0', Actions: [], TransactionAttributes: over }).success);
});

test('each action is checked against its own type: the issue names the action by index, and unknown types are refused', () => {
  const badBridge = actions.callAndBridge({ CallerIdNumber: '+14155550100', Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '600300' }] });
  const error = thrownBy(() => smaResponse([actions.speak({ CallId: 'c', Text: 'One moment.' }), badBridge]));
  assert.instance(error, SmaResponseError);
  assert.match((error as Error).message, /Actions\.1\.Parameters\.Endpoints\.0\.Uri: a PSTN endpoint Uri is an E\.164 number/);
  assert.equal((error as SmaResponseError).issues[0]?.path, ['Actions', 1, 'Parameters', 'Endpoints', 0, 'Uri']);

  const unknown = thrownBy(() => smaResponse([{ Type: 'Transfer', Parameters: {} } as unknown as SmaAction]));
  assert.match((unknown as Error).message, /Actions\.0\.Type: unknown action type "Transfer"; expected one of Speak, /);
  // The whole-response schema agrees with the per-type path on both.
  assert.not.ok(smaResponseSchema.safeParse({ SchemaVersion: '1.0', Actions: [badBridge] }).success);
  assert.not.ok(smaResponseSchema.safeParse({ SchemaVersion: '1.0', Actions: [{ Type: 'Transfer', Parameters: {} }] }).success);
});

test.run();
