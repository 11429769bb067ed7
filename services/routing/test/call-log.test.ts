/**
 * Issue 15, call log: the outcome comes from the call's final state (not from the order of events published
 * in the same millisecond), and `GET /calls` lists calls by time range, department and outcome, paginated,
 * with callers' numbers masked for roles that do not need them. Real DynamoDB wire protocol (dynalite).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureTables } from '@switchboard/shared/dynamo';
import { InvalidTokenError, type TokenVerifier } from '@switchboard/shared/http';
import { startDynamoDb, type LocalDynamoDb } from '@switchboard/shared/local';
import { callLogTable, DynamoDbCallLog } from '../src/adapters/aws/dynamodb-call-log.ts';
import { InMemoryDepartments } from '../src/adapters/local/in-memory-departments.ts';
import { createApp } from '../src/api/app.ts';
import { recordRoutingEvent } from '../src/application/call-log-recorder.ts';
import { callOutcome } from '../src/domain/call-outcome.ts';
import type { CallLogEntry } from '../src/domain/ports.ts';
import { CALLER, routingHarness, seededDepartments } from './support/harness.ts';

const test = suite<{ db: LocalDynamoDb; callLog: DynamoDbCallLog }>('call log', {} as never);
test.before(async (ctx) => {
  ctx.db = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  await ensureTables(ctx.db.client, [callLogTable], () => 'test-routing-call-log');
  ctx.callLog = new DynamoDbCallLog({ client: ctx.db.documentClient, tableName: 'test-routing-call-log' });
});
test.after(async (ctx) => ctx.db.close());

const verifier: TokenVerifier = {
  verify: async (token) => {
    const groups = { reader: [], agent: ['agent'], supervisor: ['supervisor'] }[token];
    if (groups === undefined) throw new InvalidTokenError('unknown test token');
    return { subject: token, username: token, groups, claims: { sub: token } };
  },
};

test('the outcome is the final state, whatever the order of same-millisecond entries', () => {
  const at = '2026-03-01T10:00:00.123Z';
  const failed: CallLogEntry = {
    callId: 'c',
    eventId: 'z-failed',
    detailType: 'CallRoutingFailed',
    occurredAt: at,
    data: { stage: 'bridge', reason: 'primary was busy', outcome: 'operator', department: 'history' },
  };
  const routedFirst: CallLogEntry = {
    callId: 'c',
    eventId: 'b-routed',
    detailType: 'CallRouted',
    occurredAt: '2026-03-01T10:00:00.000Z',
    data: { department: 'history', destination: { kind: 'voiceConnector', target: '600300' }, reason: 'open', attempt: 1 },
  };
  const routedOperator: CallLogEntry = {
    callId: 'c',
    eventId: 'a-routed',
    detailType: 'CallRouted',
    occurredAt: at,
    data: { department: 'history', destination: { kind: 'voiceConnector', target: '600000' }, reason: 'operator', attempt: 2 },
  };
  // The log sorts same-millisecond entries by event id: here the failure reads as the last event.
  for (const order of [
    [routedFirst, routedOperator, failed],
    [routedFirst, failed, routedOperator],
    [failed, routedOperator, routedFirst],
  ]) {
    assert.equal(callOutcome(order).text, 'routed to history (voiceConnector 600000, operator)');
  }
  const ended: CallLogEntry = {
    callId: 'c',
    eventId: '0-ended',
    detailType: 'CallRoutingFailed',
    occurredAt: '2026-03-01T10:00:30Z',
    data: { stage: 'bridge', reason: 'operator did not answer', outcome: 'hangup' },
  };
  assert.is(callOutcome([ended, routedOperator, routedFirst, failed]).kind, 'ended');
});

test('GET /calls lists by time range, department and outcome, newest first, paginated; numbers masked unless supervisor', async (ctx) => {
  // Real calls through the real handlers, logged by the real recorder into dynalite.
  const h = routingHarness();
  const starts = ['2026-03-01T09:00:00Z', '2026-03-01T12:00:00Z', '2026-03-02T09:00:00Z'];
  const calls: string[] = [];
  for (const [i, say] of ['history', 'art', 'history'].entries()) {
    const before = h.bus.history.length;
    const call = await h.call({ say });
    calls.push(call.callId);
    for (const event of h.bus.history.slice(before)) {
      const shifted = {
        ...event,
        time: starts[i],
        detail: { ...(event.detail as Record<string, any>), metadata: { ...(event.detail as Record<string, any>).metadata, occurredAt: starts[i] } },
      };
      await recordRoutingEvent(ctx.callLog, shifted);
    }
  }
  const app = createApp({
    departments: new InMemoryDepartments(seededDepartments()),
    callLog: ctx.callLog,
    verifier,
    version: '0.1.0',
    clock: () => new Date('2026-03-03T00:00:00Z'),
  });
  const get = async (path: string, token = 'supervisor') => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as any };
  };
  const all = await get('/calls?from=2026-03-01T00:00:00Z&to=2026-03-02T23:59:59Z');
  assert.is(all.status, 200);
  assert.equal(
    all.body.items.map((c: { callId: string }) => c.callId),
    [calls[2], calls[1], calls[0]],
  );
  assert.equal(all.body.items[0], {
    callId: calls[2],
    startedAt: starts[2],
    department: 'history',
    outcome: 'routed',
    outcomeText: 'routed to history (voiceConnector 600300, open)',
    callerNumber: CALLER,
  });
  // Filters.
  assert.equal(
    (await get('/calls?from=2026-03-01T00:00:00Z&to=2026-03-02T23:59:59Z&department=history')).body.items.map((c: { callId: string }) => c.callId),
    [calls[2], calls[0]],
  );
  assert.equal(
    (await get('/calls?from=2026-03-01T10:00:00Z&to=2026-03-01T23:00:00Z')).body.items.map((c: { callId: string }) => c.callId),
    [calls[1]],
  );
  assert.equal((await get('/calls?from=2026-03-01T00:00:00Z&to=2026-03-02T23:59:59Z&outcome=deflected')).body.items, []);
  // Pages of one, across days, with the kit's nextToken.
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const pageOf = await get(`/calls?from=2026-03-01T00:00:00Z&to=2026-03-02T23:59:59Z&limit=1${token ? `&nextToken=${token}` : ''}`);
    assert.is(pageOf.status, 200);
    seen.push(...pageOf.body.items.map((c: { callId: string }) => c.callId));
    token = pageOf.body.nextToken;
  } while (token && seen.length < 10);
  assert.equal(seen, [calls[2], calls[1], calls[0]]);
  // Masked for an agent; refused without a role; invalid ranges name the field.
  const masked = await get('/calls?from=2026-03-01T00:00:00Z&to=2026-03-02T23:59:59Z', 'agent');
  assert.is(masked.body.items[0].callerNumber, '+1415***0123');
  const detail = await get(`/calls/${calls[0]}`, 'agent');
  assert.not.ok(JSON.stringify(detail.body).includes(CALLER), 'no full number in the call detail for an agent');
  assert.ok(JSON.stringify((await get(`/calls/${calls[0]}`)).body).includes(CALLER));
  assert.is((await get('/calls', 'reader')).status, 403);
  const backwards = await get('/calls?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z');
  assert.is(backwards.status, 422);
  assert.is(backwards.body.issues[0].path, 'query.from');
  assert.is((await get('/calls?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z')).status, 422);
  assert.is((await get('/calls?nextToken=not*ours')).status, 422);

  // The day's counts (the console's Overview): by outcome, no call ids or numbers, for any routing reader.
  const summary = await get('/calls/summary?from=2026-03-01T00:00:00Z&to=2026-03-02T23:59:59Z', 'agent');
  assert.is(summary.status, 200);
  assert.equal(summary.body, {
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-02T23:59:59.000Z',
    total: 3,
    byOutcome: { routed: 3, deflected: 0, 'deflection-failed': 0, ended: 0, failed: 0, unknown: 0 },
    complete: true,
  });
  const day = await get('/calls/summary');
  assert.equal(
    [day.body.from, day.body.to, day.body.total],
    ['2026-03-03T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 0],
    'default: today (UTC) so far',
  );
  const clockAt = (at: string) =>
    createApp({
      departments: new InMemoryDepartments(seededDepartments()),
      callLog: ctx.callLog,
      verifier,
      version: '0.1.0',
      clock: () => new Date(at),
    });
  const secondDay = await clockAt('2026-03-02T18:00:00Z').request('/calls/summary', { headers: { authorization: 'Bearer supervisor' } });
  assert.is(((await secondDay.json()) as { total: number }).total, 1, 'today is the UTC day of the clock');
  assert.is((await get('/calls/summary', 'reader')).status, 403);
  assert.is((await get('/calls/summary?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z')).status, 422);
});

test.run();
