import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLocalIssuer } from '@switchboard/shared/http';
import { test } from 'uvu';
import { createApp } from '../src/api/app.ts';
import { referenceWorkbooks, simulation } from './support.ts';

async function setup() {
  const sim = simulation({ start: new Date('2026-03-02T02:00:00Z'), callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const issuer = await createLocalIssuer();
  const started: string[] = [];
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 30 * 24 * 3600,
    starter: {
      start: async (jobId) => {
        started.push(jobId);
        await sim.runner.startJob(jobId);
      },
    },
  });
  const token = await issuer.issueToken({ sub: 'u1', username: 'teacher', groups: ['campaign-manager'] });
  const admin = await issuer.issueToken({ sub: 'u2', username: 'lead', groups: ['admin'] });
  const call = (path: string, init: RequestInit = {}, bearer = token) =>
    app.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(init.headers ?? {}),
      },
    });
  return { sim, app, call, started, admin };
}

const task = {
  task_id: 'api-job',
  greeting: 'Hi {{ username }}',
  ending: 'Bye',
  phone_prefix: '+852',
  questions: [{ question_type: 'Yes/No', question_template: 'Coming, {{ username }}?' }],
  receivers: [
    { id: 'a', phone_number: '91234567', username: 'Ann <b>' },
    { id: 'b', phone_number: '61234567', username: 'Bob' },
  ],
};

test('JSON job: created, duplicate, progress, results, report link capped at 7 days', async () => {
  const { sim, call, started } = await setup();
  const created = await call('/jobs', { method: 'POST', body: JSON.stringify(task) });
  assert.equal(created.status, 201);
  const again = await call('/jobs', { method: 'POST', body: JSON.stringify(task) });
  assert.equal(again.status, 200);
  assert.equal((await again.json()).duplicate, true);
  assert.deepEqual(started, ['api-job']);
  const conflict = await call('/jobs', { method: 'POST', body: JSON.stringify({ ...task, ending: 'Ciao' }) });
  assert.equal(conflict.status, 409);

  const early = await call('/jobs/api-job/report');
  assert.equal(early.status, 409);
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const job = await (await call('/jobs/api-job')).json();
  assert.equal(job.status, 'Completed');
  assert.equal(job.progress.Completed, 2);
  const page1 = await (await call('/jobs/api-job/results?limit=1')).json();
  assert.equal(page1.items.length, 1);
  assert.equal(page1.items[0].answers[0], 'Yes');
  const page2 = await (await call(`/jobs/api-job/results?limit=1&nextToken=${page1.nextToken}`)).json();
  assert.equal(page2.items[0].receiverId, 'b');
  assert.equal(page2.nextToken, undefined);
  const report = await (await call('/jobs/api-job/report')).json();
  assert.equal(report.expiresInSeconds, 7 * 24 * 3600);
  const list = await (await call('/jobs')).json();
  assert.deepEqual(
    list.items.map((j: { jobId: string }) => j.jobId),
    ['api-job'],
  );
  assert.deepEqual(list.items[0].progress, { total: 2, done: 2, Completed: 2 });
});

test('an invalid job is a 422 listing each row; nothing starts', async () => {
  const { call, started } = await setup();
  const response = await call('/jobs', {
    method: 'POST',
    body: JSON.stringify({ ...task, receivers: [...task.receivers, { id: 'a', phone_number: 'x', username: 'Al' }] }),
  });
  assert.equal(response.status, 422);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  const problem = await response.json();
  assert.deepEqual(
    problem.jobIssues.map((i: { row: number }) => i.row),
    [3, 3],
  );
  assert.deepEqual(started, []);
  assert.equal((await call('/jobs', { method: 'POST', body: '{"task_id": ' })).status, 400);
  assert.equal((await call('/jobs', { method: 'POST', body: JSON.stringify({ task_id: 'x' }) })).status, 422);
});

test('a workbook upload (multipart) becomes a job named after the file', async () => {
  const { call } = await setup();
  const form = new FormData();
  form.set(
    'file',
    new File([readFileSync(referenceWorkbooks.cdk)], 'call_job.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  const response = await call('/jobs', { method: 'POST', body: form });
  assert.equal(response.status, 201, await response.clone().text());
  const body = await response.json();
  assert.equal(body.job.jobId, 'call_job');
  assert.equal(body.job.questions.length, 6);
});

test('preview renders SSML with receiver data escaped', async () => {
  const { call } = await setup();
  const response = await call('/jobs/preview', { method: 'POST', body: JSON.stringify({ job: task }) });
  assert.equal(response.status, 200);
  const preview = await response.json();
  assert.equal(preview.greeting, 'Hi Ann &lt;b&gt;');
  assert.equal(preview.questions[0].prompt, 'Coming, Ann &lt;b&gt;?');
  const injected = await call('/jobs/preview', {
    method: 'POST',
    body: JSON.stringify({ job: { ...task, greeting: '{{ range.constructor("return process")() }}' } }),
  });
  assert.equal(injected.status, 422);
});

test('pause, resume and cancel follow the allowed transitions', async () => {
  const { call } = await setup();
  await call('/jobs', { method: 'POST', body: JSON.stringify(task) });
  assert.equal((await (await call('/jobs/api-job/pause', { method: 'POST' })).json()).status, 'Paused');
  assert.equal((await call('/jobs/api-job/pause', { method: 'POST' })).status, 409);
  assert.equal((await (await call('/jobs/api-job/resume', { method: 'POST' })).json()).status, 'Running');
  assert.equal((await (await call('/jobs/api-job/cancel', { method: 'POST' })).json()).status, 'Cancelled');
  assert.equal((await call('/jobs/nope/cancel', { method: 'POST' })).status, 404);
});

test('do-not-call list: changes need admin, the path is decoded once; no token is a 401', async () => {
  const { call, admin, app } = await setup();
  assert.equal((await call('/do-not-call/%2B85291234567', { method: 'PUT', body: JSON.stringify({ reason: 'asked' }) })).status, 403);
  assert.equal((await call('/do-not-call/%2B85291234567', { method: 'PUT', body: JSON.stringify({ reason: 'asked' }) }, admin)).status, 200);
  assert.equal((await call('/do-not-call/12', { method: 'PUT' }, admin)).status, 422);
  // %252B is "%2B" once decoded: a literal percent sign, not a second decoding into "+".
  assert.equal((await call('/do-not-call/%252B85291234568', { method: 'PUT' }, admin)).status, 422);
  const list = await (await call('/do-not-call', {}, admin)).json();
  assert.deepEqual(
    list.items.map((e: { phoneNumber: string }) => e.phoneNumber),
    ['+85291234567'],
  );
  assert.equal((await call('/do-not-call/%2B85291234567', { method: 'DELETE' })).status, 403);
  assert.equal((await call('/do-not-call/%2B85291234567', { method: 'DELETE' }, admin)).status, 204);
  assert.equal((await app.request('/jobs')).status, 401);
  assert.equal((await app.request('/openapi.json')).status, 200);
});

test.run();
