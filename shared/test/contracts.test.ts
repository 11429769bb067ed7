import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as z from 'zod';
import { allContracts, CalloutRequested, CallRouted, ContractError, defineEvent, SmsDeflectionRequested } from '@switchboard/shared/contracts';

const routed = {
  callId: 'a1b2c3',
  callerNumber: '+14155550100',
  department: 'history',
  destination: { kind: 'voiceConnector' as const, target: '600300' },
  reason: 'open' as const,
  attempt: 1,
};

test('envelope wraps valid data with metadata', () => {
  const envelope = CallRouted.envelope(routed, { correlationId: 'a1b2c3', occurredAt: new Date('2026-03-08T10:00:00Z') });
  assert.is(envelope.metadata.version, '1.0');
  assert.is(envelope.metadata.correlationId, 'a1b2c3');
  assert.is(envelope.metadata.occurredAt, '2026-03-08T10:00:00.000Z');
  assert.match(envelope.metadata.id, /^[0-9a-f-]{36}$/);
  assert.equal(envelope.data, routed);
});

test('envelope refuses invalid data and names every bad field', () => {
  try {
    CallRouted.envelope({ ...routed, callerNumber: '555-0100', attempt: 0 } as never, { correlationId: 'x' });
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, ContractError);
    const paths = (error as ContractError).issues.map((issue) => issue.path);
    assert.ok(paths.includes('data.callerNumber'), paths.join());
    assert.ok(paths.includes('data.attempt'), paths.join());
    assert.match((error as Error).message, /switchboard\.routing\/CallRouted/);
  }
});

test('parse accepts a whole EventBridge event and the detail alone', () => {
  const detail = SmsDeflectionRequested.envelope(
    { phoneNumber: '+14155550100', callId: 'c1', department: 'art', requestedBy: 'switchboard.routing' },
    { correlationId: 'c1' },
  );
  const fromEvent = SmsDeflectionRequested.parse({
    version: '0',
    source: 'switchboard.sms',
    'detail-type': 'SmsDeflectionRequested',
    detail,
  });
  assert.is(fromEvent.data.department, 'art');
  assert.is(SmsDeflectionRequested.parse(JSON.parse(JSON.stringify(detail))).data.callId, 'c1');
});

test("parse refuses another contract's event and a malformed detail", () => {
  assert.throws(
    () => CallRouted.parse({ source: 'switchboard.sms', 'detail-type': 'SmsOptedOut', detail: {} }),
    /expected switchboard\.routing\/CallRouted/,
  );
  assert.throws(
    () => CallRouted.parse({ metadata: {}, data: {} }),
    (error: unknown) => error instanceof ContractError && error.issues.length > 0,
  );
  assert.throws(() => CallRouted.parse({ source: 'switchboard.routing', 'detail-type': 'CallRouted', detail: '{not json' }), /not valid JSON/);
  assert.is(CallRouted.safeParse(null).success, false);
});

test('the pattern is the one EventBridge rules are built from', () => {
  assert.equal(CalloutRequested.pattern, { source: ['switchboard.callouts'], 'detail-type': ['CalloutRequested'] });
});

test('defineEvent refuses bad names and versions', () => {
  const schema = () => z.object({});
  assert.throws(() => defineEvent({ source: 'routing', detailType: 'CallRouted', version: '1.0', schema }), /switchboard\.<service>/);
  assert.throws(() => defineEvent({ source: 'switchboard.routing', detailType: 'callRouted', version: '1.0', schema }), /PascalCase/);
  assert.throws(() => defineEvent({ source: 'switchboard.routing', detailType: 'CallRouted', version: 'v1', schema }), /major\.minor/);
  assert.ok(defineEvent({ source: 'switchboard.routing', detailType: 'CallRouted.v2', version: '1.0', schema }));
});

test('every contract is unique and exports a draft-4 JSON Schema of its detail', () => {
  assert.ok(allContracts.length >= 13);
  const names = new Set(allContracts.map((c) => `${c.source}/${c.detailType}`));
  assert.is(names.size, allContracts.length);
  for (const contract of allContracts) {
    const schema = contract.jsonSchema();
    assert.is(schema.$schema, 'http://json-schema.org/draft-04/schema#', contract.detailType);
    assert.equal((schema.required as string[]).sort(), ['data', 'metadata'], contract.detailType);
  }
});

test('a contract builds its schema once, on first use', () => {
  let builds = 0;
  const Probe = defineEvent({
    source: 'switchboard.routing',
    detailType: 'ProbeBuilt',
    version: '1.0',
    schema: () => (builds++, z.object({ callId: z.string().min(1) })),
  });
  assert.is(builds, 0, 'defining a contract builds nothing');
  assert.is(Probe.envelope({ callId: 'c-1' }, { correlationId: 'c-1' }).data.callId, 'c-1');
  assert.throws(() => Probe.envelope({ callId: '' }, { correlationId: 'c-1' }), /cannot publish switchboard\.routing\/ProbeBuilt: data\.callId/);
  assert.ok(Probe.parse({ metadata: { id: 'e', version: '1.0', correlationId: 'c', occurredAt: '2026-01-01T00:00:00Z' }, data: { callId: 'c' } }));
  assert.ok(Probe.jsonSchema());
  assert.is(Probe.schema, Probe.schema);
  assert.is(builds, 1);
});

test.run();
