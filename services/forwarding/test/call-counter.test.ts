/** The CallForwarded subscriber's use case (in memory) and its DynamoDB adapter (on dynalite). */
import { ensureTables } from '@switchboard/shared/dynamo';
import { CallForwarded } from '@switchboard/shared/contracts';
import { startDynamoDb, type LocalDynamoDb } from '@switchboard/shared/local';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DynamoForwardedCallCounts } from '../src/adapters/aws/dynamodb-forwarded-call-counts.ts';
import { forwardedCallsKey, forwardsTable } from '../src/adapters/forwards-table.ts';
import { countForwardedCall, forwardedCallSummary } from '../src/application/call-counter.ts';
import type { ForwardOutcome } from '../src/domain/call-counts.ts';
import type { ForwardedCallCounts } from '../src/domain/ports.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** What EventBridge hands the Lambda: source, detail-type and the detail the contract wrote (occurredAt as given). */
const delivered = (outcome: ForwardOutcome, occurredAt: string) => {
  const detail = CallForwarded.envelope(
    { callId: `call-${Math.random()}`, phoneNumber: '+13125550100', destinationIndex: 0, outcome, durationSeconds: 12 },
    { correlationId: 'test' },
  );
  return {
    source: CallForwarded.source,
    'detail-type': CallForwarded.detailType,
    detail: { ...detail, metadata: { ...detail.metadata, occurredAt } },
  };
};

class MemoryCounts implements ForwardedCallCounts {
  readonly days = new Map<string, Partial<Record<ForwardOutcome, number>>>();
  readonly seen = new Set<string>();
  async count(day: string, outcome: ForwardOutcome, eventId: string) {
    if (this.seen.has(eventId)) return 'duplicate' as const;
    this.seen.add(eventId);
    const counts = this.days.get(day) ?? {};
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    this.days.set(day, counts);
    return 'counted' as const;
  }
  async read(day: string) {
    return this.days.get(day) ?? {};
  }
}

const useCase = suite('countForwardedCall');

useCase('counts on the UTC day the call ended, by outcome, and sums every outcome', async () => {
  const counts = new MemoryCounts();
  await countForwardedCall(counts, delivered('answered', '2026-12-03T23:59:59.000-00:00'));
  // 00:30 in UTC+2 is still 22:30 the day before in UTC.
  await countForwardedCall(counts, delivered('busy', '2026-12-04T00:30:00+02:00'));
  await countForwardedCall(counts, delivered('answered', '2026-12-04T00:00:00Z'));
  assert.equal(await forwardedCallSummary(counts, '2026-12-03'), {
    date: '2026-12-03',
    total: 2,
    byOutcome: { answered: 1, busy: 1, noAnswer: 0, refused: 0, notForwarded: 0, failed: 0 },
  });
  assert.is((await forwardedCallSummary(counts, '2026-12-04')).total, 1);
  assert.equal(await forwardedCallSummary(counts, '2026-01-01'), {
    date: '2026-01-01',
    total: 0,
    byOutcome: { answered: 0, busy: 0, noAnswer: 0, refused: 0, notForwarded: 0, failed: 0 },
  });
});

useCase('passes the event id, so a redelivery is a duplicate; a malformed event throws (retries, then the DLQ)', async () => {
  const counts = new MemoryCounts();
  const event = delivered('noAnswer', '2026-12-03T10:00:00Z');
  assert.is(await countForwardedCall(counts, event), 'counted');
  assert.is(await countForwardedCall(counts, event), 'duplicate');
  assert.is((await forwardedCallSummary(counts, '2026-12-03')).total, 1);
  const broken = structuredClone(event) as { detail: { data: { outcome: string } } };
  broken.detail.data.outcome = 'hung-up';
  await countForwardedCall(counts, broken).then(
    () => assert.unreachable('a malformed event must not be counted'),
    (error: Error) => assert.match(error.message, /outcome/),
  );
});

useCase.run();

const adapter = suite<{ db: LocalDynamoDb; table: string }>('DynamoForwardedCallCounts on dynalite');

adapter.before(async (ctx) => {
  ctx.db = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  ctx.table = 'test-forwarding-call-counts';
  await ensureTables(ctx.db.documentClient, [forwardsTable], () => ctx.table);
});
adapter.after(async (ctx) => {
  await ctx.db?.close();
});

adapter('concurrent calls all count (atomic ADD), a redelivered event does not, and the counter expires', async ({ db, table }) => {
  const now = new Date('2026-12-03T12:00:00Z');
  const counts = new DynamoForwardedCallCounts(db.documentClient, table, () => now);
  const outcomes: ForwardOutcome[] = ['answered', 'answered', 'busy', 'failed', 'answered', 'refused', 'notForwarded', 'noAnswer'];
  const results = await Promise.all(outcomes.map((outcome, i) => counts.count('2026-12-03', outcome, `event-${i}`)));
  assert.ok(results.every((r) => r === 'counted'));
  assert.equal(await counts.read('2026-12-03'), { answered: 3, busy: 1, noAnswer: 1, refused: 1, notForwarded: 1, failed: 1 });
  assert.is(await counts.count('2026-12-03', 'answered', 'event-0'), 'duplicate');
  assert.is((await counts.read('2026-12-03')).answered, 3);
  assert.equal(await counts.read('2026-12-02'), {});
  const { Item } = await db.documentClient.send(new GetCommand({ TableName: table, Key: forwardedCallsKey('2026-12-03') }));
  assert.ok(typeof Item?.expiresAt === 'number' && Item.expiresAt > now.getTime() / 1000 + 365 * 86_400, 'kept about a year, then expires');
});

adapter('a delivery that failed after claiming its marker but before counting counts when it is retried', async ({ db, table }) => {
  const counts = new DynamoForwardedCallCounts(db.documentClient, table);
  // Fail the increment once: the marker is claimed (counted = false), the counter is not touched.
  const send = db.documentClient.send.bind(db.documentClient);
  let calls = 0;
  const flaky = Object.create(db.documentClient, {
    send: { value: (command: any) => (++calls === 2 ? Promise.reject(new Error('throttled')) : send(command)) },
  });
  const failing = new DynamoForwardedCallCounts(flaky, table);
  await failing.count('2026-11-30', 'busy', 'retried-event').then(
    () => assert.unreachable('the increment failed'),
    (error: Error) => assert.is(error.message, 'throttled'),
  );
  assert.equal(await counts.read('2026-11-30'), {});
  assert.is(await counts.count('2026-11-30', 'busy', 'retried-event'), 'counted');
  assert.is(await counts.count('2026-11-30', 'busy', 'retried-event'), 'duplicate');
  assert.equal(await counts.read('2026-11-30'), { busy: 1 });
});

adapter.run();
