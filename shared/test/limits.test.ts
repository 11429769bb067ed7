import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables, isConditionalCheckFailed } from '../src/dynamo/index.ts';
import { createDynamoSpendLimiter, createInMemorySpendLimiter, spendLimitsTable, utcDayWindow, type SpendLimits } from '../src/limits/index.ts';
import { createLocalIssuer, createRoute, createServiceApp, enforceSpendLimit, problemResponses, z } from '../src/http/index.ts';
import { createLogger } from '../src/logging/index.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const limits: SpendLimits = { calls: { perUser: 3, perStage: 5 }, texts: { perUser: 2, perStage: 100 } };

test('utcDayWindow: fixed windows keyed by the UTC day', () => {
  const late = utcDayWindow(new Date('2026-12-03T23:59:59.500Z'));
  assert.is(late.window, '2026-12-03');
  assert.is(new Date(late.endsAt).toISOString(), '2026-12-04T00:00:00.000Z');
  assert.is(utcDayWindow(new Date('2026-12-04T00:00:00.000Z')).window, '2026-12-04');
});

test('in memory: per-user ceiling, then the stage ceiling, with Retry-After to UTC midnight', async () => {
  let now = new Date('2026-12-03T22:00:00Z');
  const limiter = createInMemorySpendLimiter({ limits, now: () => now });
  for (let i = 0; i < 3; i++) assert.equal(await limiter.consume({ kind: 'calls', userId: 'alice' }), { allowed: true });
  const refused = await limiter.consume({ kind: 'calls', userId: 'alice' });
  assert.equal(refused, {
    allowed: false,
    retryAfterSeconds: 7200,
    limit: {
      name: 'calls-per-user-per-day',
      kind: 'calls',
      scope: 'user',
      max: 3,
      requested: 1,
      window: '2026-12-03',
      resetsAt: '2026-12-04T00:00:00.000Z',
    },
  });
  assert.ok((await limiter.consume({ kind: 'calls', userId: 'bob' })).allowed);
  assert.ok((await limiter.consume({ kind: 'calls', userId: 'bob' })).allowed);
  // The stage's 5 are used up: carol is refused by the stage, and her own counter is given back.
  const stage = await limiter.consume({ kind: 'calls', userId: 'carol' });
  assert.is(stage.allowed ? undefined : stage.limit.name, 'calls-per-stage-per-day');
  assert.is(limiter.store.counters.get('user#calls#2026-12-03#carol'), 0);
  // Texts are counted apart from calls.
  assert.ok((await limiter.consume({ kind: 'texts', userId: 'alice' })).allowed);
  // A new UTC day is a new window.
  now = new Date('2026-12-04T00:00:01Z');
  assert.ok((await limiter.consume({ kind: 'calls', userId: 'alice' })).allowed);
});

test('a batch larger than what is left is refused whole, not partly counted', async () => {
  const limiter = createInMemorySpendLimiter({ limits, now: () => new Date('2026-12-03T12:00:00Z') });
  assert.ok((await limiter.consume({ kind: 'calls', userId: 'alice', count: 2 })).allowed);
  const batch = await limiter.consume({ kind: 'calls', userId: 'alice', count: 2 });
  assert.not.ok(batch.allowed);
  assert.is(limiter.store.counters.get('user#calls#2026-12-03#alice'), 2);
  const huge = await limiter.consume({ kind: 'calls', userId: 'bob', count: 50_000 });
  assert.is(huge.allowed ? undefined : huge.limit.requested, 50_000);
});

test('a mandatory request is never refused but counted, past the ceiling, so ordinary ones see it', async () => {
  const limiter = createInMemorySpendLimiter({ limits, now: () => new Date('2026-12-03T12:00:00Z') });
  assert.equal(await limiter.consume({ kind: 'calls', userId: 'system:iot-triage', count: 2, mandatory: true }), { allowed: true });
  const over = await limiter.consume({ kind: 'calls', userId: 'system:iot-triage', count: 2, mandatory: true });
  assert.ok(over.allowed);
  assert.is(over.allowed ? over.exceeded?.name : undefined, 'calls-per-user-per-day');
  assert.is(limiter.store.counters.get('user#calls#2026-12-03#system:iot-triage'), 4);
  assert.is(limiter.store.counters.get('stage#calls#2026-12-03'), 4);
  // Larger than a ceiling on its own: still counted whole.
  assert.ok((await limiter.consume({ kind: 'calls', userId: 'system:other', count: 9, mandatory: true })).allowed);
  assert.is(limiter.store.counters.get('stage#calls#2026-12-03'), 13);
  // The stage's 5 are spent: an ordinary request is refused by the stage.
  const ordinary = await limiter.consume({ kind: 'calls', userId: 'alice' });
  assert.is(ordinary.allowed ? undefined : ordinary.limit.name, 'calls-per-stage-per-day');
});

test('DynamoDB counters on dynalite: ADD with a condition, TTL attribute, no over-spend under concurrency', async () => {
  const server = dynalite({ createTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const documents = DynamoDBDocumentClient.from(client);
  const tableName = 'switchboard-test-spend-limits';
  try {
    await ensureTables(client, [spendLimitsTable], () => tableName);
    const limiter = createDynamoSpendLimiter({
      client: documents,
      tableName,
      limits: { calls: { perUser: 10, perStage: 25 }, texts: { perUser: 1, perStage: 1 } },
      now: () => new Date('2026-12-03T12:00:00Z'),
    });
    // 40 concurrent single calls from 4 users: each user may have 10, the stage 25 — never more.
    const users = ['a', 'b', 'c', 'd'];
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => limiter.consume({ kind: 'calls', userId: users[i % 4]! })));
    assert.is(decisions.filter((d) => d.allowed).length, 25);
    const stage = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: 'stage#calls#2026-12-03' } }));
    assert.is(stage.Item?.used, 25);
    assert.is(stage.Item?.expiresAt, Date.parse('2026-12-07T00:00:00Z') / 1000);
    let perUser = 0;
    for (const user of users) {
      const item = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `user#calls#2026-12-03#${user}` } }));
      assert.ok((item.Item?.used as number) <= 10, `user ${user} stayed within 10`);
      perUser += item.Item?.used as number;
    }
    assert.is(perUser, 25, 'refused requests gave their user share back');
    // The Pulumi Table component turns TTL on from the definition (dynalite has no TTL API; it never expires items).
    assert.is(spendLimitsTable.ttlAttribute, 'expiresAt');
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('isConditionalCheckFailed: SDK exceptions, transaction reasons and plain objects', () => {
  assert.ok(isConditionalCheckFailed({ name: 'ConditionalCheckFailedException' }));
  assert.ok(
    isConditionalCheckFailed({ name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
  );
  assert.not.ok(isConditionalCheckFailed({ name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ThrottlingError' }] }));
  assert.not.ok(isConditionalCheckFailed(new Error('ConditionalCheckFailedException')));
  assert.not.ok(isConditionalCheckFailed(undefined));
});

test('HTTP: a refusal is a 429 problem with Retry-After, naming the limit', async () => {
  const issuer = await createLocalIssuer();
  const limiter = createInMemorySpendLimiter({ limits, now: () => new Date('2026-12-03T23:00:00Z') });
  const app = createServiceApp({
    service: 's',
    version: '0',
    title: 't',
    verifier: issuer.verifier,
    logger: createLogger({ service: 's', level: 'SILENT' }),
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/texts',
      responses: {
        202: { description: 'Sent', content: { 'application/json': { schema: z.object({ sent: z.boolean() }) } } },
        ...problemResponses(429),
      },
    }),
    async (c) => {
      await enforceSpendLimit(limiter, { kind: 'texts', userId: c.get('principal').subject });
      return c.json({ sent: true }, 202);
    },
  );
  const headers = { authorization: `Bearer ${await issuer.issueToken({ sub: 'u1', username: 'u1' })}` };
  assert.is((await app.request('/texts', { method: 'POST', headers })).status, 202);
  assert.is((await app.request('/texts', { method: 'POST', headers })).status, 202);
  const refused = await app.request('/texts', { method: 'POST', headers });
  assert.is(refused.status, 429);
  assert.is(refused.headers.get('retry-after'), '3600');
  assert.is(refused.headers.get('content-type'), 'application/problem+json');
  const body = (await refused.json()) as Record<string, unknown>;
  assert.is(body.limit, 'texts-per-user-per-day');
  assert.is(body.max, 2);
  assert.match(String(body.detail), /your limit of 2 texts per day/);
});

test.run();
