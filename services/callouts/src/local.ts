import { CalloutCancellationRequested, CalloutRequested } from '@switchboard/shared/contracts';
import { createDynamoSpendLimiter, spendLimitsTable } from '@switchboard/shared/limits';
import { parseAllowedCountries } from '@switchboard/shared/phone';
import { callLimits } from './config.ts';
import type { ServiceRegistration } from '@switchboard/shared/local';
import * as z from 'zod';
import { DynamoAttemptLog, DynamoDoNotCallList, DynamoJobStore, DynamoResultStore } from './adapters/aws/dynamodb-stores.ts';
import { calloutsTables, attemptsTable, contactsTable, doNotCallTable, jobsTable, resultsTable } from './adapters/aws/tables.ts';
import { type CalleeScript, randomCallees } from './adapters/local/connect-simulator.ts';
import { LocalObjectReportStore } from './adapters/local/object-report-store.ts';
import { maskPhoneNumber } from './domain/phone-numbers.ts';
import { createApp } from './api/app.ts';
import { acceptCalloutCancellation, acceptCalloutRequested } from './domain/intake.ts';
import { acceptUploadedWorkbook } from './application/accept-workbook.ts';
import { localJobsBucket, watchLocalJobsBucket } from './runner/local-jobs-bucket.ts';
import path from 'node:path';
import { adoptCallsLostInRestart, createLocalRunner, createLocalWorld, defaultLocalSettings } from './runner/local-callouts.ts';
import { ScaledScheduler } from './runner/scheduler.ts';

/**
 * The callouts service on the local stage: the real API and domain on DynamoDB (dynalite), the local runner
 * in place of Step Functions, and the Connect stand-in answering calls — executing the generated contact
 * flow against the real contact-flow Lambdas. Time is the stage's one clock (`platform.clock`), the same for every
 * service: the wall clock, or with `SWITCHBOARD_TIME_SCALE=30 npm start` callouts' calls, retry delays and calling
 * windows run 30 times faster (a 60-second call takes 2 seconds) — and so does every other service's time.
 *
 * Workbooks: copy a `.xlsx` into `<dataDir>/callouts-inbox/` (or put it in the local object store's `callouts-jobs`
 * bucket under `uploads/`) and it becomes a job, as an upload to the jobs bucket does on AWS.
 *
 * Callees: random with `CALLOUTS_SIM_SEED` (answer/busy rates below), or scripted per number with
 * `PUT /simulator/callees/{phoneNumber or receiverId}` (e.g. `{ "behaviour": "answer", "utterances": ["Yes", "B"] }`).
 */
const localSchema = z.object({
  CALLOUTS_SIM_SEED: z.string().default('switchboard'),
  CALLOUTS_SIM_ANSWER_RATE: z.coerce.number().min(0).max(1).default(0.8),
  CALLOUTS_SIM_BUSY_RATE: z.coerce.number().min(0).max(1).default(0.05),
  CALLOUTS_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  CALLOUTS_ALLOWED_COUNTRIES: z.string().default('US,HK'),
  CALLOUTS_CALLS_PER_USER_PER_DAY: z.coerce.number().int().min(0).default(10_000),
  CALLOUTS_CALLS_PER_STAGE_PER_DAY: z.coerce.number().int().min(0).default(50_000),
});

const calleeScriptSchema = z.object({
  behaviour: z.enum(['answer', 'no-answer', 'busy', 'unreachable']),
  utterances: z.array(z.string().max(200)).max(50).optional(),
  hangUpAfterAnswers: z.number().int().min(0).optional(),
  durationMs: z.number().int().min(1_000).max(3_600_000).optional(),
  ringMs: z.number().int().min(0).max(120_000).optional(),
});

export const register: ServiceRegistration = async (platform) => {
  const env = localSchema.parse(process.env);
  await platform.ensureTables([...calloutsTables, spendLimitsTable]);
  const db = platform.documentClient;
  const stores = {
    jobs: new DynamoJobStore(db, platform.tableName(jobsTable)),
    results: new DynamoResultStore(db, platform.tableName(resultsTable), platform.tableName(contactsTable)),
    doNotCall: new DynamoDoNotCallList(db, platform.tableName(doNotCallTable)),
    attemptLog: new DynamoAttemptLog(db, platform.tableName(attemptsTable)),
    reports: new LocalObjectReportStore(platform.objects, 'callouts-reports'),
  };
  const scale = platform.clock.scale;
  const scheduler = new ScaledScheduler(scale, platform.clock.startedAt, platform.clock.startedAt.getTime());
  const scripted = new Map<string, CalleeScript>();
  const random = randomCallees({
    seed: env.CALLOUTS_SIM_SEED,
    answerRate: env.CALLOUTS_SIM_ANSWER_RATE,
    busyRate: env.CALLOUTS_SIM_BUSY_RATE,
    utterances: ['Yes', 'B', '3', '2026-12-01', '14:30', 'okay'],
  });
  // Time is compressed but I/O (dynalite, the stage's other services) is not: a heartbeat or call timeout must
  // never be shorter than 30 s / 2 min of real time, or a slow machine would look like silent calls.
  const settings = {
    ...defaultLocalSettings,
    maxConcurrency: env.CALLOUTS_MAX_CONCURRENCY,
    heartbeatTimeoutMs: Math.max(defaultLocalSettings.heartbeatTimeoutMs, 30_000 * scale),
    callTimeoutMs: Math.max(defaultLocalSettings.callTimeoutMs, 120_000 * scale),
  };
  const log = { error: (message: string, details: Record<string, unknown>) => platform.logger.error(message, details) };
  const world = createLocalWorld({
    stores,
    scheduler,
    settings,
    log,
    callees: (call) => scripted.get(call.phoneNumber) ?? scripted.get(call.receiverId) ?? random(call),
    onError: (error) => platform.logger.error('connect stand-in failed', { error }),
  });
  const { runner, campaign } = createLocalRunner({
    stores,
    world,
    scheduler,
    bus: platform.bus,
    settings,
    allowedCountries: parseAllowedCountries(env.CALLOUTS_ALLOWED_COUNTRIES, 'US'),
    notifier: { notify: async (subject, message) => platform.logger.info(subject, { completion: message }) },
    onError: (error, where) => platform.logger.error('callout step failed', { error, where }),
  });
  const starter = { start: (jobId: string) => runner.startJob(jobId) };
  const spendLimiter = createDynamoSpendLimiter({
    client: db,
    tableName: platform.tableName(spendLimitsTable),
    limits: callLimits({
      CALLS_PER_USER_PER_DAY: env.CALLOUTS_CALLS_PER_USER_PER_DAY,
      CALLS_PER_STAGE_PER_DAY: env.CALLOUTS_CALLS_PER_STAGE_PER_DAY,
    }),
  });
  const unsubscribe = platform.bus.subscribe(
    CalloutRequested.pattern,
    async (event) => {
      // Event-driven callouts count against the daily call ceilings too (as system:<requestedBy>).
      const result = await acceptCalloutRequested(
        {
          ...campaign,
          spendLimiter,
          onCeilingPassed: (limit, jobId) =>
            platform.logger.warn('urgent callout placed past a daily call ceiling', { jobId, limit: limit.name, max: limit.max }),
        },
        starter,
        event,
      );
      if (result.kind === 'invalid') platform.logger.warn('CalloutRequested refused', { issues: result.issues });
    },
    { name: 'callouts-callout-requested' },
  );
  const unsubscribeCancellation = platform.bus.subscribe(
    CalloutCancellationRequested.pattern,
    async (event) => {
      const result = await acceptCalloutCancellation(campaign, starter, event);
      platform.logger.info('CalloutCancellationRequested handled', { outcome: result.kind });
    },
    { name: 'callouts-callout-cancellation-requested' },
  );

  const app = createApp({
    verifier: platform.auth.verifier,
    campaign,
    starter,
    reports: stores.reports,
    reportLinkSeconds: settings.reportLinkSeconds,
    spendLimiter,
    pacing: { maxConcurrency: settings.maxConcurrency, dialsPerSecond: settings.apiRatePerSecond },
  });
  // Local-only: script how a callee answers, by number (E.164) or by receiver id.
  app.put('/simulator/callees/:key', async (c) => {
    const parsed = calleeScriptSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ title: 'Invalid callee script', issues: parsed.error.issues }, 422);
    // The router decodes the path once; decoding again would read a literal "%2B" as "+".
    const key = c.req.param('key');
    scripted.set(key, parsed.data);
    return c.json({ key, script: parsed.data }, 200);
  });
  app.get('/simulator/calls', (c) =>
    c.json(
      {
        inProgress: world.connect.inProgress,
        calls: world.connect.calls.slice(-100).map((call) => ({ ...call, phoneNumber: maskPhoneNumber(call.phoneNumber) })),
      },
      200,
    ),
  );

  const inbox = path.join(platform.dataDir, 'callouts-inbox');
  const bucketWatch = watchLocalJobsBucket({
    objects: platform.objects,
    inbox,
    accept: (key, body) => acceptUploadedWorkbook({ campaign, starter }, key, body),
    onOutcome: (outcome) => {
      if (outcome.kind === 'refused') platform.logger.warn('call job refused', { key: outcome.key, limit: outcome.limit, reason: outcome.reason });
      else if (outcome.result.kind === 'invalid')
        platform.logger.warn('call job refused', { key: outcome.key, issues: outcome.result.issues.slice(0, 50) });
      else platform.logger.info('call job from the jobs bucket', { key: outcome.key, outcome: outcome.kind, jobId: outcome.taskId });
    },
    onError: (error) => platform.logger.error('jobs bucket poll failed', { error }),
  });

  // Jobs left Running by a previous stage run continue. Calls that were on the line when the stage stopped died
  // with it: they are reported dropped (answers so far kept) instead of being placed again.
  const lost = await adoptCallsLostInRestart(stores, world);
  await runner.resume();
  if (lost > 0) {
    platform.logger.info('calls dropped by the last stage stop', { count: lost });
    await world.connect.dropLostCalls();
  }
  return {
    name: 'callouts',
    app,
    links: {
      'callouts API docs': '/openapi.json',
      'simulated calls': '/simulator/calls',
      [`drop workbooks into ${inbox} (bucket ${localJobsBucket}/uploads/)`]: '/jobs',
    },
    stop: () => {
      unsubscribe();
      unsubscribeCancellation();
      bucketWatch.stop();
      runner.kill();
      world.connect.halt();
    },
  };
};
