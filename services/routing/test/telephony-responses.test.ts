/**
 * Issue 15, "Telephony responses": what the PSTN audio service and Lex would refuse never leaves the
 * handlers, a bridged conversation is never interrupted, and an unbridged caller always gets an action.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smaResponseSchema, type SmaResponse } from '@switchboard/shared/chime';
import { lexResponseSchema } from '@switchboard/shared/lex';
import { fallbackResponse } from '../src/application/sma-call-handler.ts';
import { department, routingHarness, seededDepartments, settings } from './support/harness.ts';

const fixture = (folder: string, name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${folder}/${name}`, import.meta.url), 'utf8'));
const types = (r: SmaResponse) => r.Actions.map((a) => a.Type);
const callerIds = (r: SmaResponse) =>
  r.Actions.filter((a) => a.Type === 'CallAndBridge').map((a) => (a.Parameters as { CallerIdNumber: string }).CallerIdNumber);

function withCaller(event: Record<string, any>, from: string, to: string) {
  const copy = structuredClone(event);
  copy.CallDetails.Participants[0].From = from;
  copy.CallDetails.Participants[0].To = to;
  return copy;
}

test('CallAndBridge caller id is E.164 for withheld and SIP callers', async () => {
  const h = routingHarness();
  const bot = fixture('sma', 'bot-successful-history.json');
  // Withheld caller: the dialled number (ours) is presented.
  assert.equal(callerIds(await h.handler(withCaller(bot, 'anonymous', '+18005550100'))), ['+18005550100']);
  // A SIP caller whose To is a SIP URI with a number in it: that number.
  assert.equal(callerIds(await h.handler(withCaller(bot, 'sip:alice@pbx.example.com', 'sip:+18005550100@10.0.0.1:5060'))), ['+18005550100']);
  // Nothing numeric at all: the configured account number…
  const configured = routingHarness({ settings: { callerIdNumber: '+18005550111' } });
  assert.equal(callerIds(await configured.handler(withCaller(bot, 'sip:alice@pbx', 'sip:600300@pbx'))), ['+18005550111']);
  // …and without one, no invalid bridge: an apology and a hang-up (today: CallerIdNumber "sip:600300@pbx").
  const none = await h.handler(withCaller(bot, 'sip:alice@pbx', 'sip:600300@pbx'));
  assert.equal(types(none), ['Speak', 'Hangup']);
  const failed = h.events().filter((e) => e.detailType === 'CallRoutingFailed');
  assert.match(String(failed.at(-1)?.data.reason), /no E\.164 caller id/);
  // The fallback path (malformed event) reads URIs the same way.
  const fallback = fallbackResponse(
    {
      InvocationEventType: 'ACTION_FAILED',
      CallDetails: { Participants: [{ CallId: 'c', ParticipantTag: 'LEG-A', From: 'anonymous', To: 'tel:+18005550100' }] },
    },
    settings,
  );
  assert.equal(callerIds(fallback), ['+18005550100']);
});

test('the Lex hook never echoes a slot without interpretedValue', async () => {
  const h = routingHarness();
  const event = fixture('lex', 'fallback-second-miss.json');
  event.sessionState.intent.slots = {
    Department: { shape: 'Scalar', value: { originalValue: 'geology please', resolvedValues: [] } },
    Callback: { shape: 'Scalar', value: { originalValue: 'yes', interpretedValue: 'yes', resolvedValues: ['yes'] } },
  };
  const response = await h.codeHook(event);
  const check = lexResponseSchema.safeParse(response);
  assert.ok(check.success, check.success ? '' : JSON.stringify(check.error.issues));
  assert.is(response.sessionState.intent?.slots?.Department, null);
  assert.equal((response.sessionState.intent?.slots?.Callback as { value: { interpretedValue: string } }).value.interpretedValue, 'yes');
});

const bridged = () => fixture('sma', 'bridge-successful.json');

test('an unexpected event never interrupts an established bridge', async () => {
  const h = routingHarness();
  // A late bot result (today: a second CallAndBridge mid-conversation).
  const lateBot = fixture('sma', 'bot-successful-history.json');
  lateBot.CallDetails.Participants = bridged().CallDetails.Participants;
  lateBot.CallDetails.TransactionAttributes = { ...bridged().CallDetails.TransactionAttributes, phase: 'connected' };
  assert.equal((await h.handler(lateBot)).Actions, []);
  // INVALID_LAMBDA_RESPONSE about an earlier answer (today: apology + operator bridge).
  const invalid = fixture('sma', 'invalid-lambda-response.json');
  invalid.CallDetails.Participants = bridged().CallDetails.Participants;
  assert.equal((await h.handler(invalid)).Actions, []);
  // An event type the service may add one day, and a malformed one: the fallback leaves the bridge alone.
  const unknown = { ...bridged(), InvocationEventType: 'CALL_TRANSFERRED' };
  assert.equal((await h.handler(unknown)).Actions, []);
  const malformed = bridged();
  delete malformed.ActionData;
  malformed.InvocationEventType = 'ACTION_SUCCESSFUL';
  malformed.CallDetails.Participants[0].Direction = 'Sideways';
  assert.equal((await h.handler(malformed)).Actions, []);
  // …while a hang-up still ends the other leg.
  assert.equal(types(await h.handler(fixture('sma', 'hangup-by-caller.json'))), ['Hangup']);
});

test('an unbridged caller is never left without an action', async () => {
  const h = routingHarness();
  // A SpeakAndGetDigits success outside the SMS offer (attributes lost): today "digits ignored" and silence.
  const stray = fixture('sma', 'bot-successful-history.json');
  stray.ActionData = { Type: 'SpeakAndGetDigits', Parameters: { CallId: stray.CallDetails.Participants[0].CallId }, ReceivedDigits: '1' };
  stray.CallDetails.TransactionAttributes = { phase: 'bot' };
  const answer = await h.handler(stray);
  assert.ok(smaResponseSchema.safeParse(answer).success);
  assert.ok(answer.Actions.length > 0, 'the caller hears something');
  assert.ok(types(answer).includes('CallAndBridge'), 'toward the operator');
  // A Speak that finished while the department is known: its chain goes on.
  const speak = structuredClone(stray);
  speak.ActionData = { Type: 'Speak', Parameters: { CallId: stray.CallDetails.Participants[0].CallId } };
  speak.CallDetails.TransactionAttributes = { phase: 'bridging', department: 'history', stage: 'primary', attempt: '1' };
  assert.equal(types(await h.handler(speak)), ['CallAndBridge']);
  // While ending, nothing more is said.
  speak.CallDetails.TransactionAttributes = { phase: 'ending' };
  assert.equal((await h.handler(speak)).Actions, []);
});

test('the SMA re-checks every PSTN number at call time: one stored before the guard is never bridged', async () => {
  // Written straight into the table (as before the rule existed): history rings a premium-rate number.
  const departments = seededDepartments().map((d) =>
    d.name === 'history' ? department({ ...d, destination: { type: 'pstn', number: '+19005551234' } } as Parameters<typeof department>[0]) : d,
  );
  const h = routingHarness({ departments, settings: { fallbackOperator: { type: 'pstn', number: '+19005550000' } } });
  const call = await h.call({ say: 'history' });
  const dialled = call.transcript
    .flatMap((entry) => entry.actions)
    .filter((a) => a.Type === 'CallAndBridge')
    .map((a) => (a.Parameters as { Endpoints: { Uri: string }[] }).Endpoints[0]!.Uri);
  assert.not.ok(dialled.includes('+19005551234'), `dialled ${dialled.join(', ')}`);
  assert.not.ok(dialled.includes('+19005550000'), 'the configured fallback operator passes the guard too');
  assert.equal(dialled, ['600000'], 'the operator department instead');
  const failure = h.events().find((e) => e.detailType === 'CallRoutingFailed' || (e.detailType === 'CallRouted' && e.data.reason === 'operator'));
  assert.ok(failure, 'the refusal is reported');
});

test('SIP headers never carry CR, LF, ";" or non-printing characters from callers', async () => {
  const h = routingHarness();
  const bot = fixture('sma', 'bot-successful-history.json');
  bot.CallDetails.Participants[0].From = '+14155550123;tag=1\r\nX-Injected: yes\u0000';
  const response = await h.handler(bot);
  assert.ok(smaResponseSchema.safeParse(response).success);
  const headers = (response.Actions.find((a) => a.Type === 'CallAndBridge')!.Parameters as { SipHeaders: Record<string, string> }).SipHeaders;
  assert.is(headers['X-Original-Calling-Number'], '+14155550123 tag=1 X-Injected: yes');
  assert.is(headers['X-LexInfo'], 'history');
  assert.equal(Object.keys(headers).sort(), ['X-LexInfo', 'X-Original-Calling-Number']);
});

test.run();
