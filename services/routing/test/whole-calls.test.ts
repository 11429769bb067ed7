/**
 * Whole calls through the real SMA handler, the real Lex code hook and the local Lex stand-in: every
 * invocation the PSTN audio service would send, in order, with the handler's answers acted upon.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimulatedCall } from '../src/adapters/local/call-simulator.ts';
import { CALLER, OUR_NUMBER, VOICE_CONNECTOR_ARN, department, routingHarness, seededDepartments } from './support/harness.ts';

function bridges(call: SimulatedCall) {
  return call.transcript.flatMap((entry) => entry.actions.filter((a) => a.Type === 'CallAndBridge'));
}

function hangups(call: SimulatedCall) {
  return call.transcript.flatMap((entry) => entry.actions.filter((a) => a.Type === 'Hangup'));
}

const EXTENSIONS = { science: '600100', art: '600200', history: '600300', math: '600400' } as const;

for (const [name, extension] of Object.entries(EXTENSIONS)) {
  test(`a caller who says "${name}" is bridged to extension ${extension} on the Voice Connector`, async () => {
    const h = routingHarness();
    const call = await h.call({ say: name });
    assert.equal(call.outcome, {
      kind: 'bridged',
      endpoint: { type: 'AWS', uri: extension, arn: VOICE_CONNECTOR_ARN },
      sipHeaders: { 'X-LexInfo': name, 'X-Original-Calling-Number': CALLER },
      endedBy: 'caller',
    });
    assert.ok(h.bot.preloaded(call.callId), 'the Lex session was preloaded with PutSession');
    assert.equal(h.bot.preloaded(call.callId)?.sessionAttributes.phoneNumber, CALLER);
    assert.ok(call.heard.includes(`Connecting you to ${name} department.`));
    const routed = h.events().filter((e) => e.detailType === 'CallRouted');
    assert.equal(routed.length, 1);
    assert.equal(routed[0]!.data, {
      callId: call.callId,
      callerNumber: CALLER,
      calledNumber: OUR_NUMBER,
      department: name,
      destination: { kind: 'voiceConnector', target: extension },
      reason: 'open',
      inputMode: 'Speech',
      attempt: 1,
    });
  });
}

test('the first response greets and starts the bot for voice and keypad input', async () => {
  const h = routingHarness();
  const call = await h.call({ say: 'history' });
  const first = call.transcript[0]!;
  assert.is(first.event.type, 'NEW_INBOUND_CALL');
  assert.equal(
    first.actions.map((a) => a.Type),
    ['Speak', 'StartBotConversation'],
  );
  const bot = first.actions[1]!.Parameters as { BotAliasArn: string; Configuration: { WelcomeMessages: { Content: string }[] } };
  assert.match(bot.Configuration.WelcomeMessages[0]!.Content, /press 0 for operator, 1 for science, 2 for art, 3 for history, 4 for math/);
  assert.equal(first.transactionAttributes, { phase: 'bot' });
});

test('synonyms and sentences resolve through the bot definition and the code hook', async () => {
  const h = routingHarness();
  const call = await h.call({ say: 'I need maths department' });
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600400');
  assert.is(call.outcome.kind === 'bridged' && call.outcome.sipHeaders['X-LexInfo'], 'math');
});

test('DTMF: pressing 3 reaches history, reported as keypad input', async () => {
  const h = routingHarness();
  const call = await h.call({ digits: '3' });
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600300');
  assert.is(h.events().find((e) => e.detailType === 'CallRouted')?.data.inputMode, 'DTMF');
});

test('an unknown department twice ends with the operator, announced once and really bridged', async () => {
  const h = routingHarness();
  const call = await h.call({ say: ['geography', 'astronomy'] });
  assert.ok(
    call.heard.some((t) => t.startsWith("Sorry, I couldn't find that department. You can say")),
    'asked again after the first miss',
  );
  assert.ok(call.heard.includes("Sorry, I couldn't find that department. Let me connect you to an operator."));
  assert.is(call.heard.filter((t) => t.includes('connect you to an operator')).length, 1, 'announced once');
  assert.equal(call.outcome.kind === 'bridged' && call.outcome.endpoint, { type: 'AWS', uri: '600000', arn: VOICE_CONNECTOR_ARN });
  assert.equal(
    h.events().map((e) => [e.detailType, e.detailType === 'CallRouted' ? e.data.reason : e.data.outcome]),
    [
      ['CallRoutingFailed', 'operator'],
      ['CallRouted', 'unrecognised'],
    ],
  );
});

test('one miss then a known department is routed normally', async () => {
  const h = routingHarness();
  const call = await h.call({ say: ['geography', 'art'] });
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600200');
});

test('a caller who never answers the bot goes to the operator', async () => {
  const h = routingHarness();
  const call = await h.call({});
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600000');
});

const newYorkHours = {
  timeZone: 'America/New_York',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ open: '09:00', close: '17:00' }]])),
  holidays: ['2026-07-03'],
};

function withHistory(overrides: Record<string, unknown>) {
  return seededDepartments().map((d) => (d.name === 'history' ? department({ ...d, ...overrides } as Parameters<typeof department>[0]) : d));
}

test('after hours across the US DST change: 08:30 local is closed before and after, whatever the UTC offset', async () => {
  const departments = withHistory({ businessHours: newYorkHours, afterHoursDestination: { type: 'pstn', number: '+12125550150' } });
  // Monday 2026-03-09, after the change (EDT): 12:30Z = 08:30 local (closed), 13:30Z = 09:30 (open).
  const closed = await routingHarness({ departments, now: new Date('2026-03-09T12:30:00Z') }).call({ say: 'history' });
  assert.equal(closed.outcome.kind === 'bridged' && closed.outcome.endpoint, { type: 'PSTN', uri: '+12125550150' });
  assert.ok(closed.heard.includes('The history department is closed right now.'));
  const open = await routingHarness({ departments, now: new Date('2026-03-09T13:30:00Z') }).call({ say: 'history' });
  assert.is(open.outcome.kind === 'bridged' && open.outcome.endpoint.uri, '600300');
  // Friday 2026-03-06, before the change (EST): 13:30Z = 08:30 local (closed), 14:30Z = 09:30 (open).
  const h = routingHarness({ departments, now: new Date('2026-03-06T13:30:00Z') });
  const closedBefore = await h.call({ say: 'history' });
  assert.is(closedBefore.outcome.kind === 'bridged' && closedBefore.outcome.endpoint.uri, '+12125550150');
  assert.is(h.events().find((e) => e.detailType === 'CallRouted')?.data.reason, 'afterHours');
  const openBefore = await routingHarness({ departments, now: new Date('2026-03-06T14:30:00Z') }).call({ say: 'history' });
  assert.is(openBefore.outcome.kind === 'bridged' && openBefore.outcome.endpoint.uri, '600300');
});

test('"Connecting you to history" is never followed by "history is closed"', async () => {
  const departments = withHistory({ businessHours: newYorkHours });
  const closed = await routingHarness({ departments, now: new Date('2026-03-09T12:30:00Z') }).call({ say: 'history' });
  assert.ok(
    closed.heard.some((line) => line.includes('closed')),
    closed.heard.join(' | '),
  );
  assert.not.ok(
    closed.heard.some((line) => line.startsWith('Connecting you to history')),
    closed.heard.join(' | '),
  );
  const open = await routingHarness({ departments, now: new Date('2026-03-09T13:30:00Z') }).call({ say: 'history' });
  assert.ok(open.heard.includes('Connecting you to history department.'), open.heard.join(' | '));
});

test('a holiday with no after-hours destination: the caller is told and the call ends cleanly', async () => {
  const departments = withHistory({ businessHours: newYorkHours });
  const h = routingHarness({ departments, now: new Date('2026-07-03T15:00:00Z') });
  const call = await h.call({ say: 'history' });
  assert.equal(call.outcome, { kind: 'hung-up', by: 'application' });
  assert.ok(call.heard.some((t) => t.startsWith('The history department is closed today for a holiday.')));
  assert.equal(bridges(call), []);
  assert.equal(
    h.events().map((e) => [e.detailType, e.data.stage, e.data.reason]),
    [['CallRoutingFailed', 'hours', 'closed for the holiday 2026-07-03']],
  );
});

test('busy → overflow, no answer → operator, operator busy → apology and hang-up', async () => {
  const departments = withHistory({ overflowDestination: { type: 'pstn', number: '+12125550177' } });
  const h = routingHarness({ departments });
  const call = await h.call({ say: 'history', bridge: ['busy', 'no-answer', 'busy'] });
  assert.equal(
    bridges(call).map((a) => (a.Parameters as { Endpoints: { Uri: string }[] }).Endpoints[0]!.Uri),
    ['600300', '+12125550177', '600000'],
  );
  assert.equal(call.outcome, { kind: 'hung-up', by: 'application' });
  assert.ok(call.heard.includes('That line is busy. Please hold while we try another.'));
  assert.ok(call.heard.includes("We're sorry, nobody can take your call right now. Please call again later. Goodbye."));
  assert.equal(
    h.events().map((e) => [e.detailType, e.data.reason, e.data.outcome]),
    [
      ['CallRouted', 'open', undefined],
      ['CallRoutingFailed', 'primary was busy', 'overflow'],
      ['CallRouted', 'overflow', undefined],
      ['CallRoutingFailed', 'overflow did not answer', 'operator'],
      ['CallRouted', 'operator', undefined],
      ['CallRoutingFailed', 'operator was busy', 'hangup'],
    ],
  );
  assert.equal(
    h
      .events()
      .filter((e) => e.detailType === 'CallRouted')
      .map((e) => e.data.attempt),
    [1, 2, 3],
  );
});

test('no answer without an overflow goes straight to the operator, which answers', async () => {
  const h = routingHarness();
  const call = await h.call({ say: 'science', bridge: ['no-answer'] });
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600000');
  assert.ok(call.heard.includes('Let me connect you to an operator.'));
});

test('asking for the operator: a busy operator line is never dialled twice; the fallback operator is next', async () => {
  const h = routingHarness();
  const call = await h.call({ digits: '0', bridge: ['busy', 'busy'] });
  assert.equal(
    bridges(call).map((a) => (a.Parameters as { Endpoints: { Uri: string }[] }).Endpoints[0]!.Uri),
    ['600000', '+14155550199'],
  );
  assert.equal(call.outcome, { kind: 'hung-up', by: 'application' });
  const alone = await routingHarness({ settings: { fallbackOperator: undefined } }).call({ digits: '0', bridge: ['busy'] });
  assert.equal(alone.outcome, { kind: 'hung-up', by: 'application' });
  assert.not.ok(alone.heard.includes('Let me connect you to an operator.'), 'no operator promised when none is left');
  assert.ok(alone.heard.includes("We're sorry, nobody can take your call right now. Please call again later. Goodbye."));
});

test('hang-up by either party hangs up the other leg — the right one', async () => {
  for (const by of ['caller', 'callee'] as const) {
    const h = routingHarness();
    const call = await h.call({ say: 'art', hangupBy: by });
    const last = call.transcript.find((e) => e.event.type === 'HANGUP')!;
    assert.ok(last, 'the service reported the hang-up');
    const legB = call.transcript.find((e) => e.event.action === 'CallAndBridge')!;
    assert.ok(legB);
    const hangup = last.actions[0]!;
    assert.is(hangup.Type, 'Hangup');
    const target = (hangup.Parameters as { CallId: string }).CallId;
    if (by === 'callee') assert.is(target, call.callId, 'the caller (LEG-A) is hung up when the agent leaves');
    else assert.is.not(target, call.callId, 'the agent (LEG-B) is hung up when the caller leaves');
    assert.equal(call.outcome.kind === 'bridged' && call.outcome.endedBy, by);
  }
});

test('a caller who hangs up during the bot leaves nothing running and is reported', async () => {
  const h = routingHarness();
  const call = await h.call({ callerHangsUpDuringBot: true });
  assert.equal(call.outcome, { kind: 'hung-up', by: 'caller' });
  assert.equal(call.transcript[call.transcript.length - 1]!.actions, []);
  assert.equal(
    h.events().map((e) => [e.detailType, e.data.stage]),
    [['CallRoutingFailed', 'caller']],
  );
});

test('SMS deflection: a long wait offers text; pressing 2 publishes SmsDeflectionRequested and ends the call', async () => {
  const departments = withHistory({ smsDeflection: { offerWhenWaitExceedsSeconds: 120 }, expectedWaitSeconds: 600 });
  const h = routingHarness({ departments });
  const call = await h.call({ say: 'history', smsOfferKey: '2' });
  assert.equal(call.outcome, { kind: 'hung-up', by: 'application' });
  assert.ok(call.heard.includes('The expected wait for history is about 10 minutes. Press 1 to hold, or press 2 to continue by text message.'));
  const deflection = h.events().find((e) => e.detailType === 'SmsDeflectionRequested');
  assert.equal(deflection?.data, {
    phoneNumber: CALLER,
    callId: call.callId,
    department: 'history',
    expectedWaitSeconds: 600,
    languageCode: 'en-US',
    requestedBy: 'switchboard.routing',
    context: { calledNumber: OUR_NUMBER },
  });
  const held = await routingHarness({ departments }).call({ say: 'history', smsOfferKey: '1' });
  assert.is(held.outcome.kind === 'bridged' && held.outcome.endpoint.uri, '600300');
  const silent = await routingHarness({ departments }).call({ say: 'history' });
  assert.is(silent.outcome.kind === 'bridged' && silent.outcome.endpoint.uri, '600300', 'no key: the caller holds');
});

test('a withheld caller id still gets bridged, presenting our number', async () => {
  const h = routingHarness();
  const call = await h.call({ from: 'anonymous', say: 'math' });
  assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600400');
  assert.is((bridges(call)[0]!.Parameters as { CallerIdNumber: string }).CallerIdNumber, OUR_NUMBER);
});

test('without a Voice Connector configured, voice-connector destinations are skipped for the PSTN operator', async () => {
  const h = routingHarness({ settings: { voiceConnectorArn: undefined } });
  const call = await h.call({ say: 'history' });
  assert.equal(call.outcome.kind === 'bridged' && call.outcome.endpoint, { type: 'PSTN', uri: '+14155550199' });
  assert.equal(hangups(call).length, 1, 'only the final hang-up of the other leg');
});

test.run();
