/**
 * The SMA handler under failure: unreachable or hanging dependencies, rejected responses, the README's
 * real events, and 1,000 randomly mutated events — always a valid response, never an exception.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smaResponseSchema, type SmaResponse } from '@switchboard/shared/chime';
import type { EventBus } from '@switchboard/shared/bus';
import { InMemoryDepartments } from '../src/adapters/local/in-memory-departments.ts';
import { fallbackResponse } from '../src/application/sma-call-handler.ts';
import type { BotSessions, DepartmentRepository } from '../src/domain/ports.ts';
import { CALLER, OUR_NUMBER, routingHarness, seededDepartments, settings } from './support/harness.ts';

const readme = JSON.parse(readFileSync(new URL('./fixtures/samples/README-example-events.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const failingRepository: DepartmentRepository = {
  list: async () => {
    throw Object.assign(new Error('Could not connect to the endpoint URL'), { name: 'NetworkingError' });
  },
  get: async () => undefined,
  put: async () => undefined,
  delete: async () => false,
};

/** Never settles unless aborted — like a DynamoDB call stuck on a dead connection. */
function hangingUntilAborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
}

const hangingRepository = (aborted: string[]): DepartmentRepository => ({
  list: (options) => {
    options?.signal?.addEventListener('abort', () => aborted.push('list'));
    return hangingUntilAborted(options?.signal);
  },
  get: () => new Promise(() => undefined),
  put: () => new Promise(() => undefined),
  delete: () => new Promise(() => undefined),
});

function baseEvent(type: string, extra: Record<string, unknown> = {}, attributes?: Record<string, string>) {
  return {
    SchemaVersion: '1.0',
    Sequence: 2,
    InvocationEventType: type,
    ...extra,
    CallDetails: {
      TransactionId: 'txn-1',
      ...(attributes ? { TransactionAttributes: attributes } : {}),
      AwsAccountId: '104621577074',
      AwsRegion: 'us-east-1',
      SipMediaApplicationId: 'sma-1',
      Participants: [
        {
          CallId: 'call-a',
          ParticipantTag: 'LEG-A',
          To: OUR_NUMBER,
          From: CALLER,
          Direction: 'Inbound',
          StartTimeInMilliseconds: '1700000000000',
          Status: 'Connected',
        },
      ],
    },
  };
}

test('routing table unreachable: the caller is apologised to and bridged to the configured operator', async () => {
  const h = routingHarness({ repository: failingRepository });
  const call = await h.call({ say: 'history' });
  assert.equal(call.outcome.kind === 'bridged' && call.outcome.endpoint, { type: 'PSTN', uri: '+14155550199' });
  assert.ok(call.heard.includes('Let me connect you to an operator.'));
  assert.equal(
    h.events().map((e) => [e.detailType, e.data.stage ?? e.data.reason]),
    [
      ['CallRoutingFailed', 'lookup'],
      ['CallRouted', 'operator'],
    ],
  );
  assert.ok(h.logger.records.some((r) => r.level === 'error' && r.message.startsWith('routing table unavailable')));
});

test('routing table unreachable and no fallback operator: apology and a clean hang-up', async () => {
  const h = routingHarness({ repository: failingRepository, settings: { fallbackOperator: undefined } });
  const call = await h.call({ say: 'history' });
  assert.equal(call.outcome, { kind: 'hung-up', by: 'application' });
  assert.ok(call.heard.some((t) => t.startsWith("We're sorry")));
});

test('a hanging table read is cut at its deadline and aborted; the call still gets an answer', async () => {
  const aborted: string[] = [];
  const h = routingHarness({ repository: hangingRepository(aborted), deadlineMs: 60, directoryTimeoutMs: 30 });
  const call = await h.call({ say: 'history' });
  assert.equal(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '+14155550199');
  assert.ok(aborted.length > 0, 'the table read was aborted, not just abandoned');
  assert.ok(h.logger.records.some((r) => r.level === 'error' && JSON.stringify(r.extra).includes('did not answer within')));
});

test('a hanging Lex PutSession and a hanging bus do not hold the response', async () => {
  const botSessions: BotSessions = { preload: (_input, options) => hangingUntilAborted(options?.signal) };
  const bus: EventBus = { publish: () => new Promise(() => undefined) };
  const h = routingHarness({ botSessions, bus, deadlineMs: 60 });
  const first = await h.handler(baseEvent('NEW_INBOUND_CALL'));
  assert.equal(
    first.Actions.map((a) => a.Type),
    ['Speak', 'StartBotConversation'],
  );
  const call = await h.call({ say: 'history' });
  assert.equal(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600300');
  assert.ok(h.logger.records.some((r) => r.message === 'side effect failed' && JSON.stringify(r.extra).includes('Lex PutSession did not answer')));
  assert.ok(h.logger.records.some((r) => r.message === 'side effect failed' && JSON.stringify(r.extra).includes('publish CallRouted')));
});

test('a failing bus is logged, never fatal to the call', async () => {
  const bus: EventBus = { publish: async () => Promise.reject(new Error('FailedEntryCount 1')) };
  const h = routingHarness({ bus });
  const call = await h.call({ say: 'art' });
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600200');
});

test('a StartBotConversation failure (bot error) routes to the operator', async () => {
  const h = routingHarness();
  const response = await h.handler(
    baseEvent(
      'ACTION_FAILED',
      { ActionData: { Type: 'StartBotConversation', ErrorType: 'SystemException', ErrorMessage: 'Lex bot failed' } },
      { phase: 'bot' },
    ),
  );
  assert.equal(
    response.Actions.map((a) => a.Type),
    ['Speak', 'CallAndBridge'],
  );
  assert.is((response.Actions[1]!.Parameters as { Endpoints: { Uri: string }[] }).Endpoints[0]!.Uri, '600000');
  assert.is(response.TransactionAttributes?.stage, 'operator');
});

test('INVALID_LAMBDA_RESPONSE: recover once toward the operator, then hang up', async () => {
  const h = routingHarness();
  const first = await h.handler(
    baseEvent('INVALID_LAMBDA_RESPONSE', { ErrorType: 'InvalidResponse', ErrorMessage: 'Invalid Action' }, { phase: 'bot' }),
  );
  assert.equal(
    first.Actions.map((a) => a.Type),
    ['Speak', 'CallAndBridge'],
  );
  assert.is(first.TransactionAttributes?.recovered, 'true');
  const second = await h.handler(baseEvent('INVALID_LAMBDA_RESPONSE', { ErrorType: 'InvalidResponse' }, first.TransactionAttributes));
  assert.equal(
    second.Actions.map((a) => a.Type),
    ['Hangup'],
  );
});

test("README: the sample's ACTION_SUCCESSFUL fragment yields the README's CallAndBridge (plus the calling number header)", async () => {
  const h = routingHarness();
  const fragment = readme.smaActionSuccessful_StartBotConversation_ActionData_IntentResult_SessionState_fragment as Record<string, unknown>;
  const response = await h.handler(
    baseEvent('ACTION_SUCCESSFUL', { ActionData: { Type: 'StartBotConversation', Parameters: {}, IntentResult: fragment } }, { phase: 'bot' }),
  );
  const expected = structuredClone(readme.smaResponse_CallAndBridge_to_VoiceConnector) as SmaResponse;
  const bridge = expected.Actions[0]!.Parameters as { CallerIdNumber: string; SipHeaders: Record<string, string> };
  bridge.CallerIdNumber = CALLER; // the README prints +1NPANXXXXXX
  bridge.SipHeaders['X-Original-Calling-Number'] = CALLER;
  assert.equal(response.Actions, expected.Actions);
});

test("README: the truncated code-hook event gets the README's Close response", async () => {
  const h = routingHarness();
  const response = await h.codeHook(readme.lexV2CodeHookEvent_truncated);
  const expected = readme.lexV2CodeHookCloseResponse as {
    messages: unknown;
    sessionState: { dialogAction: unknown; intent: { name: string; state: string } };
  };
  assert.equal(response.messages, expected.messages);
  assert.equal(response.sessionState.dialogAction, expected.sessionState.dialogAction);
  assert.is(response.sessionState.intent?.name, expected.sessionState.intent.name);
  assert.is(response.sessionState.intent?.state, expected.sessionState.intent.state);
});

test('the code hook closes toward the operator when the table is down, and on malformed events', async () => {
  const down = routingHarness({ repository: failingRepository });
  const response = await down.codeHook(readme.lexV2CodeHookEvent_truncated);
  assert.is(response.sessionState.intent?.state, 'Failed');
  assert.is(response.sessionState.sessionAttributes?.routeToOperator, 'true');
  const malformed = await routingHarness().codeHook({ sessionState: 42 });
  assert.is(malformed.sessionState.dialogAction.type, 'Close');
});

// --- 1,000 randomly mutated events -------------------------------------------------------------

/** Mulberry32: a seeded PRNG, so a failure reproduces. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD_VALUES: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  0,
  -1,
  1e308,
  NaN,
  true,
  false,
  [],
  {},
  [null],
  { __proto__: { polluted: true } },
  'x'.repeat(20_000),
  '\u0000',
  '\u202e',
  '+',
  'LEG-A',
  'LEG-B',
  'HANGUP',
  'ACTION_FAILED',
  'CallAndBridge',
  'StartBotConversation',
  'SpeakAndGetDigits',
  '<script>',
  '{"a":1}',
  'Connected',
  'Disconnected',
  '2',
  '0',
];
const TYPES = [
  'NEW_INBOUND_CALL',
  'ACTION_SUCCESSFUL',
  'ACTION_FAILED',
  'HANGUP',
  'INVALID_LAMBDA_RESPONSE',
  'RINGING',
  'CALL_ANSWERED',
  'DIGITS_RECEIVED',
  'ACTION_INTERRUPTED',
  'CALL_UPDATE_REQUESTED',
  'NEW_OUTBOUND_CALL',
];

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) paths(child, [...prefix, Array.isArray(value) ? Number(key) : key], out);
  }
  return out;
}

function mutate(event: unknown, random: () => number): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  const count = 1 + Math.floor(random() * 4);
  let root: unknown = copy;
  for (let i = 0; i < count; i++) {
    const all = paths(root);
    const path = all[Math.floor(random() * all.length)]!;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const value = pick(WEIRD_VALUES);
    if (path.length === 0) {
      if (random() < 0.1) root = value;
      continue;
    }
    let parent: Record<string | number, unknown> = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    const op = random();
    if (op < 0.3) delete parent[key];
    else if (op < 0.55) parent[key] = value;
    else if (op < 0.7 && key === 'InvocationEventType') parent[key] = pick(TYPES);
    else if (op < 0.8) parent[key] = typeof parent[key] === 'string' ? `${parent[key]}${pick(['', 'x', ' ', '0'])}` : String(parent[key]);
    else if (op < 0.9) parent[key] = structuredClone(parent[pick(Object.keys(parent))]);
    else parent[key] = Array.isArray(parent[key]) ? [] : [parent[key]];
  }
  return root;
}

test('1,000 randomly mutated events: never an exception, always a valid response', async () => {
  // Base events: every invocation of real simulated calls (normal, DTMF, retries, busy, deflection,
  // hang-ups), an INVALID_LAMBDA_RESPONSE and every fixture under test/fixtures/sma.
  const departments = seededDepartments().map((d) =>
    d.name === 'history' ? { ...d, smsDeflection: { offerWhenWaitExceedsSeconds: 1 }, expectedWaitSeconds: 300 } : d,
  );
  const recorded: unknown[] = [];
  const h = routingHarness({ departments, repository: new InMemoryDepartments(departments) });
  const recordingHandler = async (event: unknown) => {
    recorded.push(structuredClone(event));
    return h.handler(event);
  };
  const { CallSimulator } = await import('../src/adapters/local/call-simulator.ts');
  const simulator = new CallSimulator({ handler: recordingHandler, bot: h.bot });
  const scripts = [
    { say: 'history', smsOfferKey: '2' },
    { say: ['geography', 'nope'] },
    { digits: '1', bridge: ['busy' as const, 'no-answer' as const] },
    { say: 'math', hangupBy: 'callee' as const },
    { callerHangsUpDuringBot: true },
  ];
  for (const script of scripts) await simulator.place({ from: CALLER, to: OUR_NUMBER, ...script });
  recorded.push(baseEvent('INVALID_LAMBDA_RESPONSE', { ErrorType: 'InvalidResponse' }, { phase: 'bridging', stage: 'primary', department: 'art' }));
  for (const name of readdirSync(new URL('./fixtures/sma/', import.meta.url))) {
    recorded.push(JSON.parse(readFileSync(new URL(`./fixtures/sma/${name}`, import.meta.url), 'utf8')));
  }
  assert.ok(recorded.length >= 20, `recorded ${recorded.length} base events`);

  const random = prng(20261121);
  let fallbacks = 0;
  for (let i = 0; i < 1000; i++) {
    const base = recorded[i % recorded.length];
    const mutated = mutate(base, random);
    let response: unknown;
    try {
      response = await h.handler(mutated);
    } catch (error) {
      assert.unreachable(`mutation ${i} threw: ${String(error)}\n${JSON.stringify(mutated).slice(0, 500)}`);
    }
    const check = smaResponseSchema.safeParse(response);
    if (!check.success)
      assert.unreachable(`mutation ${i} produced an invalid response: ${check.error.message}\n${JSON.stringify(mutated).slice(0, 500)}`);
    assert.ok(check.data!.Actions.length <= 10);
    if (h.logger.records.at(-1)?.message.includes('fallback')) fallbacks++;
  }
  // Sanity: the mutations really did break events (the fallback path was exercised).
  assert.ok(fallbacks > 50, `only ${fallbacks} mutated events needed the fallback`);
});

test('the fallback response is valid for any input at all', () => {
  for (const input of [
    undefined,
    null,
    42,
    'NEW_INBOUND_CALL',
    [],
    {},
    { CallDetails: { Participants: [{ CallId: 'c' }] } },
    {
      InvocationEventType: 'HANGUP',
      CallDetails: {
        Participants: [
          { CallId: 'a', Status: 'Connected' },
          { CallId: 'b', Status: 'Disconnected' },
        ],
      },
    },
  ]) {
    const response = fallbackResponse(input, settings);
    assert.ok(smaResponseSchema.safeParse(response).success, JSON.stringify(input));
  }
  const withCaller = fallbackResponse(
    {
      InvocationEventType: 'ACTION_SUCCESSFUL',
      CallDetails: { Participants: [{ CallId: 'c', ParticipantTag: 'LEG-A', From: CALLER, To: OUR_NUMBER }] },
    },
    settings,
  );
  assert.equal(
    withCaller.Actions.map((a) => a.Type),
    ['Speak', 'CallAndBridge'],
  );
});

test.run();
