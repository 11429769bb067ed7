/**
 * Wires the real SMA handler, the real Lex code hook, the local Lex stand-in and the call simulator
 * around an in-memory routing table and the local bus — the same wiring as the local stage, minus
 * dynalite — so a test can place whole calls and inspect the events.
 */
import type { AgentLine } from '../../src/application/agent-line.ts';
import { LocalBus } from '@switchboard/shared/bus';
import { CallSimulator, type SimulatedCallScript } from '../../src/adapters/local/call-simulator.ts';
import { InMemoryDepartments } from '../../src/adapters/local/in-memory-departments.ts';
import { InMemoryTextingProjection } from '../../src/adapters/local/in-memory-texting.ts';
import { LocalLexBot } from '../../src/adapters/local/local-lex-bot.ts';
import { DirectoryCache } from '../../src/application/directory-cache.ts';
import { createLexCodeHook } from '../../src/application/lex-code-hook.ts';
import { createSmaCallHandler, type RoutingLogger, type SmaCallHandlerDeps } from '../../src/application/sma-call-handler.ts';
import type { RoutingSettings } from '../../src/domain/call-routing.ts';
import { departmentSchema, type Department, type DepartmentInput } from '../../src/domain/department.ts';
import type { DepartmentRepository } from '../../src/domain/ports.ts';
import { routingBotDefinition } from '../../src/domain/routing-bot.ts';
import { SEED_DEPARTMENTS } from '../../src/domain/seed-departments.ts';

/** The README's Voice Connector. */
export const VOICE_CONNECTOR_ARN = 'arn:aws:chime:us-east-1:104621577074:vc/ehwryzdm9hy4u6rrud7jym';
export const CALLER = '+14155550123';
export const OUR_NUMBER = '+18005550100';

export const settings: RoutingSettings = {
  voiceConnectorArn: VOICE_CONNECTOR_ARN,
  fallbackOperator: { type: 'pstn', number: '+14155550199' },
  bridgeTimeoutSeconds: 30,
  bot: { aliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID12345/ALIASID123', localeId: 'en_US' },
  voice: { VoiceId: 'Joanna', Engine: 'neural', LanguageCode: 'en-US' },
  greeting: 'Thank you for calling.',
  languageCode: 'en-US',
  smsAllowedCountries: ['US'],
};

export interface CapturedLog {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra: unknown[];
}

export function capturingLogger(): RoutingLogger & { records: CapturedLog[] } {
  const records: CapturedLog[] = [];
  const log =
    (level: CapturedLog['level']) =>
    (message: unknown, ...extra: unknown[]) => {
      records.push({ level, message: String(message), extra });
    };
  return { records, info: log('info'), warn: log('warn'), error: log('error') } as RoutingLogger & { records: CapturedLog[] };
}

export function department(input: DepartmentInput): Department {
  return departmentSchema.parse({ ...input, updatedAt: '2026-01-01T00:00:00.000Z' });
}

export const seededDepartments = (): Department[] => SEED_DEPARTMENTS.map(department);

export interface HarnessOptions {
  /** The PBX stand-in a bridge scripted `agent` rings. */
  agentLine?: AgentLine;
  departments?: Department[];
  repository?: DepartmentRepository;
  now?: Date;
  settings?: Partial<RoutingSettings>;
  deadlineMs?: number;
  directoryTimeoutMs?: number;
  botSessions?: SmaCallHandlerDeps['botSessions'];
  bus?: SmaCallHandlerDeps['bus'];
  /** @default an empty in-memory projection (nobody opted out) */
  texting?: SmaCallHandlerDeps['texting'] | null;
}

export function routingHarness(options: HarnessOptions = {}) {
  const repository = options.repository ?? new InMemoryDepartments(options.departments ?? seededDepartments());
  const logger = capturingLogger();
  const bus = new LocalBus();
  // ttl 0: every invocation reads the table, so a test that changes it sees the change.
  const directory = new DirectoryCache({ repository, ttlMs: 0, maxStaleMs: 0 });
  const codeHook = createLexCodeHook({ directory, logger, clock: () => options.now ?? new Date('2026-03-04T15:00:00Z') });
  const bot = new LocalLexBot({
    definition: async () => routingBotDefinition(await repository.list().catch(() => [])),
    codeHook,
  });
  const texting = new InMemoryTextingProjection();
  const handler = createSmaCallHandler({
    directory,
    texting: options.texting === null ? undefined : (options.texting ?? texting),
    botSessions: options.botSessions ?? bot,
    bus: options.bus ?? bus,
    settings: { ...settings, ...options.settings },
    logger,
    clock: () => options.now ?? new Date('2026-03-04T15:00:00Z'),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.directoryTimeoutMs !== undefined ? { directoryTimeoutMs: options.directoryTimeoutMs } : {}),
  });
  const simulator = new CallSimulator({ handler, bot, ...(options.agentLine ? { agentLine: options.agentLine } : {}) });
  return {
    repository,
    texting,
    logger,
    bus,
    bot,
    handler,
    codeHook,
    simulator,
    call: (script: Partial<SimulatedCallScript>) => simulator.place({ from: CALLER, to: OUR_NUMBER, ...script }),
    /** The data of every event published, in order, as `detailType: data`. */
    events: () => bus.history.map((e) => ({ detailType: e['detail-type'], data: (e.detail as { data: Record<string, unknown> }).data })),
  };
}
