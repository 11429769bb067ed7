import type { EventBus } from '@switchboard/shared/bus';
import { type CalleeScripts, ConnectSimulator } from '../adapters/local/connect-simulator.ts';
import { reportWorkbookBuffer } from '../adapters/excel/write-report-workbook.ts';
import { createContactEventHandler } from '../application/contact-events.ts';
import {
  createEndCallLambda,
  createNextQuestionLambda,
  createRecordAnswerLambda,
  createStartCallLambda,
} from '../application/contact-flow-lambdas.ts';
import type { SessionDeps } from '../domain/call-session.ts';
import type { CampaignDeps } from '../domain/campaign.ts';
import { type CompletionDeps, completeJob } from '../domain/complete-job.ts';
import { buildCalloutContactFlow } from '../domain/contact-flow.ts';
import type { AttemptLog, CompletionNotifier, DoNotCallList, JobStore, ReportStore, ResultStore } from '../domain/ports.ts';
import { LocalCalloutRunner } from './local-runner.ts';
import type { Scheduler } from './scheduler.ts';
import { LocalTaskTokens } from './task-tokens.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * Wires the local orchestration: stores + bus + scheduler → the runner, the Connect stand-in executing the
 * generated contact flow against the real contact-flow Lambdas, and job completion. The same wiring serves
 * tests, the benchmark and the local stage; "the outside world" (Connect, task tokens) is passed in so a
 * test can kill the runner and start a new one while calls continue.
 */
export type LocalStores = {
  readonly jobs: JobStore;
  readonly results: ResultStore;
  readonly doNotCall: DoNotCallList;
  readonly attemptLog: AttemptLog;
  readonly reports: ReportStore;
};

export type LocalWorld = { readonly connect: ConnectSimulator; readonly taskTokens: LocalTaskTokens; readonly sessionDeps: SessionDeps };

export type LocalCalloutsSettings = {
  readonly maxConcurrency: number;
  readonly apiRatePerSecond: number;
  readonly apiBurst: number;
  readonly concurrentCallQuota: number;
  readonly heartbeatTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly maxAttemptsPer24h: number;
  readonly maxDeferralMs: number;
  readonly reportLinkSeconds: number;
};

export const defaultLocalSettings: LocalCalloutsSettings = {
  maxConcurrency: 10,
  apiRatePerSecond: 2,
  apiBurst: 5,
  concurrentCallQuota: 10,
  heartbeatTimeoutMs: 5 * 60_000,
  callTimeoutMs: 30 * 60_000,
  maxAttemptsPer24h: 3,
  maxDeferralMs: 7 * 24 * 3_600_000,
  reportLinkSeconds: 7 * 24 * 3600,
};

export const localLambdaArns = {
  startCall: 'arn:aws:lambda:local:000000000000:function:callouts-contact-flow-start-call',
  nextQuestion: 'arn:aws:lambda:local:000000000000:function:callouts-contact-flow-next-question',
  recordAnswer: 'arn:aws:lambda:local:000000000000:function:callouts-contact-flow-record-answer',
  endCall: 'arn:aws:lambda:local:000000000000:function:callouts-contact-flow-end-call',
} as const;
export const localBotAliases = {
  choice: 'arn:aws:lex:local:000000000000:bot-alias/CALLOUTBOT/live',
  date: 'arn:aws:lex:local:000000000000:bot-alias/CALLOUTDATE/live',
  time: 'arn:aws:lex:local:000000000000:bot-alias/CALLOUTTIME/live',
  number: 'arn:aws:lex:local:000000000000:bot-alias/CALLOUTNUMBER/live',
} as const;

const quietLog = { error: (_message: string, _details: Record<string, unknown>) => undefined };

/** The outside world: Connect (with its calls in flight) and Step Functions' task tokens. */
export function createLocalWorld(options: {
  stores: LocalStores;
  scheduler: Scheduler;
  callees: CalleeScripts;
  settings?: Partial<LocalCalloutsSettings>;
  log?: { error: (message: string, details: Record<string, unknown>) => void };
  onError?: (error: unknown) => void;
  /** Sees every event the flow sends a contact-flow Lambda (benches record them as fuzzing bases). */
  observeLambda?: (arn: string, event: unknown) => void;
}): LocalWorld {
  const settings = { ...defaultLocalSettings, ...options.settings };
  const taskTokens = new LocalTaskTokens();
  const sessionDeps: SessionDeps = {
    jobs: options.stores.jobs,
    results: options.stores.results,
    doNotCall: options.stores.doNotCall,
    callbacks: taskTokens,
    clock: options.scheduler,
  };
  const log = options.log ?? quietLog;
  const flow = buildCalloutContactFlow({ lambdas: localLambdaArns, bots: localBotAliases });
  const contactEvents = createContactEventHandler(sessionDeps);
  const connect = new ConnectSimulator({
    scheduler: options.scheduler,
    flow,
    lambdas: Object.fromEntries(
      Object.entries({
        [localLambdaArns.startCall]: createStartCallLambda(sessionDeps, log),
        [localLambdaArns.nextQuestion]: createNextQuestionLambda(sessionDeps, log),
        [localLambdaArns.recordAnswer]: createRecordAnswerLambda(sessionDeps, log),
        [localLambdaArns.endCall]: createEndCallLambda(sessionDeps, log),
      }).map(([arn, lambda]) => [
        arn,
        options.observeLambda
          ? (event: unknown) => {
              options.observeLambda!(arn, structuredClone(event));
              return lambda(event);
            }
          : lambda,
      ]),
    ),
    botAliases: Object.fromEntries(Object.entries(localBotAliases).map(([role, arn]) => [arn, role as keyof typeof localBotAliases])),
    onContactEvent: contactEvents,
    callees: options.callees,
    apiRatePerSecond: settings.apiRatePerSecond,
    apiBurst: settings.apiBurst,
    concurrentCallQuota: settings.concurrentCallQuota,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return { connect, taskTokens, sessionDeps };
}

export function createLocalRunner(options: {
  stores: LocalStores;
  world: LocalWorld;
  scheduler: Scheduler;
  bus: EventBus;
  notifier: CompletionNotifier;
  settings?: Partial<LocalCalloutsSettings>;
  /** Countries the toll-fraud guard admits; default the domain's. */
  allowedCountries?: readonly string[];
  onError?: (error: unknown, where: string) => void;
}): { runner: LocalCalloutRunner; campaign: CampaignDeps; completion: CompletionDeps } {
  const settings = { ...defaultLocalSettings, ...options.settings };
  const campaign: CampaignDeps = {
    jobs: options.stores.jobs,
    results: options.stores.results,
    doNotCall: options.stores.doNotCall,
    attemptLog: options.stores.attemptLog,
    bus: options.bus,
    clock: options.scheduler,
    maxAttemptsPer24h: settings.maxAttemptsPer24h,
    maxDeferralMs: settings.maxDeferralMs,
    ...(options.allowedCountries ? { allowedCountries: options.allowedCountries } : {}),
  };
  const completion: CompletionDeps = {
    jobs: options.stores.jobs,
    results: options.stores.results,
    bus: options.bus,
    clock: options.scheduler,
    reports: options.stores.reports,
    notifier: options.notifier,
    renderWorkbook: reportWorkbookBuffer,
    reportLinkSeconds: settings.reportLinkSeconds,
  };
  const runner = new LocalCalloutRunner({
    deps: campaign,
    dialer: options.world.connect,
    scheduler: options.scheduler,
    pacing: new TokenBucket(options.scheduler, settings.apiRatePerSecond, settings.apiBurst),
    taskTokens: options.world.taskTokens,
    maxConcurrency: Math.min(settings.maxConcurrency, settings.concurrentCallQuota),
    heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
    callTimeoutMs: settings.callTimeoutMs,
    onJobDone: async (jobId) => {
      await completeJob(completion, jobId);
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return { runner, campaign, completion };
}

/**
 * Before resuming after a restart of the whole local stage (Connect stand-in included): calls that were on the
 * line are adopted by the fresh stand-in and reported dropped, so resuming never places them again.
 */
export async function adoptCallsLostInRestart(stores: Pick<LocalStores, 'jobs' | 'results'>, world: LocalWorld): Promise<number> {
  let adopted = 0;
  for (const job of await stores.jobs.listJobsByStatus('Running')) {
    for await (const result of stores.results.all(job.jobId)) {
      const attempt = result.attempts[result.attempts.length - 1];
      if (
        (result.status === 'Dialing' || result.status === 'InCall') &&
        attempt?.contactId &&
        attempt.outcome === undefined &&
        attempt.reportedOutcome === undefined
      ) {
        world.connect.adoptLostCall(attempt.clientToken, attempt.contactId);
        adopted += 1;
      }
    }
  }
  return adopted;
}
