/**
 * Dialer figures for a 10,000-receiver job on the local runner (simulated time; the real domain, contact-flow
 * Lambdas and Connect stand-in): every call rings 5 s and talks 55 s (60 s on the line), cap 10 concurrent calls,
 * StartOutboundVoiceContact limited to 2/s with bursts of 5.
 *
 * Printed: dialer utilisation (busy call slots / (cap × elapsed)), peak concurrent calls, API rate violations seen by
 * the Connect stand-in, simulated duration and wall time. Baseline in the same run: the same job with pacing off
 * (the seed's approach: no token bucket, retry when Connect throttles).
 *
 *   node --import tsx bench/callouts-dialer.bench.ts [receivers]
 */
import { LocalBus } from '@switchboard/shared/bus';
import { MemoryAttemptLog, MemoryDoNotCallList, MemoryJobStore, MemoryResultStore } from '../services/callouts/src/adapters/local/memory-stores.ts';
import { MemoryNotifier, MemoryReportStore } from '../services/callouts/src/adapters/local/memory-report-store.ts';
import { submitJob } from '../services/callouts/src/domain/campaign.ts';
import type { JobDraft } from '../services/callouts/src/domain/job.ts';
import { createLocalRunner, createLocalWorld } from '../services/callouts/src/runner/local-callouts.ts';
import { SimulatedScheduler } from '../services/callouts/src/runner/scheduler.ts';
import { countRateViolations } from '../services/callouts/src/runner/token-bucket.ts';

const receivers = Number(process.argv[2] ?? 10_000);
const cap = 10;

function draft(count: number): JobDraft {
  return {
    taskId: 'bench',
    source: 'api',
    purpose: 'operational',
    greeting: 'Hello {{ name }}.',
    ending: 'Goodbye {{ name }}.',
    questions: [
      { row: 2, type: 'Yes/No', template: 'Are you coming, {{ name }}?' },
      { row: 3, type: 'Multiple Choice', template: 'Pick A to E.' },
      { row: 4, type: 'Number', template: 'How many?' },
    ],
    receivers: Array.from({ length: count }, (_, i) => ({
      row: i + 2,
      values: { id: `r${i}`, phone_number: `+8529${String(1000000 + i).padStart(7, '0')}`, name: `Receiver ${i}` },
    })),
  };
}

async function run(label: string, paced: boolean) {
  const start = new Date('2026-03-02T00:00:00Z');
  const scheduler = new SimulatedScheduler(start);
  const stores = {
    jobs: new MemoryJobStore(),
    results: new MemoryResultStore(),
    doNotCall: new MemoryDoNotCallList(),
    attemptLog: new MemoryAttemptLog(),
    reports: new MemoryReportStore(),
  };
  const bus = new LocalBus({ historyLimit: 10 });
  // Unpaced: the runner's bucket lets everything through; Connect's limit still applies (it throttles, the runner retries in 1 s).
  const settings = { maxConcurrency: cap, concurrentCallQuota: cap, apiRatePerSecond: 2, apiBurst: 5 };
  const errors: unknown[] = [];
  const world = createLocalWorld({
    stores,
    scheduler,
    settings,
    callees: () => ({ behaviour: 'answer', utterances: ['Yes', 'B', '3'], ringMs: 5_000, durationMs: 55_000 }),
    onError: (e) => errors.push(e),
  });
  const { runner, campaign } = createLocalRunner({
    stores,
    world,
    scheduler,
    bus,
    notifier: new MemoryNotifier(),
    onError: (e) => errors.push(e),
    settings: paced ? settings : { ...settings, apiRatePerSecond: 1_000_000, apiBurst: 1_000_000 },
  });
  if (!paced) {
    // The Connect stand-in must keep the real limit even when the runner does not pace.
    (world.connect as unknown as { options: { apiRatePerSecond: number; apiBurst: number } }).options.apiRatePerSecond = 2;
  }
  const submitted = await submitJob(campaign, draft(receivers));
  if (submitted.kind !== 'created') throw new Error(`job not created: ${JSON.stringify(submitted).slice(0, 500)}`);
  const wallStart = performance.now();
  await runner.startJob('bench');
  await scheduler.run(() => runner.idle && world.connect.inProgress === 0);
  const wallMs = performance.now() - wallStart;
  const connect = world.connect;
  const first = Math.min(...connect.calls.map((c) => c.placedAt));
  const last = Math.max(...connect.calls.map((c) => c.endedAt ?? c.placedAt));
  const elapsedMs = last - first;
  const utilisation = connect.busyLineMs / (cap * elapsedMs);
  const completed = (await stores.results.list('bench', { limit: receivers })).items.filter((r) => r.status === 'Completed').length;
  console.log(
    `${label.padEnd(28)} calls ${String(connect.calls.length).padStart(6)}  completed ${String(completed).padStart(6)}  utilisation ${(utilisation * 100).toFixed(3).padStart(7)} % (runner slots ${((runner.busySlotMs / (cap * elapsedMs)) * 100).toFixed(3)} %)  peak ${connect.peakActive}/${cap}  ` +
      `API calls ${connect.apiCallTimes.length}  throttled ${connect.rateViolations + connect.quotaViolations}  rate violations (replayed) ${countRateViolations(connect.apiCallTimes, 2, 5)}  ` +
      `simulated ${(elapsedMs / 3_600_000).toFixed(2)} h  wall ${(wallMs / 1000).toFixed(1)} s  errors ${errors.length}`,
  );
}

console.log(
  `callouts dialer: ${receivers} receivers, 60 s calls, cap ${cap}, Connect API 2/s burst 5 (ideal elapsed ${((receivers * 60) / cap / 3600).toFixed(2)} h)`,
);
await run('paced (token bucket)', true);
await run('baseline: unpaced + retry', false);
