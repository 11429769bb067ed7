/**
 * Issue 15, "Telephony responses" for the forwarding SMA: caller ids are E.164, an established bridge is
 * never interrupted by a stray or malformed event, and an unbridged caller always gets an action.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smaResponseSchema, type SmaResponse } from '@switchboard/shared/chime';
import { forwardSettingsSchema, type Forward } from '../src/domain/forward.ts';
import type { PromptSettings } from '../src/domain/sma-decision.ts';
import { createSmaHandler } from '../src/application/sma-call-handler.ts';

const prompts: PromptSettings = {
  bucket: 'switchboard-test-forwarding-prompts',
  pleaseWaitKey: 'please_wait_while_we_try_to_connect_you.wav',
  unableToConnectKey: 'we_were_unable_to_connect_your_call.wav',
  voiceId: 'Joanna',
  languageCode: 'en-US',
};
const FORWARDED = '+13125550100';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/sma/${name}`, import.meta.url), 'utf8'));
const types = (r: SmaResponse) => r.Actions.map((a) => a.Type);
const forward: Forward = {
  ...forwardSettingsSchema.parse({ destinations: [{ number: '+13125550199' }, { number: '+12025550123' }], screening: true }),
  phoneNumber: FORWARDED,
  owner: 'user-1',
  revision: 1,
  updatedAt: '2026-03-01T00:00:00Z',
  updatedBy: 'user-1',
};
const handler = createSmaHandler({
  lookupForward: async (n) => (n === FORWARDED ? forward : undefined),
  publishFact: async () => undefined,
  prompts,
  now: () => new Date('2026-03-02T15:00:00Z'),
});

test('the caller id of every bridge is E.164, also for SIP callers', async () => {
  const call = fixture('new-inbound-call.json');
  call.CallDetails.Participants[0].From = 'sip:alice@pbx.example.com';
  call.CallDetails.Participants[0].To = `sip:${FORWARDED}@10.0.0.1:5060`;
  const response = await handler(call);
  assert.ok(smaResponseSchema.safeParse(response).success);
  assert.equal(types(response), ['CallAndBridge']);
  assert.is((response.Actions[0]!.Parameters as { CallerIdNumber: string }).CallerIdNumber, FORWARDED);
  assert.is(response.TransactionAttributes?.cid, FORWARDED);
});

const connected = () => {
  const event = fixture('action-successful-call-and-bridge.json');
  event.CallDetails.TransactionAttributes.st = 'connected';
  return event;
};

test('an established bridge is not interrupted by INVALID_LAMBDA_RESPONSE, a stray failure or a malformed event', async () => {
  const invalid = fixture('invalid-lambda-response.json');
  invalid.CallDetails.Participants = connected().CallDetails.Participants;
  invalid.CallDetails.TransactionAttributes = connected().CallDetails.TransactionAttributes;
  // Today: the apology and a Hangup of the caller mid-conversation.
  assert.equal((await handler(invalid)).Actions, []);
  const strayFailure = connected();
  strayFailure.InvocationEventType = 'ACTION_FAILED';
  strayFailure.ActionData = { Type: 'PlayAudio', Parameters: {}, ErrorType: 'InvalidActionParameter', ErrorMessage: 'bad key' };
  assert.equal((await handler(strayFailure)).Actions, []);
  const unknown = { ...connected(), InvocationEventType: 'CALL_TRANSFERRED' };
  assert.equal((await handler(unknown)).Actions, []);
  // A hang-up still ends the other leg.
  const hangup = fixture('hangup-leg-b.json');
  assert.equal(types(await handler(hangup)), ['Hangup']);
});

test('a malformed ACTION_SUCCESSFUL of a screened bridge never leaves the caller unscreened or silent', async () => {
  const ringing = fixture('action-successful-call-and-bridge.json');
  ringing.CallDetails.TransactionAttributes.scr = '1';
  // Unreadable (no ActionData): today `[]`, which leaves a voicemail bridged without the "press 1".
  const malformed = structuredClone(ringing);
  delete malformed.ActionData;
  const response = await handler(malformed);
  assert.ok(smaResponseSchema.safeParse(response).success);
  assert.equal(types(response), ['Hangup', 'PlayAudio', 'Hangup'], 'the unscreened leg is dropped and the caller hears the message');
  assert.is((response.Actions[0]!.Parameters as { CallId: string }).CallId, ringing.CallDetails.Participants[1].CallId);
  // Readable but without the answering leg: it cannot be screened, so it is dropped by tag and the next destination rings.
  const noCallee = structuredClone(ringing);
  noCallee.CallDetails.Participants = [noCallee.CallDetails.Participants[0]];
  const next = await handler(noCallee);
  assert.equal(types(next), ['Hangup', 'CallAndBridge']);
  assert.equal(next.Actions[0]!.Parameters, { ParticipantTag: 'LEG-B', SipResponseCode: '0' });
  // An action we did not send, with the call state lost: the caller hears the message rather than silence.
  const lost = fixture('action-successful-speak-and-get-digits.json');
  delete lost.CallDetails.TransactionAttributes;
  lost.CallDetails.Participants = [lost.CallDetails.Participants[0]];
  assert.equal(types(await handler(lost)), ['PlayAudio', 'Hangup']);
});

test.run();
