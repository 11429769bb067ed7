import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smaResponseSchema } from '@switchboard/shared/chime';
import { simulateCall, type AnswerScript } from '../src/adapters/local/call-simulator.ts';
import type { Forward, ForwardSettingsInput } from '../src/domain/forward.ts';
import { forwardSettingsSchema } from '../src/domain/forward.ts';
import type { CallForwardedFact, PromptSettings } from '../src/domain/sma-decision.ts';
import { createSmaHandler } from '../src/application/sma-call-handler.ts';

const prompts: PromptSettings = {
  bucket: 'switchboard-test-forwarding-prompts',
  pleaseWaitKey: 'please_wait_while_we_try_to_connect_you.wav',
  unableToConnectKey: 'we_were_unable_to_connect_your_call.wav',
  voiceId: 'Joanna',
  languageCode: 'en-US',
};
const FORWARDED = '+13125550100';
const CALLER = '+14155552671';
const DESTINATIONS = ['+13125550199', '+12025550123', '+14155550142'];
const UNABLE = `audio:${prompts.unableToConnectKey}`;

function forwardOf(settings: ForwardSettingsInput): Forward {
  return {
    ...forwardSettingsSchema.parse(settings),
    phoneNumber: FORWARDED,
    owner: 'user-1',
    revision: 1,
    updatedAt: '2026-03-01T00:00:00Z',
    updatedBy: 'user-1',
  };
}

function harness(forwards: Record<string, Forward>, options: { now?: Date; lookup?: (n: string) => Promise<Forward | undefined> } = {}) {
  const facts: CallForwardedFact[] = [];
  const outcomes = { decided: 0, fallback: 0 };
  const handler = createSmaHandler({
    log: (_level, message) => {
      if (message === 'answered') outcomes.decided += 1;
      if (message === 'answering with the fallback') outcomes.fallback += 1;
    },
    lookupForward: options.lookup ?? (async (n) => forwards[n]),
    publishFact: async (fact) => {
      facts.push(fact);
    },
    prompts,
    now: () => options.now ?? new Date('2026-03-02T15:00:00Z'),
    lookupTimeoutMs: 100,
  });
  const call = (answer: AnswerScript[], extra: { hangup?: 'caller' | 'destination'; to?: string; from?: string } = {}) =>
    simulateCall({ from: extra.from ?? CALLER, to: extra.to ?? FORWARDED, answer, ...(extra.hangup ? { hangup: extra.hangup } : {}) }, handler, {
      sipMediaApplicationId: 'sma-test',
    });
  return { handler, facts, call, outcomes };
}

const one = forwardOf({ destinations: [{ number: DESTINATIONS[0]!, ringTimeoutSeconds: 20 }] });
const three = forwardOf({ destinations: DESTINATIONS.map((number) => ({ number, ringTimeoutSeconds: 20 })) });

test('one destination that answers: bridged with the ringback and the original caller ID', async () => {
  const { call, facts } = harness({ [FORWARDED]: one });
  const t = await call(['answer']);
  assert.equal(t.connected, { destination: DESTINATIONS[0], index: 0 });
  assert.equal(t.dialled, [{ to: DESTINATIONS[0]!, callerId: CALLER, result: 'answer' }]);
  assert.equal(t.heard, [`ringback:${prompts.pleaseWaitKey}`]);
  assert.is(t.silence, false);
  assert.is(t.invalidResponses, 0);
  assert.is(facts.length, 1);
  assert.is(facts[0]!.outcome, 'answered');
  assert.is(facts[0]!.destinationIndex, 0);
  assert.is(facts[0]!.endedBy, 'caller');
  // The service reports both hang-ups: the caller's, answered by hanging up the destination, then that leg's.
  const callerLeft = t.entries.find((e) => e.invocation === 'HANGUP')!;
  assert.is(callerLeft.detail, 'LEG-A');
  assert.is(callerLeft.actions[0]?.type, 'Hangup', 'the caller hung up: the destination leg is hung up too');
  assert.is(t.entries.at(-1)!.detail, 'LEG-B');
});

test('the toll-fraud guard at dial time: a stored destination it refuses today is skipped, never dialled', async () => {
  // Written before the allow-list shrank (or by hand): a London number and a premium-rate one among the destinations.
  const stored = forwardOf({ destinations: [{ number: DESTINATIONS[0]!, ringTimeoutSeconds: 20 }] });
  stored.destinations = [
    { number: '+442079460958', ringTimeoutSeconds: 20 },
    { number: '+19002530000', ringTimeoutSeconds: 20 },
    { number: DESTINATIONS[1]!, ringTimeoutSeconds: 20 },
  ];
  const { call } = harness({ [FORWARDED]: stored });
  const t = await call(['answer']);
  assert.equal(
    t.dialled.map((d) => d.to),
    [DESTINATIONS[1]],
    'only the destination the guard admits rings',
  );
  assert.equal(t.connected, { destination: DESTINATIONS[1], index: 0 });

  const allRefused = forwardOf({ destinations: [{ number: DESTINATIONS[0]!, ringTimeoutSeconds: 20 }] });
  allRefused.destinations = [{ number: '+442079460958', ringTimeoutSeconds: 20 }];
  const refused = await harness({ [FORWARDED]: allRefused }).call([]);
  assert.equal(refused.dialled, [], 'nothing is dialled');
  assert.equal(refused.heard, [UNABLE], 'the caller hears the message, not silence');
  assert.is(refused.silence, false);
});

for (const failure of ['busy', 'no-answer'] as const) {
  test(`one destination ${failure}: the caller hears the message, then Hangup`, async () => {
    const { call, facts } = harness({ [FORWARDED]: one });
    const t = await call([failure]);
    assert.is(t.connected, null);
    assert.equal(t.heard, [`ringback:${prompts.pleaseWaitKey}`, UNABLE]);
    assert.is(t.silence, false);
    assert.equal(
      facts.map((f) => [f.outcome, f.destinationIndex]),
      [[failure === 'busy' ? 'busy' : 'noAnswer', 0]],
    );
    assert.ok(t.entries.some((e) => e.actions.some((a) => a.type === 'Hangup')));
  });
}

// Busy or no answer at each position before the one that answers, and at all three.
const scripts: AnswerScript[][] = [];
for (const a of ['busy', 'no-answer'] as const) {
  scripts.push([a, 'answer']);
  for (const b of ['busy', 'no-answer'] as const) {
    scripts.push([a, b, 'answer']);
    for (const c of ['busy', 'no-answer'] as const) scripts.push([a, b, c]);
  }
}
for (const script of scripts) {
  test(`three destinations, ${script.join(' → ')}`, async () => {
    const { call, facts } = harness({ [FORWARDED]: three });
    const t = await call(script);
    assert.equal(
      t.dialled.map((d) => d.to),
      DESTINATIONS.slice(0, script.length),
    );
    assert.ok(t.dialled.every((d) => d.callerId === CALLER));
    assert.is(t.silence, false);
    assert.is(t.invalidResponses, 0);
    const answeredAt = script.indexOf('answer');
    if (answeredAt >= 0) {
      assert.equal(t.connected, { destination: DESTINATIONS[answeredAt], index: answeredAt });
      assert.not.ok(t.heard.includes(UNABLE));
      assert.equal(
        facts.map((f) => [f.outcome, f.destinationIndex]),
        [['answered', answeredAt]],
      );
    } else {
      assert.is(t.connected, null);
      assert.is(t.heard.at(-1), UNABLE);
      assert.equal(
        facts.map((f) => [f.outcome, f.destinationIndex]),
        [[script[2] === 'busy' ? 'busy' : 'noAnswer', 2]],
      );
    }
  });
}

test('caller ID mode "forwarded-number" shows the forwarded number to the destination', async () => {
  const { call } = harness({ [FORWARDED]: forwardOf({ destinations: [{ number: DESTINATIONS[0]! }], callerId: 'forwarded-number' }) });
  const t = await call(['answer']);
  assert.is(t.dialled[0]!.callerId, FORWARDED);
});

test('a withheld caller ID falls back to the forwarded number instead of an invalid CallerIdNumber', async () => {
  const { call } = harness({ [FORWARDED]: one });
  const t = await call(['answer'], { from: 'anonymous' });
  assert.is(t.dialled[0]!.callerId, FORWARDED);
  assert.is(t.invalidResponses, 0);
});

test('screening accepted: the person who answers presses 1 and stays connected', async () => {
  const { call, facts } = harness({
    [FORWARDED]: forwardOf({ destinations: [{ number: DESTINATIONS[0]! }, { number: DESTINATIONS[1]! }], screening: true }),
  });
  const t = await call(['answer']);
  assert.equal(t.connected, { destination: DESTINATIONS[0], index: 0 });
  assert.ok(t.entries.some((e) => e.actions.some((a) => a.type === 'SpeakAndGetDigits')));
  assert.ok(t.entries.some((e) => e.actionData === 'SpeakAndGetDigits' && e.detail === 'digits 1'));
  assert.equal(
    facts.map((f) => f.outcome),
    ['answered'],
  );
});

test('screening refused: a voicemail that answers is hung up and the next destination rings', async () => {
  const { call, facts } = harness({
    [FORWARDED]: forwardOf({ destinations: [{ number: DESTINATIONS[0]! }, { number: DESTINATIONS[1]! }], screening: true }),
  });
  const t = await call(['voicemail', 'answer']);
  assert.equal(
    t.dialled.map((d) => d.result),
    ['voicemail', 'answer'],
  );
  assert.equal(t.connected, { destination: DESTINATIONS[1], index: 1 });
  assert.equal(
    facts.map((f) => [f.outcome, f.destinationIndex]),
    [['answered', 1]],
  );
});

test('screening refused everywhere: the caller hears the message instead of a mailbox', async () => {
  const { call, facts } = harness({
    [FORWARDED]: forwardOf({ destinations: [{ number: DESTINATIONS[0]! }, { number: DESTINATIONS[1]! }], screening: true }),
  });
  const t = await call(['voicemail', 'voicemail']);
  assert.is(t.connected, null);
  assert.is(t.heard.at(-1), UNABLE);
  assert.is(t.silence, false);
  assert.equal(
    facts.map((f) => [f.outcome, f.destinationIndex]),
    [['refused', 1]],
  );
});

test('an unforwarded number: the message and Hangup, reported as notForwarded', async () => {
  const { call, facts } = harness({});
  const t = await call([]);
  assert.equal(t.dialled, []);
  assert.equal(t.heard, [UNABLE]);
  assert.is(t.silence, false);
  assert.equal(
    facts.map((f) => f.outcome),
    ['notForwarded'],
  );
});

test('a disabled forward behaves like no forward; a custom message is spoken', async () => {
  const { call } = harness({
    [FORWARDED]: forwardOf({ destinations: [{ number: DESTINATIONS[0]! }], enabled: false, noAnswerMessage: 'Our office is closed.' }),
  });
  const t = await call(['answer']);
  assert.equal(t.dialled, []);
  assert.equal(t.heard, ['speech:Our office is closed.']);
});

test('a business-hours forward across the March DST change', async () => {
  const forward = forwardOf({
    destinations: [{ number: DESTINATIONS[0]! }],
    schedule: {
      mode: 'business-hours',
      timeZone: 'America/Chicago',
      hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
    },
  });
  // 14:30 UTC: Friday 6 March is CST (08:30, closed); Monday 9 March is CDT (09:30, open).
  const before = await harness({ [FORWARDED]: forward }, { now: new Date('2026-03-06T14:30:00Z') }).call(['answer']);
  assert.equal(before.dialled, []);
  const after = await harness({ [FORWARDED]: forward }, { now: new Date('2026-03-09T14:30:00Z') }).call(['answer']);
  assert.is(after.dialled.length, 1);
});

test('hang-up by the destination: the caller is hung up too', async () => {
  const { call, facts } = harness({ [FORWARDED]: one });
  const t = await call(['answer'], { hangup: 'destination' });
  assert.is(t.silence, false);
  const destinationLeft = t.entries.find((e) => e.invocation === 'HANGUP')!;
  assert.is(destinationLeft.detail, 'LEG-B');
  assert.equal(
    destinationLeft.actions.map((a) => a.type),
    ['Hangup'],
  );
  assert.is(t.entries.at(-1)!.detail, 'LEG-A', 'then the caller leg is reported gone');
  assert.is(facts[0]!.endedBy, 'destination');
});

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/sma/${name}`, import.meta.url), 'utf8')) as Record<string, any>;

test('the caller hanging up while a destination rings ends the outbound leg', async () => {
  const { handler, facts } = harness({ [FORWARDED]: three });
  const event = fixture('action-successful-call-and-bridge.json');
  event.InvocationEventType = 'HANGUP';
  event.ActionData = {
    Type: 'Hangup',
    Parameters: { CallId: event.CallDetails.Participants[0].CallId, ParticipantTag: 'LEG-A', SipResponseCode: '0' },
  };
  event.CallDetails.Participants[0].Status = 'Disconnected';
  const response = await handler(event);
  assert.equal(response.Actions, [{ Type: 'Hangup', Parameters: { CallId: event.CallDetails.Participants[1].CallId, SipResponseCode: '0' } }]);
  assert.equal(
    facts.map((f) => [f.outcome, f.endedBy]),
    [['noAnswer', 'caller']],
  );
});

test('RINGING and other progress events get a valid, empty answer', async () => {
  const { handler } = harness({ [FORWARDED]: one });
  const response = await handler(fixture('ringing.json'));
  assert.equal(response, { SchemaVersion: '1.0', Actions: [] });
});

test('a forward lookup that hangs is cut off: the caller hears the message, the outcome is "failed"', async () => {
  const { call, facts } = harness({}, { lookup: () => new Promise(() => undefined) });
  const t = await call([]);
  assert.equal(t.heard, [UNABLE]);
  assert.equal(
    facts.map((f) => f.outcome),
    ['failed'],
  );
});

test('INVALID_LAMBDA_RESPONSE: apologise and hang up rather than loop', async () => {
  const { handler } = harness({ [FORWARDED]: one });
  const response = await handler(fixture('invalid-lambda-response.json'));
  assert.equal(
    response.Actions.map((a) => a.Type),
    ['PlayAudio', 'Hangup'],
  );
});

test('when the prompt cannot be played the caller hears Polly instead; when that fails too, Hangup', async () => {
  const { handler } = harness({ [FORWARDED]: one });
  const event = fixture('action-failed-call-and-bridge-no-answer.json');
  event.CallDetails.TransactionAttributes.st = 'closing';
  event.ActionData = { Type: 'PlayAudio', Parameters: {}, ErrorType: 'InvalidAudioSource', ErrorMessage: 'Cannot access S3 bucket or audio file.' };
  assert.equal(
    (await handler(event)).Actions.map((a) => a.Type),
    ['Speak', 'Hangup'],
  );
  event.ActionData.Type = 'Speak';
  assert.equal(
    (await handler(event)).Actions.map((a) => a.Type),
    ['Hangup'],
  );
});

test('a failed bridge whose call state was lost still apologises before hanging up', async () => {
  const { handler } = harness({ [FORWARDED]: one });
  const event = fixture('action-failed-call-and-bridge-no-answer.json');
  delete event.CallDetails.TransactionAttributes;
  assert.equal(
    (await handler(event)).Actions.map((a) => a.Type),
    ['PlayAudio', 'Hangup'],
  );
});

// A small deterministic PRNG so a failure reproduces.
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const weird: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(5000),
  '+1',
  true,
  [],
  {},
  [1, 2],
  { nested: { a: 1 } },
  'NaN',
  '9'.repeat(40),
  '\u0000',
  '<speak>',
];
const invocationTypes = [
  'NEW_INBOUND_CALL',
  'RINGING',
  'ACTION_SUCCESSFUL',
  'ACTION_FAILED',
  'HANGUP',
  'CALL_ANSWERED',
  'INVALID_LAMBDA_RESPONSE',
  'DIGITS_RECEIVED',
  'ACTION_INTERRUPTED',
  'CALL_UPDATE_REQUESTED',
  'NEW_OUTBOUND_CALL',
  'BOGUS',
];
const attributeValues = ['', 'abc', '-1', '999', 'connected', 'screening', 'ringing', 'closing', '+13125550199~20', 'garbage|~|', '+19005550100~5'];

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object') return [prefix];
  const children = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => paths(v, [...prefix, k]));
  return prefix.length > 0 ? [prefix, ...children] : children;
}

function mutate(event: Record<string, any>, random: () => number): Record<string, any> {
  const copy = structuredClone(event);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const mutations = 1 + Math.floor(random() * 4);
  for (let i = 0; i < mutations; i++) {
    const kind = random();
    if (kind < 0.2) {
      copy.InvocationEventType = pick(invocationTypes);
      continue;
    }
    if (kind < 0.35) {
      if (!copy.CallDetails || typeof copy.CallDetails !== 'object') copy.CallDetails = {};
      copy.CallDetails.TransactionAttributes = {
        ...(copy.CallDetails.TransactionAttributes ?? {}),
        [pick(['st', 'idx', 'dst', 'cid', 'scr', 'fwd', 'msg', 'tb'])]: pick(attributeValues),
      };
      continue;
    }
    const all = paths(copy);
    const path = pick(all);
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = parent?.[key];
    if (!parent || typeof parent !== 'object') continue;
    const key = path.at(-1)!;
    if (kind < 0.6) delete parent[key];
    else parent[key] = structuredClone(pick(weird));
  }
  return copy;
}

test('1,000 randomly mutated SMA events: never an exception, always a valid response, never silence on a new call', async () => {
  const { handler, outcomes } = harness({
    [FORWARDED]: three,
    '+13125550101': forwardOf({ destinations: [{ number: DESTINATIONS[0]! }], screening: true }),
  });
  const dir = new URL('./fixtures/sma/', import.meta.url);
  const bases = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => fixture(f));
  const random = prng(20260302);
  for (let i = 0; i < 1000; i++) {
    const event = mutate(bases[i % bases.length]!, random);
    let response;
    try {
      response = await handler(event);
    } catch (error) {
      assert.unreachable(`event ${i} threw: ${String(error)}\n${JSON.stringify(event).slice(0, 500)}`);
    }
    const valid = smaResponseSchema.safeParse(response);
    assert.ok(valid.success, `event ${i}: invalid response ${JSON.stringify(response).slice(0, 300)}`);
    if (event.InvocationEventType === 'NEW_INBOUND_CALL') {
      assert.ok(response!.Actions.length > 0, `event ${i}: a new call was left in silence`);
    }
  }
  // Both paths were exercised: mutations the schema tolerates reach the decision, the rest the fallback.
  assert.ok(outcomes.decided > 200 && outcomes.fallback > 200, JSON.stringify(outcomes));
  // Non-objects are events too, as far as a handler is concerned.
  for (const input of [undefined, null, 42, 'NEW_INBOUND_CALL', [], { InvocationEventType: 'NEW_INBOUND_CALL' }]) {
    const response = await handler(input);
    assert.ok(smaResponseSchema.safeParse(response).success);
  }
});

test.run();
