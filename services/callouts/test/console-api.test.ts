/**
 * The routes the console's campaign pages use: the dry run (JSON and workbook), the template workbook, a
 * receiver's prompts in a stored job, and the job's waiting summary and pacing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { createLocalIssuer } from '@switchboard/shared/http';
import { test } from 'uvu';
import { readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { createApp } from '../src/api/app.ts';
import { configureSettings } from '../src/domain/call-job-template.ts';
import { validateJob } from '../src/domain/job.ts';
import { referenceWorkbooks, simulation } from './support.ts';

async function setup(start = new Date('2026-03-02T02:00:00Z')) {
  const sim = simulation({ start, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const issuer = await createLocalIssuer();
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 3600,
    starter: { start: (jobId) => sim.runner.startJob(jobId) },
    receiversPerJob: { 'campaign-manager': 2, admin: 10 },
    pacing: { maxConcurrency: 10, dialsPerSecond: 2 },
  });
  const tokens = {
    ann: await issuer.issueToken({ sub: 'ann', username: 'ann', groups: ['campaign-manager'] }),
    bob: await issuer.issueToken({ sub: 'bob', username: 'bob', groups: ['campaign-manager'] }),
    supervisor: await issuer.issueToken({ sub: 'sue', username: 'sue', groups: ['supervisor'] }),
  };
  const call = (path: string, init: RequestInit = {}, who: keyof typeof tokens = 'ann') =>
    app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}) },
    });
  return { sim, call };
}

const upload = (bytes: Uint8Array<ArrayBuffer>, name: string) => {
  const form = new FormData();
  form.set('file', new File([bytes], name));
  return form;
};

const task = (receivers: number, extra: Record<string, unknown> = {}) => ({
  task_id: 'console-job',
  greeting: 'Hi {{ username }}',
  ending: 'Bye',
  phone_prefix: '+852',
  questions: [{ question_type: 'Yes/No', question_template: 'Coming, {{ username }}?' }],
  receivers: Array.from({ length: receivers }, (_, i) => ({ id: `r${i + 1}`, phone_number: String(91234560 + i), username: `Ann <${i}>` })),
  ...extra,
});

test('the dry run validates an uploaded workbook without storing or calling anything', async () => {
  const { sim, call } = await setup();
  const response = await call('/jobs/validate', { method: 'POST', body: upload(readFileSync(referenceWorkbooks.cdk), 'spring.xlsx') });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.valid, true, JSON.stringify(body.issues));
  assert.equal(body.summary.taskId, 'spring');
  assert.equal(body.summary.receivers, 2);
  assert.equal(body.summary.questions.length, 6);
  assert.deepEqual(body.summary.extraColumns, ['username']);
  assert.equal(body.preview.greeting, 'Hi Cyrus, This is a simple survey.');
  assert.equal((await (await call('/jobs')).json()).items.length, 0, 'nothing stored');
  assert.equal(sim.world.connect.calls.length, 0, 'nothing called');
});

test('the dry run names every problem by sheet, row and column; a broken file is one job issue', async () => {
  const { call } = await setup();
  const badQuestion = await (
    await call('/jobs/validate', {
      method: 'POST',
      body: JSON.stringify({ ...task(2), questions: [{ question_type: 'Essay', question_template: 'Why?' }] }),
    })
  ).json();
  assert.equal(badQuestion.valid, false);
  assert.deepEqual(
    badQuestion.issues.map((i: { sheet: string; row?: number; column?: string }) => [i.sheet, i.row, i.column]),
    [['questions', 1, 'question_type']],
  );
  const broken = task(2);
  broken.receivers[1] = { id: 'r2', phone_number: 'call me', username: 'Bo' };
  const body = await (await call('/jobs/validate', { method: 'POST', body: JSON.stringify(broken) })).json();
  assert.equal(body.valid, false);
  assert.ok(
    body.issues.some((i: { sheet: string; row?: number; column?: string }) => i.sheet === 'receivers' && i.row === 2 && i.column === 'phone_number'),
    JSON.stringify(body.issues),
  );
  const garbage = await (await call('/jobs/validate', { method: 'POST', body: upload(new Uint8Array(Buffer.from('not a zip')), 'x.xlsx') })).json();
  assert.equal(garbage.valid, false);
  assert.equal(garbage.issues[0].sheet, 'job');
  assert.match(garbage.issues[0].reason, /not a readable Excel workbook/);
});

test("the dry run reports the role's receivers-per-job limit as an issue", async () => {
  const { call } = await setup();
  const body = await (await call('/jobs/validate', { method: 'POST', body: JSON.stringify(task(3)) })).json();
  assert.equal(body.valid, false);
  assert.match(body.issues[0].reason, /3 receivers to call; your role allows at most 2 per job/);
  assert.equal(body.summary.receivers, 3);
});

test('the template workbook is a real .xlsx that reads back as a valid job with every setting', async () => {
  const { call } = await setup();
  const response = await call('/templates/call-job.xlsx');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /spreadsheetml/);
  assert.match(response.headers.get('content-disposition') ?? '', /attachment/);
  const bytes = Buffer.from(await response.arrayBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  assert.deepEqual(
    workbook.worksheets.map((s) => s.name),
    ['configures', 'questions', 'receivers'],
  );
  const keys: string[] = [];
  workbook.getWorksheet('configures')!.eachRow((row, n) => {
    if (n > 1) keys.push(String(row.getCell(1).value));
  });
  assert.deepEqual(
    keys,
    configureSettings.map((s) => s.key),
  );
  const draft = await readCallJobWorkbook(bytes, 'template');
  const validation = validateJob(draft, { now: new Date('2026-03-02T02:00:00Z') });
  assert.equal(validation.ok, true, JSON.stringify(validation));
  if (validation.ok) {
    assert.deepEqual(validation.issues, []);
    assert.equal(validation.value.receivers.length, 2);
    assert.equal(validation.value.job.questions.length, 6);
  }
  // The same check the console relies on: the dry run accepts the template as it is.
  const check = await (await call('/jobs/validate', { method: 'POST', body: upload(bytes, 'call_job_template.xlsx') })).json();
  assert.equal(check.valid, true, JSON.stringify(check.issues));
});

test("a receiver's prompts render from the stored job, for its creator only", async () => {
  const { call } = await setup();
  assert.equal((await call('/jobs', { method: 'POST', body: JSON.stringify(task(2)) })).status, 201);
  const prompts = await (await call('/jobs/console-job/receivers/r2/prompts')).json();
  assert.deepEqual(prompts, {
    receiverId: 'r2',
    greeting: 'Hi Ann &lt;1&gt;',
    questions: [{ index: 1, type: 'YesNo', prompt: 'Coming, Ann &lt;1&gt;?' }],
    ending: 'Bye',
  });
  assert.equal((await call('/jobs/console-job/receivers/nobody/prompts')).status, 404);
  assert.equal((await call('/jobs/console-job/receivers/r2/prompts', {}, 'bob')).status, 404, "another manager's job");
  assert.equal((await call('/jobs/console-job/receivers/r2/prompts', {}, 'supervisor')).status, 404, 'supervisors do not see receiver columns');
});

test('a job outside its calling window says how many wait, until when and in which zone; pacing is shown', async () => {
  // 23:00 in Hong Kong: the window opens at 08:00 local (00:00 UTC).
  const { sim, call } = await setup(new Date('2026-03-02T15:00:00Z'));
  await call('/jobs', { method: 'POST', body: JSON.stringify(task(2)) });
  await sim.scheduler.run(() => false, { until: new Date('2026-03-02T15:05:00Z') });
  const job = await (await call('/jobs/console-job')).json();
  assert.deepEqual(job.waiting, [
    { reason: 'OutsideWindow', receivers: 2, nextAttemptAt: '2026-03-03T00:00:00.000Z', timeZones: ['Asia/Hong_Kong'] },
  ]);
  assert.deepEqual(job.pacing, { maxConcurrency: 10, dialsPerSecond: 2 });
  assert.equal(job.progress.WaitingRetry, 2);
  const listed = (await (await call('/jobs')).json()).items[0];
  assert.deepEqual(listed.pacing, { maxConcurrency: 10, dialsPerSecond: 2 });
});

test.run();
