import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { CallRouted, SmsDeflectionRequested, SmsOptedOut } from '@switchboard/shared/contracts';
import { EventBridgeBus, LocalBus, matchesPattern, PublishError, type BusEvent } from '@switchboard/shared/bus';
import { rejects } from '@switchboard/shared/testing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const request = { phoneNumber: '+14155550100', requestedBy: 'test', department: 'art' };

test('pattern: exact values, prefix, suffix, anything-but, numeric, exists, nested, arrays, $or', () => {
  const event = { source: 'switchboard.sms', 'detail-type': 'SmsOptedOut', detail: { data: { n: 5, tags: ['a', 'b'], phone: '+1415' } } };
  assert.ok(matchesPattern({ source: ['switchboard.sms'] }, event));
  assert.not.ok(matchesPattern({ source: ['switchboard.routing'] }, event));
  assert.ok(matchesPattern({ source: [{ prefix: 'switchboard.' }] }, event));
  assert.ok(matchesPattern({ 'detail-type': [{ suffix: 'Out' }] }, event));
  assert.ok(matchesPattern({ 'detail-type': [{ 'anything-but': ['CallRouted'] }] }, event));
  assert.not.ok(matchesPattern({ 'detail-type': [{ 'anything-but': 'SmsOptedOut' }] }, event));
  assert.ok(matchesPattern({ detail: { data: { n: [{ numeric: ['>', 1, '<=', 5] }] } } }, event));
  assert.not.ok(matchesPattern({ detail: { data: { n: [{ numeric: ['>', 5] }] } } }, event));
  assert.ok(matchesPattern({ detail: { data: { tags: ['b'] } } }, event));
  assert.ok(matchesPattern({ detail: { data: { missing: [{ exists: false }], phone: [{ exists: true }] } } }, event));
  assert.not.ok(matchesPattern({ detail: { data: { missing: [{ exists: true }] } } }, event));
  assert.ok(matchesPattern({ $or: [{ source: ['nope'] }, { detail: { data: { phone: [{ prefix: '+14' }] } } }] }, event));
  assert.ok(matchesPattern({ source: [{ wildcard: 'switchboard.*' }] }, event));
  assert.ok(matchesPattern({ source: [{ 'equals-ignore-case': 'SWITCHBOARD.SMS' }] }, event));
  assert.throws(() => matchesPattern({ source: 'switchboard.sms' }, event), /must be an array or an object/);
});

test('local bus delivers to matching subscribers only, asynchronously, as an EventBridge event', async () => {
  const bus = new LocalBus();
  const received: BusEvent[] = [];
  let publishReturned = false;
  bus.subscribe(SmsDeflectionRequested.pattern, (event) => {
    assert.ok(publishReturned, 'delivery must not run inside publish');
    received.push(event);
  });
  bus.subscribe(CallRouted.pattern, () => assert.unreachable('wrong contract delivered'));
  await bus.publish(SmsDeflectionRequested, request, { correlationId: 'call-1' });
  publishReturned = true;
  await bus.drain();
  assert.is(received.length, 1);
  const parsed = SmsDeflectionRequested.parse(received[0]);
  assert.is(parsed.data.department, 'art');
  assert.is(parsed.metadata.correlationId, 'call-1');
  assert.is(received[0]!.source, 'switchboard.sms');
});

test('local bus refuses invalid data before anything is delivered', async () => {
  const bus = new LocalBus();
  let delivered = 0;
  bus.subscribe(SmsDeflectionRequested.pattern, () => void delivered++);
  await rejects(() => bus.publish(SmsDeflectionRequested, { ...request, phoneNumber: 'nope' }, { correlationId: 'x' }));
  await bus.drain();
  assert.is(delivered, 0);
  assert.is(bus.history.length, 0);
});

test('local bus retries a failing subscriber, then dead-letters the event', async () => {
  const bus = new LocalBus({ retryDelayMs: 1 });
  let calls = 0;
  bus.subscribe(
    SmsOptedOut.pattern,
    () => {
      calls++;
      if (calls < 2) throw new Error('transient');
    },
    { name: 'flaky' },
  );
  bus.subscribe(
    SmsOptedOut.pattern,
    () => {
      throw new Error('always');
    },
    { name: 'broken', maxAttempts: 3 },
  );
  await bus.publish(SmsOptedOut, { phoneNumber: '+14155550100', keyword: 'STOP' }, { correlationId: 'x' });
  await bus.drain();
  assert.is(calls, 2);
  assert.is(bus.deadLetters.length, 1);
  assert.is(bus.deadLetters[0]!.subscription, 'broken');
  assert.is(bus.deadLetters[0]!.attempts, 3);
});

test('EventBridge adapter sends one entry and throws when FailedEntryCount > 0', async () => {
  const mock = mockClient(EventBridgeClient);
  mock
    .on(PutEventsCommand)
    .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] })
    .resolvesOnce({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
  const bus = new EventBridgeBus({ busName: 'switchboard-dev', client: new EventBridgeClient({ region: 'us-east-1' }) });
  await bus.publish(SmsOptedOut, { phoneNumber: '+14155550100', keyword: 'STOP' }, { correlationId: 'x' });
  const input = mock.commandCalls(PutEventsCommand)[0]!.args[0].input;
  assert.is(input.Entries?.length, 1);
  assert.is(input.Entries?.[0]?.EventBusName, 'switchboard-dev');
  assert.is(input.Entries?.[0]?.DetailType, 'SmsOptedOut');
  assert.is(JSON.parse(input.Entries?.[0]?.Detail ?? '{}').data.keyword, 'STOP');
  try {
    await bus.publish(SmsOptedOut, { phoneNumber: '+14155550100', keyword: 'STOP' }, { correlationId: 'x' });
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, PublishError);
    assert.match((error as Error).message, /InternalFailure: try again/);
  }
  mock.restore();
});

test.run();
