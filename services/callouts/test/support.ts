import { fileURLToPath } from 'node:url';
import { LocalBus } from '@switchboard/shared/bus';
import type { CalleeScripts } from '../src/adapters/local/connect-simulator.ts';
import { MemoryAttemptLog, MemoryDoNotCallList, MemoryJobStore, MemoryResultStore } from '../src/adapters/local/memory-stores.ts';
import { MemoryNotifier, MemoryReportStore } from '../src/adapters/local/memory-report-store.ts';
import { type LocalCalloutsSettings, type LocalStores, createLocalRunner, createLocalWorld } from '../src/runner/local-callouts.ts';
import { SimulatedScheduler } from '../src/runner/scheduler.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const referenceWorkbooks = {
  callouts: fileURLToPath(new URL('./fixtures/samples/call_job.xlsx', import.meta.url)),
  cdk: fileURLToPath(new URL('./fixtures/samples/aws-callouts-cdk/call_job.xlsx', import.meta.url)),
};

export function memoryStores(): LocalStores & { results: MemoryResultStore; reports: MemoryReportStore; doNotCall: MemoryDoNotCallList } {
  return {
    jobs: new MemoryJobStore(),
    results: new MemoryResultStore(),
    doNotCall: new MemoryDoNotCallList(),
    attemptLog: new MemoryAttemptLog(),
    reports: new MemoryReportStore(),
  };
}

/** A complete local setup on simulated time: stores, bus, Connect stand-in, runner. */
export function simulation(options: {
  start: Date;
  callees: CalleeScripts;
  settings?: Partial<LocalCalloutsSettings>;
  stores?: ReturnType<typeof memoryStores>;
  allowedCountries?: readonly string[];
  observeLambda?: (arn: string, event: unknown) => void;
}) {
  const scheduler = new SimulatedScheduler(options.start);
  const stores = options.stores ?? memoryStores();
  const bus = new LocalBus({ retryDelayMs: 1 });
  const notifier = new MemoryNotifier();
  const errors: unknown[] = [];
  const world = createLocalWorld({
    stores,
    scheduler,
    callees: options.callees,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.observeLambda ? { observeLambda: options.observeLambda } : {}),
    onError: (e) => errors.push(e),
  });
  const make = () =>
    createLocalRunner({
      stores,
      world,
      scheduler,
      bus,
      notifier,
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.allowedCountries ? { allowedCountries: options.allowedCountries } : {}),
      onError: (e) => errors.push(e),
    });
  const first = make();
  return { scheduler, stores, bus, notifier, world, errors, ...first, newRunner: make };
}
