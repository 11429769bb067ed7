import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHarness, driveTo } from './harness.ts';
import { DEFAULT_TEXTS } from '../src/domain/texts.ts';

const CUSTOMER = '+14255550182';

/** Every stage a conversation can be in, with a different spelling of an opt-out keyword each time. */
const stages = [
  { state: 'offered', keyword: 'STOP' },
  { state: 'bot', keyword: 'stop' },
  { state: 'queued', keyword: ' Unsubscribe! ' },
  { state: 'agent', keyword: 'Cancel' },
  { state: 'agent', keyword: 'end.' },
  { state: 'bot', keyword: 'QuIt' },
] as const;

for (const { state, keyword } of stages) {
  test(`"${keyword}" in ${state}: opted out, conversation ended, one confirmation, never texted again`, async () => {
    const h = await startHarness();
    try {
      const contactId = await driveTo(h, CUSTOMER, state);
      h.handsets.text(CUSTOMER, keyword);
      await h.settle();
      assert.ok(await h.service.optOuts.isOptedOut(CUSTOMER));
      const conversation = await h.service.conversations.get(CUSTOMER);
      assert.is(conversation?.state, 'ended');
      assert.is(conversation?.endReason, 'opted-out');
      assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.optOutConfirmation);
      if (contactId) assert.is(h.connect.get(contactId)?.state, 'ended', 'the chat participant is disconnected');
      const optedOut = h.events('SmsOptedOut');
      assert.is(optedOut.length, 1);
      assert.is(optedOut[0]?.data.keyword, keyword.trim().replace(/[!.]$/u, '').toUpperCase());
      assert.is(h.events('SmsConversationEnded')[0]?.data.reason, 'optedOut');

      const before = h.handsets.inbox(CUSTOMER).length;
      // Nothing reaches the number any more: not a new request, not the bot, not a "no conversation" reply.
      const again = await h.service.deflection.requestDeflection({
        requestKey: crypto.randomUUID(),
        requestedBy: 'switchboard.routing',
        phoneNumber: CUSTOMER,
        correlationId: 'next-call',
        callId: 'next-call',
      });
      assert.is(again.outcome, 'opted-out');
      h.handsets.text(CUSTOMER, 'YES');
      h.handsets.text(CUSTOMER, 'what are your opening hours');
      await h.settle();
      assert.is(h.handsets.inbox(CUSTOMER).length, before);
    } finally {
      await h.close();
    }
  });
}

test('an agent message arriving after STOP is not texted', async () => {
  const h = await startHarness();
  try {
    const contactId = (await driveTo(h, CUSTOMER, 'agent')) as string;
    // STOP and an agent reply race: the agent reply is streamed before the disconnect lands.
    h.handsets.text(CUSTOMER, 'STOP');
    h.connect.reply(contactId, 'Are you still there?');
    await h.settle();
    assert.not.ok(h.texts(CUSTOMER).includes('Alex: Are you still there?'));
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.optOutConfirmation);
  } finally {
    await h.close();
  }
});

test('STOP is honoured even while an earlier text is stuck on a failing Connect', async () => {
  const h = await startHarness({ retries: 0 });
  try {
    await driveTo(h, CUSTOMER, 'offered');
    h.connect.failNext('startChat', 100);
    h.handsets.text(CUSTOMER, 'YES');
    await h.settle();
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'opted-in', 'consent was persisted before Connect failed');
    h.handsets.text(CUSTOMER, 'STOP');
    await h.settle();
    // Opted out at once although the YES in front of it is still pending.
    assert.ok(await h.service.optOuts.isOptedOut(CUSTOMER));
    h.connect.failNext('startChat', 0);
    await h.service.deflection.sweep();
    await h.settle();
    const conversation = await h.service.conversations.get(CUSTOMER);
    assert.is(conversation?.state, 'ended');
    assert.is(conversation?.endReason, 'opted-out');
    assert.is(h.connect.list().length, 0, 'no chat was started for the opted-out number');
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.optOutConfirmation);
  } finally {
    await h.close();
  }
});

test('HELP is always answered (also after opting out); START resubscribes', async () => {
  const h = await startHarness();
  try {
    const stopEvent = h.handsets.inboundEvent(CUSTOMER, 'stop');
    await h.inboundHandler(stopEvent);
    h.handsets.text(CUSTOMER, 'help');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.help);
    h.handsets.text(CUSTOMER, 'START');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.resubscribed);
    assert.not.ok(await h.service.optOuts.isOptedOut(CUSTOMER));
    // A late duplicate delivery of the old STOP does not undo the START.
    await h.inboundHandler(stopEvent);
    assert.not.ok(await h.service.optOuts.isOptedOut(CUSTOMER));
    const offer = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: CUSTOMER,
      correlationId: 'c',
      callId: 'c',
    });
    assert.is(offer.outcome, 'offered');
  } finally {
    await h.close();
  }
});

test('words that merely contain a keyword are not opt-outs', async () => {
  const h = await startHarness();
  try {
    await driveTo(h, CUSTOMER, 'bot');
    h.handsets.text(CUSTOMER, "I can't stop worrying about my bill");
    await h.settle();
    assert.not.ok(await h.service.optOuts.isOptedOut(CUSTOMER));
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'bot');
  } finally {
    await h.close();
  }
});

test.run();
