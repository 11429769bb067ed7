import assert from 'node:assert/strict';
import { CalloutCompleted, CalloutJobCompleted } from '@switchboard/shared/contracts';
import { test } from 'uvu';
import { readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { submitJob } from '../src/domain/campaign.ts';
import type { JobDraft } from '../src/domain/job.ts';
import { countRateViolations } from '../src/runner/token-bucket.ts';
import { adoptCallsLostInRestart, createLocalRunner, createLocalWorld } from '../src/runner/local-callouts.ts';
import { LocalBus } from '@switchboard/shared/bus';
import { MemoryNotifier } from '../src/adapters/local/memory-report-store.ts';
import { referenceWorkbooks, simulation } from './support.ts';

// 10:00 in Hong Kong (UTC+8): inside the default 08:00–21:00 window.
const hongKongMorning = new Date('2026-03-02T02:00:00Z');
const fullAnswers = ['Yes', 'yup', 'B', '3', '2026-12-01', '14:30', 'okay'];

test('the seed workbook becomes calls: every answer recorded, report and events written', async () => {
  const sim = simulation({ start: hongKongMorning, callees: () => ({ behaviour: 'answer', utterances: fullAnswers, durationMs: 60_000 }) });
  const draft = await readCallJobWorkbook(referenceWorkbooks.callouts, 'call_job');
  const submitted = await submitJob(sim.campaign, draft);
  assert.equal(submitted.kind, 'created');
  await sim.runner.startJob('call_job');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);

  const results = (await sim.stores.results.list('call_job', { limit: 10 })).items;
  assert.deepEqual(
    results.map((r) => r.status),
    ['Completed', 'Completed'],
  );
  assert.deepEqual(results[0]?.answers, ['Yes', 'Yes', 'B', '3', '2026-12-01', '14:30', 'OK']);
  assert.equal(sim.world.connect.calls.length, 2);
  // The greeting was rendered for the receiver and spoken as SSML.
  assert.match(sim.world.connect.calls[0]?.spoken[0] ?? '', /^<speak>Hi Cyrus,?<\/speak>$/);
  const job = await sim.stores.jobs.getJob('call_job');
  assert.equal(job?.status, 'Completed');
  assert.ok(sim.stores.reports.objects.has('reports/call_job/report.xlsx'));
  const completed = sim.bus.history.filter((e) => e['detail-type'] === CalloutCompleted.detailType).map((e) => CalloutCompleted.parse(e));
  assert.equal(completed.length, 2);
  assert.equal(completed[0]?.data.answers.length, 7);
  assert.equal(sim.bus.history.filter((e) => e['detail-type'] === CalloutJobCompleted.detailType).length, 1);
  assert.match(String(sim.notifier.messages[0]?.message.report_url), /X-Amz-Expires=604800/);
  assert.deepEqual(sim.errors, []);
});

function syntheticDraft(taskId: string, count: number, extra: Partial<JobDraft> = {}): JobDraft {
  return {
    taskId,
    source: 'api',
    greeting: 'Hello {{ name }}',
    ending: 'Bye',
    phonePrefix: '+852',
    purpose: 'survey',
    questions: [
      { row: 2, type: 'Yes/No', template: 'Coming?' },
      { row: 3, type: 'Number', template: 'How many?' },
    ],
    receivers: Array.from({ length: count }, (_, i) => ({
      row: i + 2,
      values: { id: `r${i}`, phone_number: String(91000000 + i), name: `Person ${i}` },
    })),
    ...extra,
  };
}

test('a hang-up keeps the answers given so far (PartiallyCompleted, not retried)', async () => {
  const sim = simulation({ start: hongKongMorning, callees: () => ({ behaviour: 'answer', utterances: ['Yes', '4'], hangUpAfterAnswers: 1 }) });
  await submitJob(sim.campaign, syntheticDraft('hangup', 1));
  await sim.runner.startJob('hangup');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const result = await sim.stores.results.get('hangup', 'r0');
  assert.equal(result?.status, 'PartiallyCompleted');
  assert.deepEqual(result?.answers, ['Yes', null]);
  assert.equal(sim.world.connect.calls.length, 1);
});

test('no answer and busy are retried after their delays, up to the attempt limit', async () => {
  const sim = simulation({
    start: hongKongMorning,
    callees: ({ receiverId, attempt }) =>
      receiverId === 'r0' ? { behaviour: attempt < 3 ? 'no-answer' : 'answer', utterances: ['No', '1'] } : { behaviour: 'busy' },
  });
  await submitJob(sim.campaign, syntheticDraft('retries', 2));
  await sim.runner.startJob('retries');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const r0 = await sim.stores.results.get('retries', 'r0');
  const r1 = await sim.stores.results.get('retries', 'r1');
  assert.equal(r0?.status, 'Completed');
  assert.equal(r0?.attempts.length, 3);
  assert.deepEqual(
    r0?.attempts.map((a) => a.outcome),
    ['NoAnswer', 'NoAnswer', 'Completed'],
  );
  // The retry waited the policy's 30 minutes after a no-answer.
  const gap = new Date(r0!.attempts[1]!.startedAt).getTime() - new Date(r0!.attempts[0]!.endedAt!).getTime();
  assert.ok(gap >= 30 * 60_000, `retry gap ${gap} ms`);
  assert.equal(r1?.status, 'Busy');
  assert.equal(r1?.attempts.length, 3);
});

test('concurrency cap and pacing hold on a larger job; each receiver is called once', async () => {
  const sim = simulation({
    start: hongKongMorning,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', '2'], durationMs: 30_000, ringMs: 1_000 }),
    settings: { maxConcurrency: 4, concurrentCallQuota: 4 },
  });
  await submitJob(sim.campaign, syntheticDraft('big', 60));
  await sim.runner.startJob('big');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const connect = sim.world.connect;
  assert.equal(connect.calls.length, 60);
  assert.equal(new Set(connect.calls.map((c) => c.receiverId)).size, 60);
  assert.ok(connect.peakActive <= 4, `peak ${connect.peakActive}`);
  assert.equal(connect.rateViolations, 0);
  assert.equal(connect.quotaViolations, 0);
  assert.equal(countRateViolations(connect.apiCallTimes, 2, 5), 0);
  assert.equal((await sim.stores.jobs.getJob('big'))?.status, 'Completed');
});

test('killing the runner mid-job and restarting finishes with no duplicate call and no lost answer', async () => {
  const sim = simulation({
    start: hongKongMorning,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', '7'], durationMs: 60_000 }),
    settings: { maxConcurrency: 3, concurrentCallQuota: 3 },
  });
  await submitJob(sim.campaign, syntheticDraft('crash', 12));
  await sim.runner.startJob('crash');
  // Run until some calls are in progress (and some done), then crash the runner with calls still on the line.
  await sim.scheduler.run(() => sim.world.connect.calls.length >= 5 && sim.world.connect.inProgress > 0);
  sim.runner.kill();
  const placedBeforeCrash = sim.world.connect.calls.length;
  // Calls in flight finish while no runner is alive; their reports wait in the task-token registry.
  await sim.scheduler.run(() => sim.world.connect.inProgress === 0, { until: new Date(sim.scheduler.now().getTime() + 120_000) });

  const restarted = sim.newRunner();
  await restarted.runner.resume();
  await sim.scheduler.run(() => restarted.runner.idle && sim.world.connect.inProgress === 0);
  const connect = sim.world.connect;
  assert.ok(placedBeforeCrash < 12);
  assert.equal(connect.calls.length, 12, 'each receiver called exactly once');
  for (let i = 0; i < 12; i += 1) assert.equal(connect.callsTo(`r${i}`), 1, `r${i}`);
  const results = (await sim.stores.results.list('crash', { limit: 100 })).items;
  assert.ok(
    results.every((r) => r.status === 'Completed'),
    JSON.stringify(results.map((r) => r.status)),
  );
  assert.ok(results.every((r) => r.answers[0] === 'Yes' && r.answers[1] === '7'));
  assert.equal((await sim.stores.jobs.getJob('crash'))?.status, 'Completed');
});

test('pausing stops new calls (calls on the line finish); resuming finishes the job, nobody called twice', async () => {
  const sim = simulation({
    start: hongKongMorning,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', '1'] }),
    settings: { maxConcurrency: 2, concurrentCallQuota: 2 },
  });
  await submitJob(sim.campaign, syntheticDraft('pause', 10));
  await sim.runner.startJob('pause');
  await sim.scheduler.run(() => sim.world.connect.calls.length >= 3);
  await sim.stores.jobs.updateJob('pause', { status: 'Paused' }, ['Running']);
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const placedWhilePaused = sim.world.connect.calls.length;
  assert.ok(placedWhilePaused <= 4, `placed ${placedWhilePaused}`);
  assert.equal((await sim.stores.jobs.getJob('pause'))?.status, 'Paused');
  await sim.stores.jobs.updateJob('pause', { status: 'Running' }, ['Paused']);
  await sim.runner.startJob('pause');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  assert.equal(sim.world.connect.calls.length, 10);
  assert.equal(new Set(sim.world.connect.calls.map((c) => c.receiverId)).size, 10);
  assert.equal((await sim.stores.jobs.getJob('pause'))?.status, 'Completed');
});

test('a call that never reports is given up at the heartbeat timeout and retried by policy', async () => {
  // The flow dies silently on the first attempt (the stand-in loses the contact event), answers on the second.
  const sim = simulation({
    start: hongKongMorning,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', '2'] }),
    settings: { heartbeatTimeoutMs: 120_000 },
  });
  let dropped = false;
  const world = sim.world.connect as unknown as { options: { onContactEvent: (e: unknown) => Promise<unknown> } };
  const deliver = world.options.onContactEvent;
  world.options.onContactEvent = async (event) => {
    if (!dropped) {
      dropped = true;
      return undefined;
    }
    return deliver(event);
  };
  await submitJob(sim.campaign, syntheticDraft('silent', 1));
  await sim.runner.startJob('silent');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const result = await sim.stores.results.get('silent', 'r0');
  assert.deepEqual(
    result?.attempts.map((a) => a.outcome),
    ['Failed', 'Completed'],
  );
  assert.match(result?.attempts[0]?.error ?? '', /HeartbeatTimeout/);
  assert.equal(result?.status, 'Completed');
});

test('after a restart of the whole stage (Connect included) calls on the line are dropped, never placed again', async () => {
  const sim = simulation({
    start: hongKongMorning,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', '5'], durationMs: 60_000 }),
    settings: { maxConcurrency: 3, concurrentCallQuota: 3 },
  });
  await submitJob(sim.campaign, syntheticDraft('restart', 6));
  await sim.runner.startJob('restart');
  await sim.scheduler.run(() => sim.world.connect.calls.length >= 3 && sim.world.connect.inProgress === 3);
  sim.runner.kill();
  sim.world.connect.halt();
  const onTheLine = sim.world.connect.calls.filter((c) => c.endedAt === undefined).map((c) => c.receiverId);
  assert.equal(onTheLine.length, 3);
  // A new stand-in that knows nothing of those calls, as after `npm start` again; same stores and clock.
  const world = createLocalWorld({
    stores: sim.stores,
    scheduler: sim.scheduler,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', '5'] }),
  });
  const { runner } = createLocalRunner({ stores: sim.stores, world, scheduler: sim.scheduler, bus: new LocalBus(), notifier: new MemoryNotifier() });
  assert.equal(await adoptCallsLostInRestart(sim.stores, world), onTheLine.length);
  await runner.resume();
  await world.connect.dropLostCalls();
  await sim.scheduler.run(() => runner.idle && world.connect.inProgress === 0);
  for (const receiverId of onTheLine) {
    // Dropped while ringing: attempt 1 failed (re-dialing it returned the adopted contact, no new call), attempt 2
    // is a new call after the retry delay.
    const result = await sim.stores.results.get('restart', receiverId);
    assert.deepEqual(
      result?.attempts.map((a) => a.outcome),
      ['Failed', 'Completed'],
      receiverId,
    );
    assert.equal(world.connect.callsTo(receiverId), 1, receiverId);
  }
  assert.ok(world.connect.duplicateRequests >= 3, 'the resumed runner re-dialed the lost attempts with their ClientTokens');
  assert.equal((await sim.stores.jobs.getJob('restart'))?.status, 'Completed');
});

test('a report taken by a runner that then crashed is saved on resume, not waited for again (no second call)', async () => {
  const sim = simulation({ start: hongKongMorning, callees: () => ({ behaviour: 'answer', utterances: ['Yes', '3'] }) });
  await submitJob(sim.campaign, syntheticDraft('lost-report', 1));
  // The state a crash can leave: attempt 1 dialed and reported (DISCONNECTED handled), outcome never saved.
  await sim.stores.results.recordAnswer('lost-report', 'r0', 1, 'Yes', hongKongMorning.toISOString());
  await sim.stores.results.update('lost-report', 'r0', {
    status: 'InCall',
    callAt: hongKongMorning.toISOString(),
    attempts: [{ attempt: 1, clientToken: 't1', startedAt: hongKongMorning.toISOString(), contactId: 'c1', reportedOutcome: 'PartiallyCompleted' }],
  });
  await sim.runner.resume();
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const result = await sim.stores.results.get('lost-report', 'r0');
  assert.equal(result?.status, 'PartiallyCompleted');
  assert.deepEqual(result?.answers, ['Yes', null]);
  assert.equal(sim.world.connect.calls.length, 0);
  assert.equal(sim.world.connect.apiCallTimes.length, 0);
});

test.run();
