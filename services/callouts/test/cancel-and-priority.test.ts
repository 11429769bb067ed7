import assert from 'node:assert/strict';
import { CalloutCancellationRequested, CalloutCompleted, CalloutJobCompleted, CalloutRequested } from '@switchboard/shared/contracts';
import { createInMemorySpendLimiter } from '@switchboard/shared/limits';
import { test } from 'uvu';
import { cancelJob, submitJob } from '../src/domain/campaign.ts';
import { acceptCalloutCancellation, acceptCalloutRequested } from '../src/domain/intake.ts';
import type { JobDraft } from '../src/domain/job.ts';
import { simulation } from './support.ts';

const hongKongMorning = new Date('2026-03-02T02:00:00Z');

function draft(taskId: string, count: number): JobDraft {
  return {
    taskId,
    source: 'api',
    greeting: 'Hello',
    ending: 'Bye',
    phonePrefix: '+852',
    purpose: 'survey',
    questions: [{ row: 2, type: 'Yes/No', template: 'Coming?' }],
    receivers: Array.from({ length: count }, (_, i) => ({ row: i + 2, values: { id: `r${i}`, phone_number: String(91000000 + i) } })),
  };
}

const completions = (sim: ReturnType<typeof simulation>) =>
  sim.bus.history.filter((e) => e['detail-type'] === CalloutCompleted.detailType).map((e) => CalloutCompleted.parse(e).data);

test('cancel: receivers not called are Cancelled, the call on the line ends, the job completes with both reports and its notice', async () => {
  // Nobody answers: every receiver would wait 30 minutes for a retry.
  const sim = simulation({
    start: hongKongMorning,
    settings: { maxConcurrency: 2, concurrentCallQuota: 2 },
    callees: () => ({ behaviour: 'no-answer', ringMs: 30_000 }),
  });
  await submitJob(sim.campaign, draft('cancel-me', 6));
  await sim.runner.startJob('cancel-me');
  // Run until two calls ring; then cancel while they are on the line.
  await sim.scheduler.run(() => sim.world.connect.inProgress === 2);
  const cancelled = await cancelJob(sim.campaign, 'cancel-me', 'changed plans');
  assert.equal(cancelled.kind, 'cancelled');
  await sim.runner.startJob('cancel-me');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);

  const results = (await sim.stores.results.list('cancel-me', { limit: 10 })).items;
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, ['Cancelled', 'Cancelled', 'Cancelled', 'Cancelled', 'NoAnswer', 'NoAnswer']);
  assert.equal(sim.world.connect.calls.length, 2, 'nobody is dialled after the cancel, and the two on the line are not retried');
  const job = await sim.stores.jobs.getJob('cancel-me');
  assert.equal(job?.status, 'Cancelled');
  assert.ok(job?.completedAt);
  assert.ok(sim.stores.reports.objects.has('reports/cancel-me/report.xlsx') && sim.stores.reports.objects.has('reports/cancel-me/report.json'));
  const json = JSON.parse(String(sim.stores.reports.objects.get('reports/cancel-me/report.json')?.body));
  assert.equal(json.rows.filter((r: { status: string }) => r.status === 'Cancelled').length, 4);
  const jobCompleted = sim.bus.history.filter((e) => e['detail-type'] === CalloutJobCompleted.detailType);
  assert.equal(jobCompleted.length, 1);
  assert.deepEqual(CalloutJobCompleted.parse(jobCompleted[0]).data.counts, { NoAnswer: 2, Cancelled: 4 });
  // Every receiver's end is told to the requester, the cancelled ones included (CalloutCompleted 1.2).
  const told = completions(sim).filter((c) => c.jobId === 'cancel-me');
  assert.deepEqual(told.map((c) => c.status).sort(), ['Cancelled', 'Cancelled', 'Cancelled', 'Cancelled', 'NoAnswer', 'NoAnswer']);
  assert.ok(told.filter((c) => c.status === 'Cancelled').every((c) => c.error === 'job cancelled: changed plans' && c.attempts === 0));
  assert.equal(sim.notifier.messages.length, 1);
  assert.equal(sim.notifier.messages[0]?.message.cancelled, 'changed plans');
  assert.equal((await cancelJob(sim.campaign, 'cancel-me', 'again')).kind, 'unchanged');
  assert.deepEqual(sim.errors, []);
});

const request = (requestId: string, phoneNumber: string, extra: Record<string, unknown> = {}) =>
  CalloutRequested.envelope(
    {
      requestId,
      requestedBy: 'switchboard.iot-triage',
      purpose: 'operational',
      greeting: 'Fault at site 7.',
      ending: 'Thank you.',
      questions: [{ type: 'Yes/No', template: 'Will you attend?' }],
      receivers: [{ receiverId: 'operator', phoneNumber, timeZone: 'Asia/Hong_Kong' }],
      ...extra,
    } as never,
    { correlationId: `corr-${requestId}` },
  );

test('CalloutCancellationRequested cancels the job of that requestId, never redials, and is idempotent', async () => {
  const sim = simulation({ start: hongKongMorning, callees: () => ({ behaviour: 'no-answer', ringMs: 30_000 }) });
  const starter = { start: (jobId: string) => sim.runner.startJob(jobId) };
  await acceptCalloutRequested(sim.campaign, starter, request('incident-9:call-1', '+85291234567'));
  // The first call rings out; the receiver waits 30 minutes for its retry.
  await sim.scheduler.run(() => sim.world.connect.calls.length === 1 && sim.world.connect.inProgress === 0);
  await sim.scheduler.run(() => false, { until: new Date(sim.scheduler.now().getTime() + 60_000) });
  assert.equal((await sim.stores.results.get('incident-9:call-1', 'operator'))?.status, 'WaitingRetry');
  const cancel = CalloutCancellationRequested.envelope(
    { requestId: 'incident-9:call-1', requestedBy: 'switchboard.iot-triage', reason: 'incident acknowledged' },
    { correlationId: 'c' },
  );
  assert.equal((await acceptCalloutCancellation(sim.campaign, starter, cancel)).kind, 'cancelled');
  assert.equal((await acceptCalloutCancellation(sim.campaign, starter, cancel)).kind, 'unchanged');
  assert.equal(
    (
      await acceptCalloutCancellation(
        sim.campaign,
        starter,
        CalloutCancellationRequested.envelope({ requestId: 'nope', requestedBy: 'x', reason: 'y' }, { correlationId: 'c' }),
      )
    ).kind,
    'unknown',
  );
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0, {
    until: new Date(sim.scheduler.now().getTime() + 3 * 3_600_000),
  });
  assert.equal(sim.world.connect.calls.length, 1, 'the retry is never dialled');
  assert.equal((await sim.stores.results.get('incident-9:call-1', 'operator'))?.status, 'Cancelled');
  assert.ok((await sim.stores.jobs.getJob('incident-9:call-1'))?.completedAt);
  // The requester hears that its callout ended, once, with its callback context.
  const told = completions(sim).filter((c) => c.requestId === 'incident-9:call-1');
  assert.deepEqual(
    told.map((c) => [c.status, c.attempts, c.error]),
    [['Cancelled', 1, 'job cancelled: incident acknowledged (switchboard.iot-triage)']],
  );
});

test('urgent receivers are exempt from the per-number attempt limit, not from do-not-call; what prevents a call is in CalloutCompleted.error', async () => {
  const sim = simulation({
    start: hongKongMorning,
    settings: { maxAttemptsPer24h: 1 },
    callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }),
  });
  const starter = { start: (jobId: string) => sim.runner.startJob(jobId) };
  const done = () => sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  await acceptCalloutRequested(sim.campaign, starter, request('first', '+85291234567'));
  await done();
  // The number has used its one attempt of the day: a normal request waits (a day later it is skipped by the deadline) …
  await acceptCalloutRequested(sim.campaign, starter, request('normal', '+85291234567'));
  await sim.scheduler.run(() => false, { until: new Date(sim.scheduler.now().getTime() + 60_000) });
  assert.equal((await sim.stores.results.get('normal', 'operator'))?.status, 'WaitingRetry');
  assert.equal((await sim.stores.results.get('normal', 'operator'))?.waitReason, 'AttemptLimit');
  // … an urgent one is called now.
  await acceptCalloutRequested(sim.campaign, starter, request('urgent', '+85291234567', { priority: 'urgent' }));
  await sim.scheduler.run(() => false, { until: new Date(sim.scheduler.now().getTime() + 5 * 60_000) });
  assert.equal((await sim.stores.results.get('urgent', 'operator'))?.status, 'Completed');
  // Do-not-call still applies to urgent requests, and the requester is told why no call was made.
  await sim.stores.doNotCall.add({ phoneNumber: '+85261234567', reason: 'asked', source: 'api', addedAt: hongKongMorning.toISOString() });
  await acceptCalloutRequested(sim.campaign, starter, request('urgent-dnc', '+85261234567', { priority: 'urgent' }));
  await sim.scheduler.run(() => false, { until: new Date(sim.scheduler.now().getTime() + 60_000) });
  const event = completions(sim).find((e) => e.requestId === 'urgent-dnc');
  assert.equal(event?.status, 'SkippedDoNotCall');
  assert.match(event?.error ?? '', /do-not-call/);
});

test('event-driven callouts count against the daily call ceilings: over them a normal request calls nobody and says why; an urgent one is called and counted', async () => {
  const sim = simulation({ start: hongKongMorning, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const starter = { start: (jobId: string) => sim.runner.startJob(jobId) };
  const done = () => sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const spendLimiter = createInMemorySpendLimiter({
    limits: { calls: { perUser: 10, perStage: 2 }, texts: { perUser: 0, perStage: 0 } },
    now: () => sim.scheduler.now(),
  });
  const passed: string[] = [];
  const deps = { ...sim.campaign, spendLimiter, onCeilingPassed: (limit: { name: string }, jobId: string) => passed.push(`${jobId}: ${limit.name}`) };
  const stageCount = () => spendLimiter.store.counters.get(`stage#calls#${sim.scheduler.now().toISOString().slice(0, 10)}`);
  await acceptCalloutRequested(deps, starter, request('one', '+85291234567'));
  await acceptCalloutRequested(deps, starter, request('two', '+85291234568'));
  await done();
  assert.equal(stageCount(), 2);
  assert.equal(spendLimiter.store.counters.get(`user#calls#${sim.scheduler.now().toISOString().slice(0, 10)}#system:switchboard.iot-triage`), 2);
  // The stage's ceiling is reached: the job is kept, its receiver is NotCallable with the reason, nobody is dialled.
  const refused = await acceptCalloutRequested(deps, starter, request('three', '+85291234569'));
  assert.equal(refused.kind, 'created');
  await done();
  assert.equal(sim.world.connect.calls.length, 2);
  const three = await sim.stores.results.get('three', 'operator');
  assert.equal(three?.status, 'NotCallable');
  assert.match(three?.error ?? '', /daily call ceiling calls-per-stage-per-day \(2\)/);
  assert.match(completions(sim).find((e) => e.requestId === 'three')?.error ?? '', /daily call ceiling/);
  assert.ok((await sim.stores.jobs.getJob('three'))?.completedAt, 'the job completes with its report');
  // A redelivered request is a duplicate: nothing more is counted.
  await acceptCalloutRequested(deps, starter, request('three', '+85291234569'));
  assert.equal(stageCount(), 2);
  // Urgent: placed past the ceiling, and counted.
  await acceptCalloutRequested(deps, starter, request('urgent', '+85291234560', { priority: 'urgent' }));
  await done();
  assert.equal((await sim.stores.results.get('urgent', 'operator'))?.status, 'Completed');
  assert.equal(stageCount(), 3);
  assert.deepEqual(passed, ['urgent: calls-per-stage-per-day']);
});

test.run();
