import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHarness, driveTo, referenceQueueGreeting, SERVICE_NUMBER } from './harness.ts';
import { drained } from './harness.ts';
import { DEFAULT_TEXTS } from '../src/domain/texts.ts';

const CUSTOMER = '+14255550182';

test('the whole path: offer → YES → bot answers → "agent" → agent chat → end', async () => {
  const h = await startHarness();
  try {
    const outcome = await h.service.deflection.requestDeflection({
      requestKey: 'request-1',
      requestedBy: 'switchboard.routing',
      phoneNumber: '(425) 555-0182',
      defaultCountry: 'US',
      correlationId: 'call-123',
      callId: 'call-123',
      department: 'billing',
      attributes: { accountTier: 'gold' },
    });
    assert.is(outcome.outcome, 'offered');
    assert.equal(h.texts(CUSTOMER), [DEFAULT_TEXTS.offer]);
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'offered');

    h.handsets.text(CUSTOMER, 'yes');
    await h.settle();
    let conversation = await h.service.conversations.get(CUSTOMER);
    assert.is(conversation?.state, 'bot');
    const contactId = conversation?.contactId as string;
    const contact = h.connect.get(contactId);
    // The IVR context travels to the agent as contact attributes.
    assert.is(contact?.attributes.department, 'billing');
    assert.is(contact?.attributes.callId, 'call-123');
    assert.is(contact?.attributes.accountTier, 'gold');
    assert.is(contact?.attributes.channel, 'SMS');
    // Tokens are stored encrypted, never in clear.
    assert.ok(conversation?.connectionTokenCiphertext && !conversation.connectionTokenCiphertext.startsWith('ct-'));
    // Welcome text, then the chat flow's SYSTEM prompt (reference "Basic Chat" flow) relayed by SMS.
    assert.equal(h.texts(CUSTOMER).slice(1), [DEFAULT_TEXTS.welcome, referenceQueueGreeting()]);

    h.handsets.text(CUSTOMER, 'When are you open?');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), 'We are open Monday to Friday, 8am to 8pm, and Saturday 9am to 1pm.');
    // The question is in the chat transcript too, so the agent sees what was asked.
    assert.ok(h.connect.get(contactId)?.transcript.some((item) => item.ParticipantRole === 'CUSTOMER' && item.Content === 'When are you open?'));

    h.handsets.text(CUSTOMER, 'Do you sell gift cards for llamas?');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.unanswered);
    assert.equal(
      (await h.service.faq.unanswered(10)).map((u) => u.count),
      [1],
    );

    h.handsets.text(CUSTOMER, 'Agent');
    await h.settle();
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'queued');
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.escalating);

    h.connect.join(contactId, 'Alex');
    await h.settle();
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'agent');
    assert.is(h.texts(CUSTOMER).at(-1), 'Alex has joined the chat.');

    h.connect.reply(contactId, 'Hi, I can help with your bill.');
    h.connect.reply(contactId, 'Internal note for supervisors', 'AGENT');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), 'Alex: Hi, I can help with your bill.');

    h.handsets.text(CUSTOMER, 'Thanks, why is it so high?');
    await h.settle();
    assert.is(
      h.connect
        .get(contactId)
        ?.transcript.filter((i) => i.ParticipantRole === 'CUSTOMER')
        .at(-1)?.Content,
      'Thanks, why is it so high?',
    );

    h.connect.end(contactId);
    await h.settle();
    conversation = await h.service.conversations.get(CUSTOMER);
    assert.is(conversation?.state, 'ended');
    assert.is(conversation?.endReason, 'agent-left');
    assert.is(conversation?.connectionTokenCiphertext, undefined);
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.closing);
    assert.is(h.texts(CUSTOMER).filter((t) => t === DEFAULT_TEXTS.closing).length, 1);

    const started = h.events('SmsConversationStarted');
    assert.is(started.length, 1);
    assert.is(started[0]?.data.contactId, contactId);
    const ended = h.events('SmsConversationEnded');
    assert.is(ended.length, 1);
    assert.is(ended[0]?.data.reason, 'agentLeft');
    assert.is(ended[0]?.data.reached, 'agent');
    assert.is(ended[0]?.data.escalated, true);

    const transcript = await h.service.conversations.transcript(conversation?.conversationId as string);
    assert.ok(transcript.some((e) => e.author === 'bot'));
    assert.ok(transcript.some((e) => e.author === 'agent' && e.text === 'Hi, I can help with your bill.'));
    assert.ok(!transcript.some((e) => e.text === 'Internal note for supervisors'));

    const metrics = await h.service.metrics.totals(new Date(Date.now() - 86_400_000), new Date());
    assert.is(metrics.offered, 1);
    assert.is(metrics.accepted, 1);
    assert.is(metrics.answeredByBot, 1);
    assert.is(metrics.escalated, 1);
    // After the end, a new text gets the "no open conversation" answer, not a relay.
    h.handsets.text(CUSTOMER, 'hello?');
    await h.settle();
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.noConversation);
  } finally {
    await h.close();
  }
});

test('unanswered questions escalate after the configured limit; the agent can join straight from the bot', async () => {
  const h = await startHarness({ options: { maxUnansweredBeforeEscalation: 2 } });
  try {
    const contactId = await driveTo(h, CUSTOMER, 'bot');
    h.handsets.text(CUSTOMER, 'Can llamas fly?');
    await h.settle();
    h.handsets.text(CUSTOMER, 'Do you repair spaceships?');
    await h.settle();
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'queued');
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.escalating);
    h.connect.join(contactId as string, 'Sam');
    await h.settle();
    assert.is((await h.service.conversations.get(CUSTOMER))?.state, 'agent');
  } finally {
    await h.close();
  }
});

test('a redelivered deflection request for the same call does not text twice; another call does not open a second conversation', async () => {
  const h = await startHarness();
  try {
    const first = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: CUSTOMER,
      correlationId: 'c1',
      callId: 'call-1',
    });
    const again = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: CUSTOMER,
      correlationId: 'c1',
      callId: 'call-1',
    });
    const other = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: CUSTOMER,
      correlationId: 'c2',
      callId: 'call-2',
    });
    assert.is(first.outcome, 'offered');
    assert.is(again.outcome, 'duplicate');
    assert.is(other.outcome, 'already-open');
    assert.is(h.texts(CUSTOMER).length, 1);
  } finally {
    await h.close();
  }
});

test('numbers that cannot receive SMS are refused with a reason', async () => {
  const h = await startHarness();
  try {
    const landline = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: '+442079460958',
      correlationId: 'c',
    });
    assert.is(landline.outcome, 'invalid-number');
    const tollFree = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: '+18005550199',
      correlationId: 'c',
    });
    assert.is(tollFree.outcome, 'invalid-number');
    const garbage = await h.service.deflection.requestDeflection({
      requestKey: crypto.randomUUID(),
      requestedBy: 'switchboard.routing',
      phoneNumber: 'call me maybe',
      correlationId: 'c',
    });
    assert.is(garbage.outcome, 'invalid-number');
    assert.is(h.handsets.sent, 0);
  } finally {
    await h.close();
  }
});

test('idle conversations end with a closing text; expired offers end silently', async () => {
  let now = Date.parse('2026-11-21T09:00:00.000Z');
  const h = await startHarness({ clock: { now: () => new Date(now) }, options: { idle: { offerSeconds: 3600, conversationSeconds: 600 } } });
  try {
    const OFFER_ONLY = '+14155552671';
    await driveTo(h, OFFER_ONLY, 'offered');
    const contactId = await driveTo(h, CUSTOMER, 'agent');
    now += 11 * 60_000;
    let swept = await h.service.deflection.sweep();
    assert.equal(swept, { ended: 1, redriven: 0, failures: 0 });
    assert.is((await h.service.conversations.get(CUSTOMER))?.endReason, 'idle');
    assert.is(h.texts(CUSTOMER).at(-1), 'We closed this conversation after 10 minutes without activity. Call us again any time.');
    assert.is(h.connect.get(contactId as string)?.state, 'ended');
    now += 60 * 60_000;
    swept = await h.service.deflection.sweep();
    assert.is(swept.ended, 1);
    assert.is((await h.service.conversations.get(OFFER_ONLY))?.endReason, 'offer-expired');
    assert.equal(h.texts(OFFER_ONLY), [DEFAULT_TEXTS.offer]);
    await h.settle();
    // The chat-ended item Connect streams after our disconnect finds the conversation already ended: no second text.
    assert.is(h.texts(CUSTOMER).filter((t) => t === DEFAULT_TEXTS.closing).length, 0);
  } finally {
    await h.close();
  }
});

test('an expired connection token is recreated from the participant token and stored encrypted again', async () => {
  let now = Date.now();
  const h = await startHarness({ clock: { now: () => new Date(now) } });
  try {
    const contactId = (await driveTo(h, CUSTOMER, 'agent')) as string;
    const before = (await h.service.conversations.get(CUSTOMER))?.connectionTokenCiphertext;
    now += 25 * 3600_000; // past the 24 h connection credentials
    h.handsets.text(CUSTOMER, 'still there?');
    await h.settle();
    const after = await h.service.conversations.get(CUSTOMER);
    assert.is.not(after?.connectionTokenCiphertext, before);
    assert.ok(Date.parse(after?.connectionExpiresAt as string) > Date.now());
    assert.is(
      h.connect
        .get(contactId)
        ?.transcript.filter((i) => i.ParticipantRole === 'CUSTOMER')
        .at(-1)?.Content,
      'still there?',
    );
  } finally {
    await h.close();
  }
});

test('the idle-sweeper handler sweeps and promotes the bot; it fails the invocation while a mailbox keeps failing', async () => {
  const { createIdleSweeperHandler } = await import('../src/application/idle-sweeper-handler.ts');
  const { quiet } = await import('./harness.ts');
  let now = Date.parse('2026-11-21T09:00:00.000Z');
  const h = await startHarness({ retries: 0, clock: { now: () => new Date(now) } });
  try {
    const sweeper = createIdleSweeperHandler(() => ({ deflection: h.service.deflection, publisher: h.service.publisher }), quiet);
    assert.equal(await sweeper(), { ended: 0, redriven: 0, failures: 0, bot: 'up-to-date' });
    await driveTo(h, CUSTOMER, 'queued');
    h.connect.failNext('sendMessage', 100);
    h.handsets.text(CUSTOMER, 'hello?');
    await h.settle();
    now += 90_000; // past the 60 s lease: the mailbox counts as stale
    try {
      await sweeper();
      assert.unreachable('a failing mailbox fails the sweep');
    } catch (error) {
      assert.match(String(error), /still failing/);
    }
  } finally {
    h.connect.failNext('sendMessage', 0);
    await h.close();
  }
});

test('the reference two-way SMS payload is accepted by the inbound handler', async () => {
  const { readFileSync } = await import('node:fs');
  const h = await startHarness();
  try {
    const payload = JSON.parse(readFileSync(new URL('./fixtures/samples/two-way-sms-sns-payload.example.json', import.meta.url), 'utf8')) as Record<
      string,
      string
    >;
    delete payload._note;
    const { snsEvent } = await import('../src/adapters/local/sns-delivery.ts');
    const results = await h.inboundHandler(
      snsEvent({ topicArn: 'arn:aws:sns:us-east-1:000000000000:sms-inbound', message: JSON.stringify(payload) }),
    );
    assert.is(results.length, 1);
    assert.is(drained(results[0]).processed, 1);
    // No conversation for that number: it is told so (from the service number).
    assert.equal(h.texts(payload.originationNumber as string), [DEFAULT_TEXTS.noConversation]);
    assert.is(h.handsets.inbox(payload.originationNumber as string)[0]?.from, SERVICE_NUMBER);
  } finally {
    await h.close();
  }
});

test.run();
