/**
 * Issue 15, cross-service promise 1 (routing's side): "press 2 to continue by text" is offered only to numbers
 * sms can text — mobile, in a country we text, not opted out (routing's own projection fed by sms's events) —
 * a failed deflection is recorded on the caller's call log, and an unknown eligibility keeps the caller in
 * the queue.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SmsDeflectionFailed, SmsOptedIn, SmsOptedOut } from '@switchboard/shared/contracts';
import { InMemoryTextingProjection } from '../src/adapters/local/in-memory-texting.ts';
import { recordRoutingEvent } from '../src/application/call-log-recorder.ts';
import { recordSmsFact } from '../src/application/sms-texting-recorder.ts';
import { loadSmaConfig, routingSettingsFrom } from '../src/config.ts';
import { callOutcome } from '../src/domain/call-outcome.ts';
import type { CallLog, CallLogEntry } from '../src/domain/ports.ts';
import { numberCanBeTexted, smsEligibility } from '../src/domain/sms-eligibility.ts';
import { CALLER, department, routingHarness, seededDepartments } from './support/harness.ts';

const departments = seededDepartments().map((d) =>
  d.name === 'history'
    ? department({ ...d, smsDeflection: { offerWhenWaitExceedsSeconds: 120 }, expectedWaitSeconds: 600 } as Parameters<typeof department>[0])
    : d,
);
const OFFER = 'The expected wait for history is about 10 minutes. Press 1 to hold, or press 2 to continue by text message.';

/** An EventBridge event as a rule delivers it. */
function busEvent<T>(contract: { source: string; detailType: string; envelope(data: T, options: { correlationId: string }): unknown }, data: T) {
  return { 'detail-type': contract.detailType, source: contract.source, detail: contract.envelope(data, { correlationId: 'test' }) };
}

test('only mobile numbers in an allowed country can be offered a text', () => {
  assert.ok(numberCanBeTexted('+14155550123', ['US']).ok);
  assert.not.ok(numberCanBeTexted('+18005550100', ['US']).ok, 'toll-free');
  assert.not.ok(numberCanBeTexted('+19005551234', ['US']).ok, 'premium rate');
  assert.not.ok(numberCanBeTexted('+442079460000', ['US', 'GB']).ok, 'a London landline');
  assert.not.ok(numberCanBeTexted('+447400123456', ['US']).ok, 'a UK mobile outside the allow-list');
  assert.ok(numberCanBeTexted('+447400123456', ['US', 'GB']).ok);
  assert.not.ok(numberCanBeTexted('+1415555', ['US']).ok, 'invalid');
  assert.equal(smsEligibility('+14155550123', { kind: 'unknown', reason: 'timeout' }, ['US']), {
    eligible: false,
    reason: 'opt-out status unknown (timeout)',
    known: false,
  });
  // The allow-list comes from routing's config.
  const base = {
    DEPARTMENTS_TABLE: 'routing',
    EVENT_BUS_NAME: 'bus',
    LEX_BOT_ID: 'b',
    LEX_BOT_ALIAS_ID: 'a',
    LEX_BOT_ALIAS_ARN: 'arn:aws:lex:us-east-1:123456789012:bot-alias/B/A',
  };
  assert.equal(routingSettingsFrom(loadSmaConfig(base)).smsAllowedCountries, ['US']);
  assert.equal(routingSettingsFrom(loadSmaConfig({ ...base, SMS_ALLOWED_COUNTRIES: 'US,CA' })).smsAllowedCountries, ['US', 'CA']);
});

test('a caller who opted out is not offered a text and is bridged; after opting in, the offer is back', async () => {
  const h = routingHarness({ departments });
  assert.is(
    await recordSmsFact(h.texting, busEvent(SmsOptedOut, { phoneNumber: CALLER, keyword: 'STOP', optedOutAt: '2026-03-01T10:00:00Z' })),
    'recorded',
  );
  const optedOut = await h.call({ say: 'history', smsOfferKey: '2' });
  assert.not.ok(optedOut.heard.includes(OFFER), 'no offer (today: offered, then nothing is sent)');
  assert.is(optedOut.outcome.kind === 'bridged' && optedOut.outcome.endpoint.uri, '600300', 'the caller stays in the queue');
  assert.not.ok(h.events().some((e) => e.detailType === 'SmsDeflectionRequested'));

  // An opt-in older than the opt-out (delivered late) changes nothing; a newer one restores the offer.
  assert.is(
    await recordSmsFact(h.texting, busEvent(SmsOptedIn, { phoneNumber: CALLER, keyword: 'START', optedInAt: '2026-03-01T09:00:00Z' })),
    'older',
  );
  assert.not.ok((await h.call({ say: 'history' })).heard.includes(OFFER));
  assert.is(
    await recordSmsFact(h.texting, busEvent(SmsOptedIn, { phoneNumber: CALLER, keyword: 'START', optedInAt: '2026-03-02T09:00:00Z' })),
    'recorded',
  );
  const back = await h.call({ say: 'history', smsOfferKey: '2' });
  assert.ok(back.heard.includes(OFFER));
  assert.equal(back.outcome, { kind: 'hung-up', by: 'application' });
});

test('landlines, toll-free numbers and callers outside the allowed countries are not offered a text', async () => {
  for (const from of ['+18005550100', '+442079460000', '+447400123456']) {
    const h = routingHarness({ departments });
    const call = await h.simulator.place({ from, to: '+18005550199', say: 'history', smsOfferKey: '2' });
    assert.not.ok(call.heard.includes(OFFER), from);
    assert.is(call.outcome.kind, 'bridged', from);
  }
  const allowed = routingHarness({ departments, settings: { smsAllowedCountries: ['US', 'GB'] } });
  assert.ok((await allowed.simulator.place({ from: '+447400123456', to: '+18005550199', say: 'history', smsOfferKey: '1' })).heard.includes(OFFER));
});

test('when eligibility is unknown the caller stays in the queue instead of being hung up', async () => {
  const failing = { get: async () => Promise.reject(Object.assign(new Error('Could not connect'), { name: 'NetworkingError' })) };
  for (const texting of [failing, null]) {
    const h = routingHarness({ departments, texting });
    const call = await h.call({ say: 'history', smsOfferKey: '2' });
    assert.not.ok(call.heard.includes(OFFER));
    assert.is(call.outcome.kind === 'bridged' && call.outcome.endpoint.uri, '600300');
  }
});

test('a failed deflection reaches the caller\'s call log, which then never says "deflected to SMS"', async () => {
  const h = routingHarness({ departments });
  const entries: CallLogEntry[] = [];
  const callLog: CallLog = { append: async (e) => void entries.push(e), list: async (id) => entries.filter((e) => e.callId === id) };
  const call = await h.call({ say: 'history', smsOfferKey: '2' });
  for (const event of h.bus.history) await recordRoutingEvent(callLog, event);
  assert.is(callOutcome(entries).kind, 'deflected');
  assert.is(callOutcome(entries).text, 'deflected to SMS (history)');
  const failed = busEvent(SmsDeflectionFailed, {
    phoneNumber: CALLER,
    callId: call.callId,
    reason: 'opted-out',
    detail: 'the number opted out of texts on 2026-03-01',
    failedAt: '2026-03-04T15:00:05Z',
  });
  await recordRoutingEvent(callLog, failed);
  assert.equal(callOutcome(entries).kind, 'deflection-failed');
  assert.is(callOutcome(entries).text, 'SMS deflection failed (opted-out): the number opted out of texts on 2026-03-01');
  // A failure about a request routing never made (another system's call id) is not logged as a routing call.
  await recordRoutingEvent(
    callLog,
    busEvent(SmsDeflectionFailed, {
      phoneNumber: CALLER,
      callId: 'someone-elses',
      reason: 'send-failed',
      detail: 'provider error',
      failedAt: '2026-03-04T15:00:05Z',
    }),
  );
  assert.equal(
    entries.filter((e) => e.callId === 'someone-elses'),
    [],
  );
  // The lasting reason also reaches the projection: the next call is not offered a text.
  const projection = new InMemoryTextingProjection();
  assert.is(await recordSmsFact(projection, failed), 'recorded');
  assert.is((await projection.get(CALLER))?.textable, false);
  assert.is(
    await recordSmsFact(
      projection,
      busEvent(SmsDeflectionFailed, { phoneNumber: '+14155550999', reason: 'rate-limited', detail: 'limit', failedAt: '2026-03-04T15:00:05Z' }),
    ),
    'ignored',
  );
});

test.run();
