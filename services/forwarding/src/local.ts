/**
 * The forwarding service on the local stage: the forwards table in dynalite, the Chime SDK voice stand-in (a few
 * seeded numbers and Voice Connectors), product switches advanced by an in-process loop, the real SMA handler
 * driven by the call simulator (`POST /simulator/calls`), and the self-service page with a local login.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import type { Hono } from 'hono';
import { CallForwarded, ForwardChanged } from '@switchboard/shared/contracts';
import type { LocalPlatform, RegisteredService, ServiceRegistration } from '@switchboard/shared/local';
import type { AppEnv } from '@switchboard/shared/http';
import packageJson from '../package.json' with { type: 'json' };
import { DynamoForwardStore } from './adapters/aws/dynamodb-forward-store.ts';
import { DynamoForwardedCallCounts } from './adapters/aws/dynamodb-forwarded-call-counts.ts';
import { countForwardedCall } from './application/call-counter.ts';
import { forwardsTable } from './adapters/forwards-table.ts';
import { simulateCall } from './adapters/local/call-simulator.ts';
import { ChimeSdkVoiceStandIn, defaultSeed } from './adapters/local/chime-sdk-voice-stand-in.ts';
import { InProcessSwitchRunner } from './adapters/local/in-process-switch-runner.ts';
import { createApp } from './api/app.ts';
import { e164Pattern } from './domain/forward.ts';
import { ForwardingService, forwardChangedData } from './application/forwarding-service.ts';
import { isTerminal } from './domain/product-switch.ts';
import { defaultGuardPolicy } from './domain/toll-fraud-guard.ts';
import type { PromptSettings } from './domain/sma-decision.ts';
import { createSmaHandler } from './application/sma-call-handler.ts';
import { maskNumbersIn } from './domain/mask.ts';
import { pageConfigPath, pageHtml } from './page/page.ts';
import { DEFAULT_CHANGE_RATE_LIMIT } from './config.ts';
import { monotonicIds } from './adapters/ids.ts';

export const localSipMediaApplicationId = 'local-forwarding-sma';
const promptsBucket = 'switchboard-local-forwarding-prompts';
const assetsDir = new URL('../assets/prompts/', import.meta.url);

/** Development users of the local login. Their subjects are stable so assignments survive restarts. */
export const localUsers = [
  { username: 'admin', sub: 'local-admin', groups: ['admin'] },
  { username: 'alice', sub: 'local-alice', groups: [] },
  { username: 'bob', sub: 'local-bob', groups: [] },
] as const;

/** Which seeded number belongs to whom (admins see all of them). */
const seedAssignments: Record<string, string> = {
  '+13125550100': 'local-alice',
  '+13125550101': 'local-alice',
  '+13125550102': 'local-bob',
};

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const simulatedCallSchema = z.object({
  from: z.string().regex(e164Pattern),
  to: z.string().regex(e164Pattern),
  answer: z
    .array(z.enum(['busy', 'no-answer', 'answer', 'voicemail']))
    .max(10)
    .default([]),
  hangup: z.enum(['caller', 'destination']).optional(),
});

export interface LocalForwardingOptions {
  /** How long a freed number stays Assigned in the stand-in. @default 1500 */
  releaseDelayMs?: number;
  /** Delay between rounds of a waiting switch (seconds, fractions allowed locally). @default 1 */
  retryAfterSeconds?: number;
  /** Keep the stand-in's inventory in memory only (tests). @default false */
  ephemeralInventory?: boolean;
  rateLimit?: { changes: number; windowSeconds: number };
}

export interface LocalForwarding {
  registered: RegisteredService;
  inventory: ChimeSdkVoiceStandIn;
  runner: InProcessSwitchRunner;
  service: ForwardingService;
  store: DynamoForwardStore;
  callCounts: DynamoForwardedCallCounts;
}

export async function buildLocalForwarding(platform: LocalPlatform, options: LocalForwardingOptions = {}): Promise<LocalForwarding> {
  await platform.ensureTables([forwardsTable]);
  const store = new DynamoForwardStore(platform.documentClient, platform.tableName(forwardsTable));
  const inventory = new ChimeSdkVoiceStandIn({
    releaseDelayMs: options.releaseDelayMs ?? 1500,
    ...(options.ephemeralInventory ? {} : { persistPath: path.join(platform.dataDir, 'forwarding', 'chime-sdk-voice.json') }),
    ...defaultSeed,
  });
  // The stage's one clock (simulated time with SWITCHBOARD_TIME_SCALE is the same for every service).
  const clock = platform.clock;
  const ids = monotonicIds();
  const runner = new InProcessSwitchRunner(
    {
      inventory,
      journal: store,
      appendHistory: (entry) => store.appendHistory(entry),
      clock,
      ids,
      sipMediaApplicationId: localSipMediaApplicationId,
      limits: { retryAfterSeconds: options.retryAfterSeconds ?? 1, maxReleaseChecks: 60 },
    },
    {
      onError: (error, record) =>
        platform.logger.error('product switch stopped on an error', { switchId: record.id, error: maskNumbersIn(String(error)) }),
    },
  );
  const service = new ForwardingService({
    store,
    journal: store,
    inventory,
    scheduler: runner,
    publishChange: async (change, correlationId) => {
      await platform.bus.publish(ForwardChanged, forwardChangedData(change), { correlationId });
    },
    clock,
    ids,
    sipMediaApplicationId: localSipMediaApplicationId,
    awsRegion: 'us-east-1',
    guard: defaultGuardPolicy,
    rateLimit: options.rateLimit ?? { ...DEFAULT_CHANGE_RATE_LIMIT },
  });

  // The prompts the SMA plays, in the local S3 stand-in (the infra uploads the same files to the prompts bucket).
  for (const key of ['please_wait_while_we_try_to_connect_you.wav', 'we_were_unable_to_connect_your_call.wav']) {
    if (!(await platform.objects.get(promptsBucket, key))) {
      await platform.objects.put(promptsBucket, key, await readFile(new URL(key, assetsDir)), { contentType: 'audio/wav' });
    }
  }
  for (const [e164, owner] of Object.entries(seedAssignments)) {
    if (!(await store.getAssignment(e164))) await store.putAssignment(e164, owner, 'local-seed', clock.now().toISOString());
  }

  // Switches that were under way when the stage last stopped resume from their journal.
  let nextToken: string | undefined;
  do {
    const page = await inventory.listPhoneNumbers({ maxResults: 100, ...(nextToken ? { nextToken } : {}) });
    for (const number of page.items) {
      const record = await store.get(number.e164);
      if (record && !isTerminal(record.status)) await runner.start(record);
    }
    nextToken = page.nextToken;
  } while (nextToken);

  const prompts: PromptSettings = {
    bucket: promptsBucket,
    pleaseWaitKey: 'please_wait_while_we_try_to_connect_you.wav',
    unableToConnectKey: 'we_were_unable_to_connect_your_call.wav',
    voiceId: 'Joanna',
    languageCode: 'en-US',
  };
  const smaHandler = createSmaHandler({
    lookupForward: (e164) => store.getForward(e164),
    guard: defaultGuardPolicy,
    publishFact: async (fact) => {
      await platform.bus.publish(CallForwarded, fact, { correlationId: fact.callId });
    },
    prompts,
    log: (level, message, details) => platform.logger[level](message, details ?? {}),
  });

  // The CallForwarded subscriber, on the same pattern the infra's rule uses; the table is the stage's forwards table.
  const callCounts = new DynamoForwardedCallCounts(platform.documentClient, platform.tableName(forwardsTable), () => clock.now());
  const unsubscribeCounter = platform.bus.subscribe(CallForwarded.pattern, async (event) => void (await countForwardedCall(callCounts, event)), {
    name: 'forwarding-call-counter',
  });

  const pageOrigin = platform.urlOf('forwarding');
  const localPassword = process.env.SWITCHBOARD_LOCAL_PASSWORD || 'switchboard';

  const mount = (app: Hono<AppEnv>) => {
    app.get('/', (c) => c.html(pageHtml()));
    app.get(pageConfigPath, (c) => c.json({ apiBase: '', auth: { kind: 'local', loginPath: '/local/login' }, simulator: true, stage: 'local' }));
    // The local Cognito stand-in: development users, one shared development password.
    app.post('/local/login', async (c) => {
      const parsed = loginSchema.safeParse(await c.req.json().catch(() => undefined));
      const user = parsed.success ? localUsers.find((u) => u.username === parsed.data.username) : undefined;
      if (!parsed.success || !user || parsed.data.password !== localPassword) {
        return c.json({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Unknown user or wrong password.' }, 401, {
          'content-type': 'application/problem+json',
        });
      }
      const token = await platform.auth.issueToken({ sub: user.sub, username: user.username, groups: [...user.groups], ttlSeconds: 3600 });
      return c.json({ idToken: token, username: user.username, groups: user.groups });
    });
    // The PSTN, simulated: anyone may dial a number, so this needs no token — like a real phone line.
    app.post('/simulator/calls', async (c) => {
      const parsed = simulatedCallSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        return c.json({ type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: parsed.error.message }, 422, {
          'content-type': 'application/problem+json',
        });
      }
      const call = parsed.data;
      const route = inventory.routeOf(call.to);
      if (route.kind !== 'sip-media-application' || route.sipMediaApplicationId !== localSipMediaApplicationId) {
        return c.json({
          callId: null,
          from: call.from,
          to: call.to,
          route: route.kind,
          entries: [],
          dialled: [],
          heard: [],
          connected: null,
          silence: false,
          invalidResponses: 0,
          endedBy: 'platform',
        });
      }
      const transcript = await simulateCall({ ...call, ...(call.hangup ? { hangup: call.hangup } : {}) }, smaHandler, {
        sipMediaApplicationId: localSipMediaApplicationId,
      });
      return c.json(transcript);
    });
  };

  const app = createApp({
    service,
    callCounts,
    clock,
    verifier: platform.auth.verifier,
    pageOrigin,
    version: packageJson.version,
    logger: platform.logger,
    mount,
  });

  return {
    registered: {
      name: 'forwarding',
      app,
      // The page customers use to set their forwards (local sign-in: the development users above).
      links: { 'self-service page': '/' },
      stop: async () => {
        unsubscribeCounter();
        runner.stop();
      },
    },
    inventory,
    runner,
    service,
    store,
    callCounts,
  };
}

export const register: ServiceRegistration = async (platform) => (await buildLocalForwarding(platform)).registered;
