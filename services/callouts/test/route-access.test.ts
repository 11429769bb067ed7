import assert from 'node:assert/strict';
import { createLocalIssuer } from '@switchboard/shared/http';
import type { Role } from '@switchboard/shared/roles';
import { assertRouteAccess } from '@switchboard/shared/testing';
import { test } from 'uvu';
import { access, undocumentedRoutes } from '../src/api/access.ts';
import { createApp } from '../src/api/app.ts';
import { simulation } from './support.ts';

const now = new Date('2026-03-02T02:00:00Z');

async function setup() {
  const sim = simulation({ start: now, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const issuer = await createLocalIssuer();
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 3600,
    starter: { start: (jobId) => sim.runner.startJob(jobId) },
  });
  const tokenFor = (role: Role | null, username = role ?? 'plain') => issuer.issueToken({ sub: username, username, groups: role ? [role] : [] });
  const as = async (token: string, path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}) },
    });
  return { sim, app, tokenFor, as };
}

const task = (taskId: string) => ({
  task_id: taskId,
  greeting: 'Hi',
  ending: 'Bye',
  phone_prefix: '+852',
  questions: [{ question_type: 'OK', question_template: 'Say OK' }],
  receivers: [{ id: 'a', phone_number: '91234567', ssn: '123-45-6789' }],
});

test('every documented route × every role (and no group): 401/403 where the table denies, never data', async () => {
  const { app, tokenFor } = await setup();
  const report = await assertRouteAccess(app, access, {
    tokenFor: (role) => tokenFor(role),
    pathParams: { jobId: 'some-job', phoneNumber: '+85291234567', receiverId: 'a' },
    undocumented: undocumentedRoutes,
  });
  assert.ok(report.checks.length > 80, `${report.checks.length} checks`);
});

test('a campaign manager sees, pauses and cancels only their own jobs; supervisors see all with numbers masked; reports for admin and creator', async () => {
  const { as, tokenFor } = await setup();
  const ann = await tokenFor('campaign-manager', 'ann');
  const bob = await tokenFor('campaign-manager', 'bob');
  const supervisor = await tokenFor('supervisor');
  const admin = await tokenFor('admin');
  assert.equal((await as(ann, '/jobs', { method: 'POST', body: JSON.stringify(task('ann-job')) })).status, 201);
  assert.equal((await as(bob, '/jobs', { method: 'POST', body: JSON.stringify(task('bob-job')) })).status, 201);

  const listed = async (token: string) =>
    ((await (await as(token, '/jobs')).json()) as { items: { jobId: string }[] }).items.map((j) => j.jobId).sort();
  assert.deepEqual(await listed(ann), ['ann-job']);
  assert.deepEqual(await listed(supervisor), ['ann-job', 'bob-job']);
  for (const path of ['/jobs/bob-job', '/jobs/bob-job/results', '/jobs/bob-job/report']) assert.equal((await as(ann, path)).status, 404, path);
  for (const action of ['pause', 'cancel']) assert.equal((await as(ann, `/jobs/bob-job/${action}`, { method: 'POST' })).status, 404, action);
  assert.equal((await as(supervisor, '/jobs/bob-job/pause', { method: 'POST' })).status, 200);

  const resultsAs = async (token: string) =>
    ((await (await as(token, '/jobs/ann-job/results')).json()) as { items: { phoneNumber: string; fields: Record<string, string> }[] }).items[0]!;
  assert.deepEqual(await resultsAs(ann), { ...(await resultsAs(ann)), phoneNumber: '+85291234567', fields: { ssn: '123-45-6789' } });
  const masked = await resultsAs(supervisor);
  assert.notEqual(masked.phoneNumber, '+85291234567');
  assert.match(masked.phoneNumber, /\*/);
  assert.deepEqual(masked.fields, {});
  assert.deepEqual((await resultsAs(admin)).fields, { ssn: '123-45-6789' });
  // The report route is not for supervisors at all (the table), and not for another campaign manager (ownership).
  assert.equal((await as(supervisor, '/jobs/ann-job/report')).status, 403);
});

test('the do-not-call list is changed only by admins; others read masked numbers', async () => {
  const { as, tokenFor } = await setup();
  const manager = await tokenFor('campaign-manager');
  const admin = await tokenFor('admin');
  assert.equal((await as(manager, '/do-not-call/+85291234567', { method: 'PUT', body: '{}' })).status, 403);
  assert.equal((await as(admin, '/do-not-call/+85291234567', { method: 'PUT', body: '{}' })).status, 200);
  const items = ((await (await as(manager, '/do-not-call')).json()) as { items: { phoneNumber: string }[] }).items;
  assert.equal(items.length, 1);
  assert.notEqual(items[0]?.phoneNumber, '+85291234567');
  assert.equal((await as(manager, '/do-not-call/+85291234567', { method: 'DELETE' })).status, 403);
  assert.equal((await as(admin, '/do-not-call/+85291234567', { method: 'DELETE' })).status, 204);
});

test.run();
