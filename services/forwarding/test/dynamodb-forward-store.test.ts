/** The forwards table adapter against dynalite (the real DynamoDB wire protocol on loopback). */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '@switchboard/shared/dynamo';
import { startDynamoDb, type LocalDynamoDb } from '@switchboard/shared/local';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DynamoForwardStore } from '../src/adapters/aws/dynamodb-forward-store.ts';
import { forwardsTable } from '../src/adapters/forwards-table.ts';
import { forwardSettingsSchema, type Forward } from '../src/domain/forward.ts';
import type { HistoryEntry } from '../src/domain/history.ts';
import { newSwitch } from '../src/domain/product-switch.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const store = suite<{ db: LocalDynamoDb; table: string }>('DynamoForwardStore on dynalite');
let counter = 0;

store.before(async (ctx) => {
  ctx.db = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  ctx.table = 'test-forwarding-forwards';
  await ensureTables(ctx.db.client, [forwardsTable], () => ctx.table);
});
store.after(async (ctx) => {
  await ctx.db?.close();
});

const forwardFor = (e164: string, revision: number, destination = '+13125550199'): Forward => ({
  ...forwardSettingsSchema.parse({ destinations: [{ number: destination }] }),
  phoneNumber: e164,
  owner: 'u1',
  revision,
  updatedAt: new Date().toISOString(),
  updatedBy: 'alice',
});
const entry = (e164: string, action: HistoryEntry['action'], after: unknown = null): HistoryEntry => ({
  phoneNumber: e164,
  at: new Date(Date.now() + counter).toISOString(),
  id: `h-${++counter}`,
  actor: 'alice',
  action,
  before: null,
  after,
});

/** A document client whose next history append fails: the process "dies" between the two writes. */
function failingHistoryOnce(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  let armed = true;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: unknown, ...rest: unknown[]) => {
        if (armed && command instanceof PutCommand && String(command.input.Item?.sk).startsWith('HISTORY#')) {
          armed = false;
          return Promise.reject(new Error('connection reset (simulated crash)'));
        }
        return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      };
    },
  });
}

store('set, replace, remove and set again, each with its audit entry; stale revisions lose', async ({ db, table }) => {
  const s = new DynamoForwardStore(db.documentClient, table);
  const n = '+13125550100';
  assert.ok(await s.putForward(forwardFor(n, 1), 0, entry(n, 'forward-set')));
  assert.not.ok(await s.putForward(forwardFor(n, 1), 0, entry(n, 'forward-set')), 'a second first-set loses');
  assert.ok(await s.putForward(forwardFor(n, 2, '+12025550123'), 1, entry(n, 'forward-replaced')));
  assert.not.ok(await s.putForward(forwardFor(n, 2), 1, entry(n, 'forward-replaced')), 'a stale revision loses');
  assert.is((await s.getForward(n))!.destinations[0]!.number, '+12025550123');
  assert.not.ok(await s.deleteForward(n, 1, entry(n, 'forward-removed')));
  assert.ok(await s.deleteForward(n, 2, entry(n, 'forward-removed')));
  assert.is(await s.getForward(n), undefined, 'a tombstone reads as no forward');
  assert.not.ok(await s.deleteForward(n, 2, entry(n, 'forward-removed')), 'removing twice does not apply twice');
  assert.ok(await s.putForward(forwardFor(n, 1), 0, entry(n, 'forward-set')), 'a removed number can be forwarded again');
  const trail = await s.listHistory(n, { limit: 10 });
  assert.equal(
    trail.items.map((h) => h.action),
    ['forward-set', 'forward-removed', 'forward-replaced', 'forward-set'],
  );
});

store('a crash between the forward and its audit entry loses nothing: the entry is recovered', async ({ db, table }) => {
  const n = '+13125550101';
  const crashing = new DynamoForwardStore(failingHistoryOnce(db.documentClient), table);
  try {
    await crashing.putForward(forwardFor(n, 1), 0, entry(n, 'forward-set', { marker: 'first' }));
    assert.unreachable('the append should have failed');
  } catch (error) {
    assert.match(String(error), /simulated crash/);
  }
  const s = new DynamoForwardStore(db.documentClient, table);
  assert.ok(await s.getForward(n), 'the change itself was written');
  const trail = await s.listHistory(n, { limit: 10 });
  assert.equal(
    trail.items.map((h) => [h.action, h.after]),
    [['forward-set', { marker: 'first' }]],
  );
  // Reading again, or the next change, does not duplicate it.
  assert.ok(await s.putForward(forwardFor(n, 2), 1, entry(n, 'forward-replaced')));
  assert.equal(
    (await s.listHistory(n, { limit: 10 })).items.map((h) => h.action),
    ['forward-replaced', 'forward-set'],
  );
});

store('the rate limit counts atomically per actor and window', async ({ db, table }) => {
  const s = new DynamoForwardStore(db.documentClient, table);
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const results = await Promise.all(Array.from({ length: 5 }, () => s.takeRateLimitToken('u-rate', 'w1', 3, expires)));
  assert.is(results.filter(Boolean).length, 3);
  assert.ok(await s.takeRateLimitToken('u-rate', 'w2', 3, expires), 'a new window starts afresh');
  assert.ok(await s.takeRateLimitToken('u-other', 'w1', 3, expires), 'another user has their own budget');
});

store('assignments are listed per owner through the by-owner index', async ({ db, table }) => {
  const s = new DynamoForwardStore(db.documentClient, table);
  await s.putAssignment('+13125550102', 'owner-a', 'admin', new Date().toISOString());
  await s.putAssignment('+13125550103', 'owner-a', 'admin', new Date().toISOString());
  await s.putAssignment('+13125550104', 'owner-b', 'admin', new Date().toISOString());
  await s.putAssignment('+13125550103', 'owner-b', 'admin', new Date().toISOString());
  assert.equal(await s.listAssignedNumbers('owner-a'), ['+13125550102']);
  assert.equal(await s.listAssignedNumbers('owner-b'), ['+13125550103', '+13125550104']);
  assert.is(await s.getAssignment('+13125550103'), 'owner-b');
});

store('the switch journal is revision-guarded', async ({ db, table }) => {
  const s = new DynamoForwardStore(db.documentClient, table);
  const record = {
    ...newSwitch({
      id: 's1',
      phoneNumber: '+13125550105',
      target: { kind: 'voice-connector', voiceConnectorId: 'vc1' },
      actor: 'a',
      steps: [],
      now: new Date(),
    }),
    revision: 1,
  };
  assert.ok(await s.save(record, 0));
  assert.not.ok(await s.save(record, 0));
  assert.ok(await s.save({ ...record, revision: 2, status: 'failed', error: 'x' }, 1));
  assert.not.ok(await s.save({ ...record, revision: 2 }, 1));
  assert.equal((await s.get('+13125550105'))!.status, 'failed');
});

store.run();
