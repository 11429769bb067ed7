/**
 * Issue 15 and 13 on the sms side: a deflection that cannot be carried out is reported once (SmsDeflectionFailed);
 * START publishes SmsOptedIn; a chat that vanished is replaced instead of failing every text; the transcript keeps
 * the bot's "don't know"; malformed or oversized records are rejected with a reason, never a TypeError; the
 * toll-fraud guard and the texts-per-day limits refuse deflections.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createInMemorySpendLimiter } from '@switchboard/shared/limits';
import { snsEvent } from '../src/adapters/local/sns-delivery.ts';
import { createSendGuard } from '../src/application/send-guard.ts';
import { DEFAULT_TEXTS } from '../src/domain/texts.ts';
import { driveTo, startHarness } from './harness.ts';

const CUSTOMER = '+14255550182';
const request = (phoneNumber: string, requestKey: string) => ({
  phoneNumber,
  requestKey,
  requestedBy: 'switchboard.routing',
  correlationId: requestKey,
  callId: requestKey,
});

test('a request for an opted-out number publishes SmsDeflectionFailed once, however often it is delivered', async () => {
  const h = await startHarness();
  try {
    await h.service.optOuts.add({ phoneNumber: CUSTOMER, optedOutAt: new Date().toISOString(), keyword: 'STOP', source: 'sms' });
    for (let i = 0; i < 3; i += 1) assert.is((await h.service.deflection.requestDeflection(request(CUSTOMER, 'event-1'))).outcome, 'opted-out');
    await h.settle();
    const failed = h.events('SmsDeflectionFailed');
    assert.is(failed.length, 1);
    assert.equal(
      { ...failed[0]?.data, failedAt: 'x', detail: 'x' },
      { phoneNumber: CUSTOMER, callId: 'event-1', reason: 'opted-out', detail: 'x', failedAt: 'x' },
    );
    assert.is((failed[0] as unknown as { metadata: { id: string } }).metadata.id, 'sms-deflection-failed:event-1');
    assert.equal(h.texts(CUSTOMER), []);
  } finally {
    await h.close();
  }
});

test('not textable (a landline) and a send that fails on every attempt are reported; the caller was never texted', async () => {
  const h = await startHarness({ options: { maxOfferAttempts: 2 } });
  try {
    assert.is((await h.service.deflection.requestDeflection(request('+442079460958', 'landline'))).outcome, 'invalid-number');
    h.handsets.failNextSends(100);
    await h.service.deflection.requestDeflection(request(CUSTOMER, 'flaky')).then(
      () => assert.unreachable('the first failed attempt propagates (the request is retried)'),
      (error: unknown) => assert.match(String(error), /unavailable/),
    );
    const last = await h.service.deflection.requestDeflection(request(CUSTOMER, 'flaky'));
    assert.is(last.outcome, 'send-failed');
    h.handsets.failNextSends(0);
    await h.settle();
    assert.equal(
      h.events('SmsDeflectionFailed').map((e) => e.data.reason),
      ['not-textable', 'send-failed'],
    );
    assert.is((await h.service.conversations.get(CUSTOMER))?.endReason, 'offer-failed');
  } finally {
    await h.close();
  }
});

test('START after STOP publishes SmsOptedIn (routing projects who may be texted from SmsOptedOut / SmsOptedIn)', async () => {
  const h = await startHarness();
  try {
    h.handsets.text(CUSTOMER, 'STOP');
    await h.settle();
    h.handsets.text(CUSTOMER, 'unstop');
    await h.settle();
    assert.equal(
      h.events('SmsOptedIn').map((e) => ({ phoneNumber: e.data.phoneNumber, keyword: e.data.keyword })),
      [{ phoneNumber: CUSTOMER, keyword: 'UNSTOP' }],
    );
    assert.is(await h.service.optOuts.isOptedOut(CUSTOMER), false);
  } finally {
    await h.close();
  }
});

test('a chat that vanished (restart, expiry) is ended and replaced: the text reaches a new chat, never "could not pass on"', async () => {
  const h = await startHarness({ retries: 0 });
  try {
    const contactId = (await driveTo(h, CUSTOMER, 'queued')) as string;
    const before = await h.service.conversations.get(CUSTOMER);
    h.connect.vanish(contactId);
    h.handsets.text(CUSTOMER, 'are you still there?');
    await h.settle();
    h.handsets.text(CUSTOMER, 'hello?');
    await h.settle();
    const texts = h.texts(CUSTOMER);
    assert.not.ok(texts.includes(DEFAULT_TEXTS.undeliverable));
    assert.ok(texts.includes(DEFAULT_TEXTS.chatRestarted));
    const after = await h.service.conversations.get(CUSTOMER);
    assert.is.not(after?.conversationId, before?.conversationId);
    assert.is(after?.state, 'queued', 'someone waiting for an agent goes back to the queue');
    assert.is((await h.service.conversations.findById(before?.conversationId as string))?.endReason, 'chat-expired');
    const fresh = h.connect.get(after?.contactId as string);
    assert.equal(
      fresh?.transcript.filter((i) => i.ParticipantRole === 'CUSTOMER').map((i) => i.Content),
      ['are you still there?', 'hello?'],
    );
    assert.is(fresh?.attributes.callId, `call-${CUSTOMER}`, 'the new chat carries the call context');
  } finally {
    await h.close();
  }
});

test('the transcript keeps the bot\'s "don\'t know" reply the handset received', async () => {
  const h = await startHarness({ options: { maxUnansweredBeforeEscalation: 3 } });
  try {
    await driveTo(h, CUSTOMER, 'bot');
    h.handsets.text(CUSTOMER, 'do you sell llamas');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.unanswered);
    const conversation = await h.service.conversations.get(CUSTOMER);
    const lines = await h.service.conversations.transcript(conversation?.conversationId as string);
    assert.equal(
      lines.slice(-2).map((l) => [l.author, l.text]),
      [
        ['customer', 'do you sell llamas'],
        ['bot', DEFAULT_TEXTS.unanswered],
      ],
    );
  } finally {
    await h.close();
  }
});

test('malformed and oversized records are rejected with their reason — never a TypeError, never retried into the DLQ', async () => {
  const h = await startHarness();
  try {
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:sms-inbound';
    const stopFromShortCode = snsEvent({
      topicArn,
      message: JSON.stringify({ originationNumber: '12345', destinationNumber: '+12125550101', messageBody: 'STOP', inboundMessageId: 'm1' }),
    });
    const [rejected] = await h.inboundHandler(stopFromShortCode);
    assert.match(String((rejected as { rejected: string }).rejected), /originationNumber: must be an E\.164/);
    const huge = snsEvent({
      topicArn,
      message: JSON.stringify({
        originationNumber: CUSTOMER,
        destinationNumber: '+12125550101',
        messageBody: 'x'.repeat(10_001),
        inboundMessageId: 'm2',
      }),
    });
    assert.match(String(((await h.inboundHandler(huge))[0] as { rejected: string }).rejected), /messageBody/);
    assert.match(String(((await h.inboundHandler(snsEvent({ topicArn, message: 'not json' })))[0] as { rejected: string }).rejected), /not JSON/);
    assert.match(String(((await h.inboundHandler({ Records: [{}] }))[0] as { rejected: string }).rejected), /Records\.0\.Sns/);
    assert.match(String(((await h.streamHandler({ nope: true }))[0] as { rejected: string }).rejected), /Records/);
    assert.equal(h.events('SmsOptedOut'), []);
  } finally {
    await h.close();
  }
});

test('the toll-fraud guard refuses +881, Russia and Iraq; the texts-per-day limit refuses the next one; each refusal is reported', async () => {
  const limiter = createInMemorySpendLimiter({ limits: { calls: { perUser: 1, perStage: 1 }, texts: { perUser: 2, perStage: 100 } } });
  const h = await startHarness({ guard: createSendGuard({ allowedCountries: ['US'], limiter }) });
  try {
    for (const [number, key] of [
      ['+881631234567', 'sat'],
      ['+79161234567', 'ru'],
      ['+9647901234567', 'iq'],
    ] as const) {
      assert.is((await h.service.deflection.requestDeflection(request(number, key))).outcome, 'refused-destination', number);
    }
    assert.is((await h.service.deflection.requestDeflection(request('+14255550183', 'a'))).outcome, 'offered');
    assert.is((await h.service.deflection.requestDeflection(request('+14255550184', 'b'))).outcome, 'offered');
    const limited = await h.service.deflection.requestDeflection(request('+14255550185', 'c'));
    assert.is(limited.outcome, 'rate-limited');
    await h.settle();
    assert.equal(
      h.events('SmsDeflectionFailed').map((e) => e.data.reason),
      ['refused-destination', 'refused-destination', 'refused-destination', 'rate-limited'],
    );
    assert.equal(h.texts('+881631234567'), []);
  } finally {
    await h.close();
  }
});

test.run();
