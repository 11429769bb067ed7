/** The DynamoDB adapters against dynalite: conditional writes, pagination and the semantics the memory stores promise. */
import assert from 'node:assert/strict';
import { ensureTables } from '@switchboard/shared/dynamo';
import { type LocalDynamoDb, startDynamoDb } from '@switchboard/shared/local';
import { test } from 'uvu';
import { DynamoAttemptLog, DynamoDoNotCallList, DynamoJobStore, DynamoResultStore } from '../src/adapters/aws/dynamodb-stores.ts';
import { HttpCallResults, HttpDoNotCallWriter, HttpDynamoDocuments, HttpJobReader } from '../src/adapters/aws/dynamodb-session-http.ts';
import { JsonServiceClient } from '@switchboard/shared/aws-http';
import { calloutsTables } from '../src/adapters/aws/tables.ts';
import type { StoredJob } from '../src/domain/ports.ts';
import type { ReceiverResult } from '../src/domain/results.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
let dynamo: LocalDynamoDb;
const name = (def: { name: string }) => `stores-test-${def.name}`;
let jobs: DynamoJobStore;
let results: DynamoResultStore;

const job = (jobId: string, createdAt: string, status: StoredJob['status'] = 'Running'): StoredJob => ({
  jobId,
  source: 'api',
  purpose: 'survey',
  greeting: 'Hi',
  ending: 'Bye',
  questions: [
    { index: 1, type: 'YesNo', template: 'Ok?' },
    { index: 2, type: 'Number', template: 'How many?' },
  ],
  callingWindow: { start: '08:00', end: '21:00' },
  onInvalidRows: 'reject',
  retryPolicy: { maxAttempts: 3, retryAfterMinutes: { NoAnswer: 30 } },
  extraColumns: ['username'],
  correlationId: jobId,
  createdAt,
  contentHash: `hash-${jobId}`,
  status,
  receiverCount: 2,
  finalCounts: {},
  updatedAt: createdAt,
});
const result = (jobId: string, receiverId: string, row: number): ReceiverResult => ({
  jobId,
  receiverId,
  row,
  phoneNumber: '+85291234567',
  timeZones: ['Asia/Hong_Kong'],
  fields: { username: `u${row}` },
  status: 'Pending',
  attempts: [],
  answers: [null, null],
  updatedAt: '2026-03-02T00:00:00Z',
});

test.before(async () => {
  dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  await ensureTables(dynamo.client, calloutsTables, name);
  jobs = new DynamoJobStore(dynamo.documentClient, name({ name: 'jobs' }));
  results = new DynamoResultStore(dynamo.documentClient, name({ name: 'results' }), name({ name: 'contacts' }));
});
test.after(async () => {
  await dynamo?.close();
});

test('jobs: created once, guarded transitions, newest first with pagination, by status, atomic final counts', async () => {
  assert.equal((await jobs.createJob(job('a', '2026-03-01T00:00:00Z'))).created, true);
  const again = await jobs.createJob({ ...job('a', '2026-03-05T00:00:00Z'), contentHash: 'other' });
  assert.deepEqual([again.created, again.job.contentHash], [false, 'hash-a']);
  await jobs.createJob(job('b', '2026-03-02T00:00:00Z'));
  await jobs.createJob(job('c', '2026-03-03T00:00:00Z', 'Paused'));
  assert.equal(await jobs.updateJob('a', { status: 'Running' }, ['Paused']), undefined);
  assert.equal((await jobs.updateJob('c', { status: 'Running' }, ['Paused']))?.status, 'Running');
  const first = await jobs.listJobs({ limit: 2 });
  const second = await jobs.listJobs({ limit: 2, ...(first.cursor ? { cursor: first.cursor } : {}) });
  assert.deepEqual(
    [...first.items, ...second.items].map((j) => j.jobId),
    ['c', 'b', 'a'],
  );
  assert.equal(first.items[0] && 'listKey' in first.items[0], false);
  assert.deepEqual((await jobs.listJobsByStatus('Running')).map((j) => j.jobId).sort(), ['a', 'b', 'c']);
  await Promise.all([jobs.countFinal('a', 'Completed'), jobs.countFinal('a', 'Completed'), jobs.countFinal('a', 'Busy')]);
  assert.deepEqual((await jobs.getJob('a'))?.finalCounts, { Completed: 2, Busy: 1 });
});

test('results: initial rows never overwrite, updates clear notBefore, answers land one by one, pages cover everything', async () => {
  await results.putInitial(Array.from({ length: 1203 }, (_, i) => result('big', `r${String(i).padStart(4, '0')}`, i + 2)));
  await results.update('big', 'r0000', { status: 'WaitingRetry', notBefore: '2026-03-02T01:00:00Z' });
  await results.putInitial([result('big', 'r0000', 2)]);
  assert.equal((await results.get('big', 'r0000'))?.status, 'WaitingRetry');
  const dialing = await results.update('big', 'r0000', { status: 'Dialing' });
  assert.equal(dialing.notBefore, undefined);
  await results.recordAnswer('big', 'r0000', 2, '7', '2026-03-02T02:00:00Z');
  await results.recordAnswer('big', 'r0000', 1, 'Yes', '2026-03-02T02:00:05Z');
  assert.deepEqual((await results.get('big', 'r0000'))?.answers, ['Yes', '7']);
  assert.deepEqual(await results.answeredAt('big', 'r0000'), ['2026-03-02T02:00:05Z', '2026-03-02T02:00:00Z']);
  let count = 0;
  for await (const _ of results.all('big')) count += 1;
  assert.equal(count, 1203);
  await results.linkContact('contact-9', { jobId: 'big', receiverId: 'r0000', attempt: 1, taskToken: 'tok' });
  assert.deepEqual(await results.contactRef('contact-9'), { jobId: 'big', receiverId: 'r0000', attempt: 1, taskToken: 'tok' });
  assert.equal(await results.contactRef('nope'), undefined);
});

test('do-not-call and the attempt log', async () => {
  const dnc = new DynamoDoNotCallList(dynamo.documentClient, name({ name: 'do-not-call' }));
  await dnc.add({ phoneNumber: '+85291234567', reason: 'asked', source: 'api', addedAt: '2026-03-01T00:00:00Z' });
  await dnc.add({ phoneNumber: '+85291234567', reason: 'again', source: 'callee', addedAt: '2026-03-02T00:00:00Z' });
  assert.equal(await dnc.has('+85291234567'), true);
  assert.equal((await dnc.list({ limit: 10 })).items[0]?.reason, 'asked');
  assert.equal(await dnc.remove('+85291234567'), true);
  assert.equal(await dnc.remove('+85291234567'), false);
  const log = new DynamoAttemptLog(dynamo.documentClient, name({ name: 'call-attempts' }));
  await log.record('+85261234567', new Date('2026-03-01T00:00:00Z'), { jobId: 'a', receiverId: 'r', attempt: 1 });
  await log.record('+85261234567', new Date('2026-03-02T00:00:00Z'), { jobId: 'a', receiverId: 'r', attempt: 2 });
  assert.deepEqual(
    (await log.since('+85261234567', new Date('2026-03-01T12:00:00Z'))).map((d) => d.toISOString()),
    ['2026-03-02T00:00:00.000Z'],
  );
});

test("the contact-flow Lambdas' signed-client adapters read and write what the SDK stores do", async () => {
  const documents = new HttpDynamoDocuments(
    new JsonServiceClient({
      service: 'dynamodb',
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      credentials: () => ({ accessKeyId: 'test', secretAccessKey: 'test' }),
    }),
  );
  await jobs.createJob(job('http', '2026-03-03T00:00:00Z'));
  await results.putInitial([result('http', 'r1', 2)]);
  await results.linkContact('contact-http', { jobId: 'http', receiverId: 'r1', attempt: 1, taskToken: 'token' });
  const reader = new HttpJobReader(documents, name({ name: 'jobs' }));
  const calls = new HttpCallResults(documents, name({ name: 'results' }), name({ name: 'contacts' }));
  assert.deepEqual(await reader.getJob('http'), await jobs.getJob('http'));
  assert.equal(await reader.getJob('nope'), undefined);
  assert.deepEqual(await calls.get('http', 'r1'), await results.get('http', 'r1'));
  assert.deepEqual(await calls.contactRef('contact-http'), { jobId: 'http', receiverId: 'r1', attempt: 1, taskToken: 'token' });
  const attempts = [{ attempt: 1, clientToken: 'ct', startedAt: '2026-03-03T00:00:00Z', contactId: 'contact-http' }];
  const updated = await calls.update('http', 'r1', { status: 'InCall', attempts: attempts as never });
  assert.deepEqual([updated.status, updated.attempts], ['InCall', attempts]);
  await calls.recordAnswer('http', 'r1', 2, '12', '2026-03-03T00:01:00Z');
  assert.deepEqual((await results.get('http', 'r1'))?.answers, [null, '12']);
  assert.deepEqual(await results.answeredAt('http', 'r1'), [null, '2026-03-03T00:01:00Z']);
  // "Stop calling me" twice: the first entry stays, the second is not an error.
  const writer = new HttpDoNotCallWriter(documents, name({ name: 'do-not-call' }));
  await writer.add({ phoneNumber: '+85290000001', reason: 'asked', source: 'callee', addedAt: '2026-03-03T00:02:00Z' });
  await writer.add({ phoneNumber: '+85290000001', reason: 'again', source: 'callee', addedAt: '2026-03-03T00:03:00Z' });
  assert.equal(await new DynamoDoNotCallList(dynamo.documentClient, name({ name: 'do-not-call' })).has('+85290000001'), true);
  // A write the condition refuses for another reason still fails loudly.
  await assert.rejects(calls.update('http', 'no-such-receiver', { status: 'InCall' }), /ConditionalCheckFailed/);
});

test.run();
