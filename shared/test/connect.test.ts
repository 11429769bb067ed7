import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  parseConnectEvent,
  connectEventSchema,
  connectResponse,
  connectResponseSchema,
  ConnectResponseError,
  CONNECT_RESPONSE_MAX_BYTES,
  contactAttributes,
  flowParameters,
  flowValue,
  customerPhoneNumber,
  queueName,
  type ConnectEvent,
} from '@switchboard/shared/connect';
import { connectFlowEvent } from '@switchboard/shared/connect/testing';

const fixturesDir = fileURLToPath(new URL('./fixtures/connect/', import.meta.url));
const fixtureFiles = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const raw = (name: string) => JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8')) as Record<string, any>;

function event(name: string): ConnectEvent {
  const result = parseConnectEvent(raw(name));
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.event;
}

function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return assert.unreachable('expected a throw') as never;
}

test('every Connect fixture parses', () => {
  assert.ok(fixtureFiles.length >= 3);
  for (const name of fixtureFiles) event(name);
});

test('the documented example event reads as expected', () => {
  const inbound = event('inbound-voice.json');
  assert.is(inbound.Name, 'ContactFlowEvent');
  assert.is(inbound.Details.ContactData.Channel, 'VOICE');
  assert.is(queueName(inbound), 'PasswordReset');
  assert.is(customerPhoneNumber(inbound), '+1234567890');
  assert.equal(flowParameters(inbound), { sentAttributeKey: 'sentAttributeValue' });
  assert.equal(contactAttributes(inbound), {});
});

test('the queue reads the same whether Connect sent an object, a name or null', () => {
  assert.is(queueName(event('inbound-voice.json')), 'PasswordReset');
  assert.is(queueName(event('admin-guide-queue-name.json')), 'QueueName');
  assert.is(queueName(event('callouts-response-handler.json')), undefined);
});

test('callouts response handler: parameters win over attributes, attributes are the fallback', () => {
  const handler = event('callouts-response-handler.json');
  assert.is(flowValue(handler, 'response_intent'), 'Yes');
  assert.is(flowValue(handler, 'question_type'), 'YesNo');
  assert.is(flowValue(handler, 'missing'), undefined);
  const copy = contactAttributes(handler);
  copy['i'] = 'mutated';
  assert.is(handler.Details.ContactData.Attributes['i'], '2');
});

test('a chat contact with null endpoints parses and has no phone number', () => {
  const chat = event('chat-contact.json');
  assert.is(chat.Details.ContactData.Channel, 'CHAT');
  assert.is(customerPhoneNumber(chat), undefined);
  assert.is(chat.Details.ContactData.Attributes['conversationId'], 'conv-0001');
});

test('malformed events give ok:false without throwing', () => {
  const base = raw('inbound-voice.json');
  const mutated = (change: (event: Record<string, any>) => void) => {
    const copy = structuredClone(base);
    change(copy);
    return copy;
  };
  const cases: unknown[] = [
    null,
    42,
    mutated((e) => (e['Name'] = 'SomethingElse')),
    mutated((e) => delete e['Details']['ContactData']['ContactId']),
    mutated((e) => (e['Details']['ContactData']['Channel'] = 'FAX')),
    mutated((e) => (e['Details']['ContactData']['Attributes'] = { n: 1 })),
    mutated((e) => delete e['Details']['Parameters']),
  ];
  for (const input of cases) {
    const result = parseConnectEvent(input);
    assert.not.ok(result.ok);
    if (!result.ok) assert.match(result.error, /^invalid Amazon Connect contact-flow event: /);
  }
  assert.ok(connectEventSchema.safeParse(base).success);
});

test('connectResponse: a flat string map, numbers and booleans stringified, undefined dropped', () => {
  const response = connectResponse({ department: 'history', attempts: 2, accepted: true, note: undefined });
  assert.equal(response, { department: 'history', attempts: '2', accepted: 'true' });
  assert.ok(connectResponseSchema.safeParse(response).success);
});

test('connectResponse rejects nested, null and oversized values with the key in the message', () => {
  const nested = thrownBy(() => connectResponse({ answers: { q1: 'Yes' } } as never));
  assert.instance(nested, ConnectResponseError);
  assert.match(nested.message, /"answers"/);
  assert.match(nested.message, /flat string values/);
  assert.match(thrownBy(() => connectResponse({ list: ['a'] } as never)).message, /"list" is an array/);
  assert.match(thrownBy(() => connectResponse({ gone: null } as never)).message, /"gone" is null/);
  assert.match(thrownBy(() => connectResponse({ ratio: Number.NaN })).message, /"ratio" is NaN/);
  const big = 'x'.repeat(CONNECT_RESPONSE_MAX_BYTES);
  assert.match(thrownBy(() => connectResponse({ big })).message, /at most 32768/);
  assert.not.ok(connectResponseSchema.safeParse({ big }).success);
  assert.not.ok(connectResponseSchema.safeParse({ nested: { a: 'b' } }).success);
});

test('connectFlowEvent builds valid voice and chat events', () => {
  const voice = connectFlowEvent({ customerPhoneNumber: '+12065550123', parameters: { ContactId: 'c-1' }, attributes: { i: '0' } });
  assert.is(voice.Details.ContactData.Channel, 'VOICE');
  assert.is(voice.Details.ContactData.InitiationMethod, 'OUTBOUND');
  assert.is(customerPhoneNumber(voice), '+12065550123');
  assert.is(flowValue(voice, 'ContactId'), 'c-1');
  assert.ok(parseConnectEvent(JSON.parse(JSON.stringify(voice))).ok);
  const chat = connectFlowEvent({ channel: 'CHAT', contactId: 'chat-1' });
  assert.is(chat.Details.ContactData.InitiationMethod, 'API');
  assert.is(chat.Details.ContactData.InitialContactId, 'chat-1');
  assert.is(customerPhoneNumber(chat), undefined);
});

test.run();
