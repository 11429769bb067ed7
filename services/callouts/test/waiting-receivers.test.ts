import assert from 'node:assert/strict';
import { createLocalIssuer } from '@switchboard/shared/http';
import { test } from 'uvu';
import { createApp } from '../src/api/app.ts';
import { simulation } from './support.ts';

type ResultItem = {
  receiverId: string;
  status: string;
  waiting?: { reason: string; nextAttemptAt?: string };
  attemptHistory: { attempt: number; outcome?: string }[];
};

async function setup(start: Date, settings: Parameters<typeof simulation>[0]['settings'], behaviour: 'answer' | 'no-answer') {
  const sim = simulation({ start, ...(settings ? { settings } : {}), callees: () => ({ behaviour, utterances: ['OK'], ringMs: 20_000 }) });
  const issuer = await createLocalIssuer();
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 3600,
    starter: { start: (jobId) => sim.runner.startJob(jobId) },
  });
  const token = await issuer.issueToken({ sub: 'ann', username: 'ann', groups: ['campaign-manager'] });
  const call = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  const results = async (jobId: string) => ((await (await call(`/jobs/${jobId}/results`)).json()) as { items: ResultItem[] }).items;
  return { sim, call, results };
}
const job = (taskId: string, count: number) =>
  JSON.stringify({
    task_id: taskId,
    greeting: 'Hi',
    ending: 'Bye',
    phone_prefix: '+852',
    questions: [{ question_type: 'OK', question_template: 'Say OK' }],
    receivers: Array.from({ length: count }, (_, i) => ({ id: `r${i}`, phone_number: String(91000000 + i) })),
  });

test('a receiver waiting for its retry says why and when; results list each attempt', async () => {
  const { sim, call, results } = await setup(new Date('2026-03-02T02:00:00Z'), undefined, 'no-answer');
  assert.equal((await call('/jobs', { method: 'POST', body: job('retry', 1) })).status, 201);
  await sim.scheduler.run(() => sim.world.connect.calls.length === 1 && sim.world.connect.inProgress === 0);
  await sim.scheduler.run(() => false, { until: new Date(sim.scheduler.now().getTime() + 60_000) });
  const [waiting] = await results('retry');
  assert.equal(waiting?.status, 'WaitingRetry');
  assert.equal(waiting?.waiting?.reason, 'RetryDelay');
  assert.ok(waiting?.waiting?.nextAttemptAt && new Date(waiting.waiting.nextAttemptAt) > sim.scheduler.now());
  assert.deepEqual(
    waiting?.attemptHistory.map((a) => [a.attempt, a.outcome]),
    [[1, 'NoAnswer']],
  );
});

test('outside the calling window: reason OutsideWindow and the opening time', async () => {
  // 23:00 in Hong Kong: the default window opens at 08:00 local (00:00 UTC).
  const { sim, call, results } = await setup(new Date('2026-03-02T15:00:00Z'), undefined, 'answer');
  await call('/jobs', { method: 'POST', body: job('night', 1) });
  await sim.scheduler.run(() => false, { until: new Date('2026-03-02T15:05:00Z') });
  const [waiting] = await results('night');
  // The zones say what the opening time means locally (the console shows "waiting for 08:00 in Asia/Hong_Kong").
  assert.deepEqual(waiting?.waiting, { reason: 'OutsideWindow', nextAttemptAt: '2026-03-03T00:00:00.000Z', timeZones: ['Asia/Hong_Kong'] });
});

test('a paused job shows no receiver as Dialing, and places no call while paused', async () => {
  // One StartOutboundVoiceContact per 10 s: receivers queue for the dialer with their attempt recorded.
  const { sim, call, results } = await setup(new Date('2026-03-02T02:00:00Z'), { apiRatePerSecond: 0.1, apiBurst: 1, maxConcurrency: 5 }, 'answer');
  await call('/jobs', { method: 'POST', body: job('paused', 5) });
  await sim.scheduler.run(() => sim.world.connect.calls.length === 1);
  assert.equal((await call('/jobs/paused/pause', { method: 'POST' })).status, 200);
  const during = await results('paused');
  const calls = sim.world.connect.calls.length;
  await sim.scheduler.run(() => false, { until: new Date(sim.scheduler.now().getTime() + 5 * 60_000) });
  assert.equal(sim.world.connect.calls.length, calls, 'no call is placed while paused');
  const called = new Set(sim.world.connect.calls.map((c) => c.receiverId));
  for (const items of [during, await results('paused')]) {
    const notOnCall = items.filter((r) => !called.has(r.receiverId));
    assert.ok(notOnCall.length >= 3);
    for (const r of notOnCall) {
      assert.notEqual(r.status, 'Dialing', JSON.stringify(r));
      assert.equal(r.waiting?.reason, 'Paused');
    }
  }
});

test.run();
