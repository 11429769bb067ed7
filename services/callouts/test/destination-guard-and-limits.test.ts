import assert from 'node:assert/strict';
import { CalloutCompleted, CalloutRequested } from '@switchboard/shared/contracts';
import { createLocalIssuer } from '@switchboard/shared/http';
import { createInMemorySpendLimiter } from '@switchboard/shared/limits';
import { test } from 'uvu';
import { readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { createApp } from '../src/api/app.ts';
import { acceptCalloutRequested } from '../src/domain/intake.ts';
import { validateJob } from '../src/domain/job.ts';
import { simulation } from './support.ts';
import { sheetXml, workbookWithReceivers } from './workbook-files.ts';

const now = new Date('2026-03-02T02:00:00Z');
// Real numbers of each refused kind (libphonenumber's metadata), one per row from row 2.
const refused: [string, RegExp][] = [
  ['+19005551234', /premium-rate numbers are not called/],
  ['+881612345678', /satellite and international network numbers are not called/],
  ['+447400123456', /country this service does not call/],
  ['+5352123456', /embargoed destination/],
];

test('workbook: every receiver passes the toll-fraud guard, refusals are row-precise', async () => {
  const rows = [['id', 'phone_number'], [1, '+85291234567'], ...refused.map(([n], i) => [i + 2, n])];
  const draft = await readCallJobWorkbook(workbookWithReceivers(sheetXml(rows as (string | number)[][])), 'guard');
  const result = validateJob(draft, { now });
  assert.ok(!result.ok);
  for (const [i, [, reason]] of refused.entries()) {
    const issue = result.issues.find((x) => x.sheet === 'receivers' && x.row === i + 3);
    assert.ok(issue && /^phone_number: /.test(issue.reason) && reason.test(issue.reason), `row ${i + 3}: ${JSON.stringify(issue)}`);
  }
  assert.ok(!result.issues.some((x) => x.row === 2), 'the Hong Kong mobile is called');
});

async function api(options: { limiter?: ReturnType<typeof createInMemorySpendLimiter>; receiversPerJob?: Record<string, number> } = {}) {
  const sim = simulation({ start: now, callees: () => ({ behaviour: 'answer', utterances: ['OK'] }) });
  const issuer = await createLocalIssuer();
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 3600,
    starter: { start: async () => undefined },
    ...(options.limiter ? { spendLimiter: options.limiter } : {}),
    ...(options.receiversPerJob ? { receiversPerJob: options.receiversPerJob } : {}),
  });
  const token = await issuer.issueToken({ sub: 'ann-sub', username: 'ann', groups: ['campaign-manager'] });
  const submit = (taskId: string, numbers: string[]) =>
    app.request('/jobs', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        task_id: taskId,
        greeting: 'Hi',
        ending: 'Bye',
        questions: [{ question_type: 'OK', question_template: 'Say OK' }],
        receivers: numbers.map((n, i) => ({ id: `r${i}`, phone_number: n })),
      }),
    });
  return { sim, submit };
}

test('JSON intake: a refused number is a 422 naming its row; nothing is called', async () => {
  const { submit } = await api();
  const response = await submit('json-guard', ['+85291234567', '+19005551234']);
  assert.equal(response.status, 422);
  const problem = (await response.json()) as { jobIssues: { row: number; reason: string }[] };
  assert.deepEqual(
    problem.jobIssues.map((i) => [i.row, i.reason]),
    [[2, 'phone_number: premium-rate numbers are not called']],
  );
});

test('event intake: a refused receiver is NotCallable and its requester hears why', async () => {
  const sim = simulation({ start: now, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const envelope = CalloutRequested.envelope(
    {
      requestId: 'incident-3:call-1',
      requestedBy: 'switchboard.iot-triage',
      purpose: 'operational',
      greeting: 'Fault.',
      ending: 'Bye.',
      onInvalidRows: 'skip',
      questions: [{ type: 'Yes/No', template: 'Attend?' }],
      receivers: [
        { receiverId: 'good', phoneNumber: '+85291234567' },
        { receiverId: 'sat', phoneNumber: '+881612345678' },
      ],
    },
    { correlationId: 'c' },
  );
  const result = await acceptCalloutRequested(sim.campaign, { start: async () => undefined }, envelope);
  assert.equal(result.kind, 'created');
  const refusedEvent = sim.bus.history
    .filter((e) => e['detail-type'] === CalloutCompleted.detailType)
    .map((e) => CalloutCompleted.parse(e).data)
    .find((d) => d.receiverId === 'sat');
  assert.equal(refusedEvent?.status, 'NotCallable');
  assert.match(refusedEvent?.error ?? '', /satellite and international network numbers are not called/);
});

test('spend limits: receivers per job for the role (422) and calls per user per day (429 with Retry-After)', async () => {
  const small = await api({ receiversPerJob: { 'campaign-manager': 1 } });
  const tooBig = await small.submit('too-big', ['+85291234567', '+85261234567']);
  assert.equal(tooBig.status, 422);
  assert.equal(((await tooBig.json()) as { limit: string }).limit, 'receivers-per-job');

  const limiter = createInMemorySpendLimiter({
    limits: { calls: { perUser: 3, perStage: 100 }, texts: { perUser: 0, perStage: 0 } },
    now: () => now,
  });
  const daily = await api({ limiter });
  assert.equal((await daily.submit('first', ['+85291234567', '+85261234567'])).status, 201);
  const second = await daily.submit('second', ['+85292345678', '+85262345678']);
  assert.equal(second.status, 429);
  assert.equal(second.headers.get('retry-after'), String(22 * 3600));
  assert.equal(((await second.json()) as { limit: string }).limit, 'calls-per-user-per-day');
  assert.equal(await daily.sim.stores.jobs.getJob('second'), undefined, 'a refused job is not stored');
});

test.run();
