/**
 * Telephony fuzz: every handler a caller waits on × 10,000 seeded mutations of real-shaped events, counting
 * what a caller would suffer. Deterministic (seeded), so a figure that moves is a behaviour that changed.
 *
 *   npm run bench telephony-fuzz        (or: node --import tsx bench/telephony-fuzz.bench.ts [iterations])
 *
 * Handlers: the routing SIP media application, the routing Lex code hook, the forwarding SIP media
 * application and the four callouts contact-flow Lambdas — each wired as on the local stage (in-memory tables) and
 * fed the fixtures under services/<name>/test/fixtures plus every event of simulated whole calls.
 *
 * Columns per handler:
 * - throws       the handler rejected instead of answering (must be 0)
 * - invalid      the answer fails the service's schema (`smaResponseSchema` / `lexResponseSchema`: what the PSTN
 *                audio service and Lex refuse; for a contact-flow Lambda `connectResponseSchema` — a flat string map
 *                Connect accepts — plus the keys its flow branches on, with values the flow can use) (must be 0)
 * - interrupted  an established bridge (both legs Connected; for forwarding, a bridge its destination accepted)
 *                got actions on an event other than HANGUP (must be 0)
 * - silent       a connected, unbridged caller who is not being hung up got no action on NEW_INBOUND_CALL,
 *                ACTION_SUCCESSFUL, ACTION_FAILED or INVALID_LAMBDA_RESPONSE (must be 0)
 * - fallback     how many mutations were broken enough to need the handler's fallback (information: proves
 *                the mutations reach the hard paths)
 * Baseline in the same run: the unmutated events (must all be valid too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { smaResponseSchema, bridgeEstablished } from '@switchboard/shared/chime';
import { lexResponseSchema } from '@switchboard/shared/lex';
import { InMemoryDepartments } from '../services/routing/src/adapters/local/in-memory-departments.ts';
import { routingHarness, seededDepartments, CALLER, OUR_NUMBER } from '../services/routing/test/support/harness.ts';
import { simulateCall } from '../services/forwarding/src/adapters/local/call-simulator.ts';
import { forwardSettingsSchema, type Forward } from '../services/forwarding/src/domain/forward.ts';
import { createSmaHandler } from '../services/forwarding/src/application/sma-call-handler.ts';
import { connectResponseSchema } from '@switchboard/shared/connect';
import { submitJob } from '../services/callouts/src/domain/campaign.ts';
import {
  createEndCallLambda,
  createNextQuestionLambda,
  createRecordAnswerLambda,
  createStartCallLambda,
} from '../services/callouts/src/application/contact-flow-lambdas.ts';
import { localLambdaArns } from '../services/callouts/src/runner/local-callouts.ts';
import { simulation as calloutsSimulation } from '../services/callouts/test/support.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ITERATIONS = Number(process.argv[2] ?? 10_000);
const SEED = 20261203;

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SMA_TYPES = [
  'NEW_INBOUND_CALL',
  'ACTION_SUCCESSFUL',
  'ACTION_FAILED',
  'HANGUP',
  'RINGING',
  'CALL_ANSWERED',
  'INVALID_LAMBDA_RESPONSE',
  'DIGITS_RECEIVED',
  'ACTION_INTERRUPTED',
  'CALL_UPDATE_REQUESTED',
  'NEW_OUTBOUND_CALL',
  'CALL_TRANSFERRED',
];
const ACTION_TYPES = ['CallAndBridge', 'StartBotConversation', 'SpeakAndGetDigits', 'Speak', 'PlayAudio', 'Hangup', 'Pause', 'RecordAudio'];
const WEIRD: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  0,
  -1,
  1e13,
  NaN,
  true,
  [],
  {},
  'anonymous',
  'sip:alice@pbx',
  'tel:+18005550100',
  '+1',
  '+999999999999999999',
  'Connected',
  'Disconnected',
  'LEG-A',
  'LEG-B',
  'Leg-b',
  'connected',
  'ending',
  'bridging',
  'bot',
  'sms-offer',
  'closing',
  'screening',
  'ringing',
  'history\r\nX-Injected: 1',
  '\u0000',
  'x'.repeat(3000),
  '１２３',
  '__proto__',
  { toString: 'x' },
  [null],
  '600300',
  'operator',
];

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
}

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

const CONNECT_INTENTS = [
  'OkIntent',
  'YesIntent',
  'NoIntent',
  'AIntent',
  'EIntent',
  'Digit1Intent',
  'Digit5Intent',
  'Digit9Intent',
  'RepeatIntent',
  'FallbackIntent',
  'StopCallingIntent',
  'DateIntent',
  'NumberIntent',
  '',
];

function mutate(base: unknown, random: () => number, kind: 'sma' | 'lex' | 'connect'): unknown {
  const root = structuredClone(base) as Record<string, unknown>;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const rounds = 1 + Math.floor(random() * 4);
  for (let round = 0; round < rounds; round++) {
    const op = random();
    // Targeted moves that reach the states that matter: a different event type on the same call, a different
    // action, a leg that changes status, the call state rewritten.
    if (kind === 'sma' && op < 0.15) {
      root.InvocationEventType = pick(SMA_TYPES);
      continue;
    }
    if (kind === 'sma' && op < 0.25) {
      const data = (root.ActionData ??= { Type: pick(ACTION_TYPES), Parameters: {} }) as Record<string, unknown>;
      if (data && typeof data === 'object') data.Type = pick(ACTION_TYPES);
      continue;
    }
    if (kind === 'sma' && op < 0.35) {
      const participants = (root.CallDetails as { Participants?: Record<string, unknown>[] } | undefined)?.Participants;
      const leg = Array.isArray(participants) && participants.length ? pick(participants) : undefined;
      if (leg && typeof leg === 'object') leg.Status = pick(['Connected', 'Disconnected', undefined]);
      continue;
    }
    if (kind === 'sma' && op < 0.45) {
      const details = root.CallDetails as Record<string, unknown> | undefined;
      if (details && typeof details === 'object') {
        const attributes = (details.TransactionAttributes ??= {}) as Record<string, unknown>;
        if (attributes && typeof attributes === 'object')
          attributes[pick(['phase', 'st', 'department', 'stage', 'tried', 'scr', 'idx', 'dst', 'cid', 'attempt'])] = pick(
            WEIRD.filter((w) => typeof w === 'string'),
          );
      }
      continue;
    }
    // Contact-flow events: the block parameters and contact attributes the Lambdas read.
    if (kind === 'connect' && op < 0.4) {
      const details = root.Details as { Parameters?: Record<string, unknown>; ContactData?: { Attributes?: Record<string, unknown> } } | undefined;
      const target = op < 0.2 ? details?.Parameters : details?.ContactData?.Attributes;
      if (target && typeof target === 'object') {
        const key = pick(op < 0.2 ? ['intentName', 'slotValue', 'index', 'tries', 'how'] : ['jobId', 'receiverId', 'attempt', 'index']);
        target[key] = key === 'intentName' && random() < 0.6 ? pick(CONNECT_INTENTS) : pick(WEIRD.filter((w) => typeof w === 'string'));
      }
      continue;
    }
    const all = paths(root);
    if (all.length === 0) continue;
    const path = pick(all);
    let parent: Record<string | number, unknown> = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    if (!parent || typeof parent !== 'object') continue;
    const key = path[path.length - 1]!;
    const what = random();
    if (what < 0.35) delete parent[key];
    else if (what < 0.7) parent[key] = structuredClone(pick(WEIRD));
    else if (what < 0.85)
      parent[key] = typeof parent[key] === 'string' ? `${parent[key]}${pick(['', 'x', ' ', '0', '\n'])}` : safeString(parent[key]);
    else parent[key] = Array.isArray(parent[key]) ? [] : [parent[key]];
  }
  return root;
}

function readFixtures(folder: URL): unknown[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8')));
}

// ── what a response must never do ──────────────────────────────────────────────────────────────────

type Raw = { InvocationEventType?: unknown; ActionData?: unknown; CallDetails?: { Participants?: unknown; TransactionAttributes?: unknown } };

function rawLegs(event: Raw): { participantTag?: string; status?: string }[] {
  const participants = event?.CallDetails?.Participants;
  if (!Array.isArray(participants)) return [];
  return participants
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && typeof p.CallId === 'string' && p.CallId.length > 0)
    .map((p) => ({
      ...(typeof p.ParticipantTag === 'string' ? { participantTag: p.ParticipantTag.toUpperCase() } : {}),
      ...(typeof p.Status === 'string' ? { status: p.Status } : {}),
    }));
}

function rawAttributes(event: Raw): Record<string, unknown> {
  const attributes = event?.CallDetails?.TransactionAttributes;
  // The service stores strings only: a value of another type is as good as absent.
  if (typeof attributes !== 'object' || attributes === null) return {};
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => typeof value === 'string'));
}

interface Promises {
  /** The bridge is established and only a hang-up may act on it. */
  established(event: Raw): boolean;
  /** The call is being ended on purpose (the handler already sent the hang-up). */
  ending(event: Raw): boolean;
}

/** The service reports that a CallAndBridge connected: the bridge is up from that event on. */
function bridgeAnswered(event: Raw): boolean {
  const data = event?.ActionData;
  return (
    event?.InvocationEventType === 'ACTION_SUCCESSFUL' &&
    typeof data === 'object' &&
    data !== null &&
    (data as { Type?: unknown }).Type === 'CallAndBridge'
  );
}

const routingPromises: Promises = {
  established: (event) =>
    rawAttributes(event).phase === 'connected' ||
    bridgeEstablished(rawLegs(event)) ||
    (bridgeAnswered(event) && rawAttributes(event).phase === 'bridging'),
  ending: (event) => rawAttributes(event).phase === 'ending',
};
const forwardingPromises: Promises = {
  established: (event) => {
    const attributes = rawAttributes(event);
    const state = attributes.st;
    // An answered bridge without screening is connected at once (with screening, the answer is the "press 1").
    return (
      state === 'connected' ||
      (state === undefined && bridgeEstablished(rawLegs(event))) ||
      (bridgeAnswered(event) && state === 'ringing' && attributes.scr !== '1')
    );
  },
  // Screening: the destination's leg is being asked to press 1 while the caller hears ringback.
  ending: (event) => rawAttributes(event).st === 'closing' || rawAttributes(event).st === 'screening',
};

const NEEDS_ACTION = new Set(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'ACTION_FAILED', 'INVALID_LAMBDA_RESPONSE']);

interface Tally {
  throws: number;
  invalid: number;
  interrupted: number;
  silent: number;
  fallback: number;
  examples: string[];
}

async function fuzzSma(
  label: string,
  handler: (e: unknown) => Promise<unknown>,
  bases: unknown[],
  promises: Promises,
  fellBack: () => boolean,
): Promise<Tally> {
  const random = prng(SEED);
  const tally: Tally = { throws: 0, invalid: 0, interrupted: 0, silent: 0, fallback: 0, examples: [] };
  const note = (what: string, event: unknown, response: unknown) => {
    if (tally.examples.length < 3) tally.examples.push(`${what}: ${JSON.stringify(event).slice(0, 600)} → ${JSON.stringify(response).slice(0, 200)}`);
  };
  for (let i = 0; i < ITERATIONS; i++) {
    const event = mutate(bases[i % bases.length], random, 'sma') as Raw;
    let response: unknown;
    try {
      response = await handler(event);
    } catch (error) {
      tally.throws++;
      note(`throw ${String(error)}`, event, undefined);
      continue;
    }
    if (fellBack()) tally.fallback++;
    const check = smaResponseSchema.safeParse(response);
    if (!check.success) {
      tally.invalid++;
      note(`invalid ${check.error.issues[0]?.message}`, event, response);
      continue;
    }
    const type = event?.InvocationEventType;
    const actions = check.data.Actions;
    if (type !== 'HANGUP' && type !== 'NEW_INBOUND_CALL' && promises.established(event) && actions.length > 0) {
      tally.interrupted++;
      note('interrupted', event, response);
    }
    const caller = rawLegs(event).find((leg) => leg.participantTag === 'LEG-A');
    if (
      typeof type === 'string' &&
      NEEDS_ACTION.has(type) &&
      (type === 'NEW_INBOUND_CALL' || (!promises.established(event) && !promises.ending(event))) &&
      caller !== undefined &&
      caller.status !== 'Disconnected' &&
      actions.length === 0
    ) {
      tally.silent++;
      note('silent', event, response);
    }
  }
  void label;
  return tally;
}

async function fuzzLex(handler: (e: unknown) => Promise<unknown>, bases: unknown[], fellBack: () => boolean): Promise<Tally> {
  const random = prng(SEED);
  const tally: Tally = { throws: 0, invalid: 0, interrupted: 0, silent: 0, fallback: 0, examples: [] };
  for (let i = 0; i < ITERATIONS; i++) {
    const event = mutate(bases[i % bases.length], random, 'lex');
    let response: unknown;
    try {
      response = await handler(event);
    } catch (error) {
      tally.throws++;
      if (tally.examples.length < 3) tally.examples.push(`throw ${String(error)}: ${JSON.stringify(event).slice(0, 300)}`);
      continue;
    }
    if (fellBack()) tally.fallback++;
    const check = lexResponseSchema.safeParse(response);
    if (!check.success) {
      tally.invalid++;
      if (tally.examples.length < 3)
        tally.examples.push(`invalid ${JSON.stringify(check.error.issues[0])}: ${JSON.stringify(response).slice(0, 300)}`);
    }
  }
  return tally;
}

// ── routing: SMA and Lex hook, wired as on the local stage ──────────────────────────────────────────

const departments = seededDepartments().map((d) =>
  d.name === 'history' ? { ...d, smsDeflection: { offerWhenWaitExceedsSeconds: 1 }, expectedWaitSeconds: 300 } : d,
);
const routing = routingHarness({ departments, repository: new InMemoryDepartments(departments) });
const routingEvents: unknown[] = [];
const lexEvents: unknown[] = [];
{
  // Record every event of whole simulated calls: these are the bases, besides the fixtures.
  const { CallSimulator } = await import('../services/routing/src/adapters/local/call-simulator.ts');
  const { LocalLexBot } = await import('../services/routing/src/adapters/local/local-lex-bot.ts');
  const { routingBotDefinition } = await import('../services/routing/src/domain/routing-bot.ts');
  const bot = new LocalLexBot({
    definition: async () => routingBotDefinition(departments),
    codeHook: async (event) => {
      lexEvents.push(structuredClone(event));
      return routing.codeHook(event);
    },
  });
  const simulator = new CallSimulator({
    handler: async (event) => {
      routingEvents.push(structuredClone(event));
      return routing.handler(event);
    },
    bot,
  });
  const scripts = [
    { say: 'history', smsOfferKey: '2' },
    { say: 'history', smsOfferKey: '1' },
    { say: ['geography', 'nope'] },
    { digits: '1', bridge: ['busy' as const, 'no-answer' as const] },
    { say: 'math', hangupBy: 'callee' as const },
    { say: 'art' },
    { callerHangsUpDuringBot: true },
  ];
  for (const script of scripts) await simulator.place({ from: CALLER, to: OUR_NUMBER, ...script });
}
const routingBases = [...routingEvents, ...readFixtures(new URL('../services/routing/test/fixtures/sma/', import.meta.url))];
const lexBases = [...lexEvents, ...readFixtures(new URL('../services/routing/test/fixtures/lex/', import.meta.url))];
const routingFellBack = () => /fallback/.test(routing.logger.records.at(-1)?.message ?? '');

// ── forwarding: the SMA with an in-memory forward ───────────────────────────────────────────────────

const FORWARDED = '+13125550100';
const forwardOf = (settings: Parameters<typeof forwardSettingsSchema.parse>[0], phoneNumber: string): Forward => ({
  ...forwardSettingsSchema.parse(settings),
  phoneNumber,
  owner: 'bench',
  revision: 1,
  updatedAt: '2026-03-01T00:00:00Z',
  updatedBy: 'bench',
});
const forwards: Record<string, Forward> = {
  [FORWARDED]: forwardOf(
    { destinations: ['+13125550199', '+12025550123', '+14155550142'].map((number) => ({ number, ringTimeoutSeconds: 20 })) },
    FORWARDED,
  ),
  '+13125550101': forwardOf({ destinations: [{ number: '+13125550199' }, { number: '+12025550123' }], screening: true }, '+13125550101'),
};
let forwardingFallbacks = 0;
let lastForwardingFallback = 0;
const forwarding = createSmaHandler({
  lookupForward: async (number) => forwards[number],
  publishFact: async () => undefined,
  prompts: { bucket: 'bench-prompts', pleaseWaitKey: 'wait.wav', unableToConnectKey: 'unable.wav', voiceId: 'Joanna', languageCode: 'en-US' },
  now: () => new Date('2026-03-02T15:00:00Z'),
  log: (_level, message) => {
    if (message === 'answering with the fallback') forwardingFallbacks++;
  },
});
const forwardingEvents: unknown[] = [];
{
  const recording = async (event: unknown) => {
    forwardingEvents.push(structuredClone(event));
    return forwarding(event);
  };
  const calls = [
    { to: FORWARDED, answer: ['answer' as const] },
    { to: FORWARDED, answer: ['busy' as const, 'no-answer' as const, 'answer' as const], hangup: 'destination' as const },
    { to: '+13125550101', answer: ['voicemail' as const, 'answer' as const] },
    { to: '+13125550101', answer: ['answer' as const] },
    { to: '+13125550199', answer: ['answer' as const] },
  ];
  for (const call of calls) await simulateCall({ from: '+14155552671', ...call }, recording, { sipMediaApplicationId: 'bench-sma' });
}
const forwardingBases = [...forwardingEvents, ...readFixtures(new URL('../services/forwarding/test/fixtures/sma/', import.meta.url))];
const forwardingFellBack = () => {
  const fell = forwardingFallbacks > lastForwardingFallback;
  lastForwardingFallback = forwardingFallbacks;
  return fell;
};

// ── callouts: the contact-flow Lambdas over the local stage's stores ───────────────────────────────

/** What the "Calling out" flow branches on, per Lambda: a response without it leaves the flow guessing. */
const positive = (value: unknown) => typeof value === 'string' && /^[1-9][0-9]*$/.test(value);
const ssml = (value: unknown) => typeof value === 'string' && value.startsWith('<speak>') && value.endsWith('</speak>');
const contactFlowShapes: Record<string, (r: Record<string, string>) => boolean> = {
  'start-call': (r) => ssml(r.greeting) && ssml(r.ending) && positive(r.nextIndex),
  'next-question': (r) =>
    r.done === 'true' ||
    (r.done === 'false' &&
      positive(r.index) &&
      ssml(r.question) &&
      ['choice', 'date', 'time', 'number'].includes(r.bot ?? '') &&
      Boolean(r.questionType)),
  'record-answer': (r) => ['next', 'repeat', 'opt-out'].includes(r.action ?? '') && positive(r.nextIndex) && /^[0-9]+$/.test(r.tries ?? ''),
  'end-call': (r) => r.recorded === 'true' || r.recorded === 'false',
};
const calloutsEvents: Record<string, unknown[]> = { 'start-call': [], 'next-question': [], 'record-answer': [], 'end-call': [] };
const roleOfArn = Object.fromEntries(
  Object.entries(localLambdaArns).map(([role, arn]) => [arn, role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)]),
);
let calloutsFallbacks = 0;
const calloutsLog = { error: () => void calloutsFallbacks++ };
const callouts = calloutsSimulation({
  start: new Date('2026-03-02T02:00:00Z'),
  callees: (call) => {
    const scripts = [
      { behaviour: 'answer' as const, utterances: ['Yes', 'C', '2026-12-24', '12', 'OK'] },
      { behaviour: 'answer' as const, utterances: ['repeat', 'maybe', 'No', 'E', 'tomorrow', 'twelve', 'okay'] },
      { behaviour: 'answer' as const, utterances: ['Yes'], hangUpAfterAnswers: 1 },
      { behaviour: 'answer' as const, utterances: ['stop calling me'] },
    ];
    return scripts[Number(call.receiverId.slice(1)) % scripts.length]!;
  },
  // Every event the flow sends while whole calls run (the Connect stand-in runs the generated flow): the bases.
  observeLambda: (arn, event) => calloutsEvents[roleOfArn[arn]!]!.push(event),
});
{
  await submitJob(callouts.campaign, {
    taskId: 'fuzz',
    source: 'api',
    greeting: 'Hello {{ name }}.',
    ending: 'Goodbye.',
    phonePrefix: '+852',
    purpose: 'survey',
    questions: [
      { row: 2, type: 'Yes/No', template: 'Will you come, {{ name }}?' },
      { row: 3, type: 'Multiple Choice', template: 'Pick A to E.' },
      { row: 4, type: 'Date', template: 'Which day?' },
      { row: 5, type: 'Number', template: 'How many?' },
      { row: 6, type: 'OK', template: 'Say OK.' },
    ],
    receivers: Array.from({ length: 8 }, (_, i) => ({
      row: i + 2,
      values: { id: `r${i}`, phone_number: String(91000000 + i), name: `Caller <${i}>` },
    })),
  });
  await callouts.runner.startJob('fuzz');
  await callouts.scheduler.run(() => callouts.runner.idle && callouts.world.connect.inProgress === 0);
}
const calloutsFixture = readFixtures(new URL('../services/callouts/test/fixtures/connect/', import.meta.url)).filter(
  (e) => (e as { Name?: string }).Name === 'ContactFlowEvent',
);
const calloutsLambdas: Record<string, (e: unknown) => Promise<Record<string, string>>> = {
  'start-call': createStartCallLambda(callouts.world.sessionDeps, calloutsLog),
  'next-question': createNextQuestionLambda(callouts.world.sessionDeps, calloutsLog),
  'record-answer': createRecordAnswerLambda(callouts.world.sessionDeps, calloutsLog),
  'end-call': createEndCallLambda(callouts.world.sessionDeps, calloutsLog),
};
const contactFlowCheck = (role: string) => ({
  safeParse: (value: unknown) => ({
    success: connectResponseSchema.safeParse(value).success && contactFlowShapes[role]!(value as Record<string, string>),
  }),
});

async function fuzzContactFlow(role: string): Promise<Tally> {
  const random = prng(SEED);
  const tally: Tally = { throws: 0, invalid: 0, interrupted: 0, silent: 0, fallback: 0, examples: [] };
  const bases = [...calloutsEvents[role]!, ...calloutsFixture];
  const check = contactFlowCheck(role);
  for (let i = 0; i < ITERATIONS; i++) {
    const event = mutate(bases[i % bases.length], random, 'connect');
    const before = calloutsFallbacks;
    let response: unknown;
    try {
      response = await calloutsLambdas[role]!(event);
    } catch (error) {
      tally.throws++;
      if (tally.examples.length < 3) tally.examples.push(`throw ${String(error)}: ${JSON.stringify(event).slice(0, 300)}`);
      continue;
    }
    if (calloutsFallbacks > before) tally.fallback++;
    if (!check.safeParse(response).success) {
      tally.invalid++;
      if (tally.examples.length < 3)
        tally.examples.push(`invalid: ${JSON.stringify(event).slice(0, 400)} → ${JSON.stringify(response).slice(0, 200)}`);
    }
  }
  return tally;
}

// ── baseline: the unmutated events ─────────────────────────────────────────────────────────────────

async function baseline(
  handler: (e: unknown) => Promise<unknown>,
  bases: unknown[],
  schema: { safeParse(v: unknown): { success: boolean } },
): Promise<string> {
  let invalid = 0;
  for (const event of bases) if (!schema.safeParse(await handler(structuredClone(event))).success) invalid++;
  return `${bases.length} events, ${invalid} invalid`;
}

console.log(`seed ${SEED}, ${ITERATIONS} mutations per handler\n`);
console.log(`baseline routing SMA       ${await baseline(routing.handler, routingBases, smaResponseSchema)}`);
console.log(`baseline routing Lex hook  ${await baseline(routing.codeHook, lexBases, lexResponseSchema)}`);
console.log(`baseline forwarding SMA    ${await baseline(forwarding, forwardingBases, smaResponseSchema)}`);
for (const role of Object.keys(calloutsLambdas)) {
  console.log(
    `baseline callouts ${role.padEnd(14)} ${await baseline(calloutsLambdas[role]!, [...calloutsEvents[role]!, ...calloutsFixture], contactFlowCheck(role))}`,
  );
}
console.log('');

const started = performance.now();
const results: [string, Tally][] = [
  ['routing SMA', await fuzzSma('routing SMA', routing.handler, routingBases, routingPromises, routingFellBack)],
  [
    'routing Lex hook',
    await fuzzLex(routing.codeHook, lexBases, () => /malformed Lex|code hook failed/.test(routing.logger.records.at(-1)?.message ?? '')),
  ],
  ['forwarding SMA', await fuzzSma('forwarding SMA', forwarding, forwardingBases, forwardingPromises, forwardingFellBack)],
];
for (const role of Object.keys(calloutsLambdas)) results.push([`callouts ${role}`, await fuzzContactFlow(role)]);
console.log(
  `${'handler'.padEnd(24)} ${'mutations'.padStart(9)} ${'throws'.padStart(7)} ${'invalid'.padStart(8)} ${'interrupted'.padStart(12)} ${'silent'.padStart(7)} ${'fallback'.padStart(9)}`,
);
let broken = 0;
for (const [name, tally] of results) {
  console.log(
    `${name.padEnd(24)} ${String(ITERATIONS).padStart(9)} ${String(tally.throws).padStart(7)} ${String(tally.invalid).padStart(8)} ${String(tally.interrupted).padStart(12)} ${String(tally.silent).padStart(7)} ${String(tally.fallback).padStart(9)}`,
  );
  broken += tally.throws + tally.invalid + tally.interrupted + tally.silent;
  for (const example of tally.examples) console.log(`    ${example}`);
}
console.log(
  `\n${(performance.now() - started).toFixed(0)} ms for ${results.length * ITERATIONS} invocations; ${broken === 0 ? 'every promise kept' : `${broken} broken promises`}`,
);
if (broken > 0) process.exitCode = 1;
