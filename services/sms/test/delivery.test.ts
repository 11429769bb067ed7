import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHarness, driveTo, FAQ } from './harness.ts';
import { drained } from './harness.ts';
import { DEFAULT_TEXTS } from '../src/domain/texts.ts';
import { analyzeText } from '../src/domain/segmentation.ts';

const CUSTOMER = '+14255550182';
const answer = (id: string) => FAQ.find((entry) => entry.id === id)?.answer as string;

test('a duplicate SNS delivery (same inboundMessageId) is processed once', async () => {
  const h = await startHarness();
  try {
    await driveTo(h, CUSTOMER, 'bot');
    const event = h.handsets.inboundEvent(CUSTOMER, 'where can I park?');
    const first = await h.inboundHandler(event);
    const second = await h.inboundHandler(structuredClone(event));
    // End User Messaging may also publish the same text again as a new SNS message: same inboundMessageId.
    const republished = h.handsets.inboundEvent(CUSTOMER, 'where can I park?', {
      inboundMessageId: (JSON.parse(event.Records[0]!.Sns.Message) as { inboundMessageId: string }).inboundMessageId,
    });
    const third = await h.inboundHandler(republished);
    assert.is(drained(first[0]).duplicate, false);
    assert.is(drained(second[0]).duplicate, true);
    assert.is(drained(third[0]).duplicate, true);
    assert.is(h.texts(CUSTOMER).filter((t) => t === answer('parking')).length, 1);
  } finally {
    await h.close();
  }
});

test('out-of-order SNS deliveries inside the reorder window are processed in send order', async () => {
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let sleeps = 0;
  let armed = false;
  let skew = 0;
  const h = await startHarness({
    options: { reorderWindowMs: 60_000 },
    // A clock the sleeping worker advances: it wakes when the test opens the gate (no timing in tests).
    clock: { now: () => new Date(Date.now() + skew) },
    sleep: async (ms) => {
      if (armed) {
        sleeps += 1;
        await gate;
      }
      skew += ms;
    },
  });
  try {
    await driveTo(h, CUSTOMER, 'bot');
    const before = h.texts(CUSTOMER).length;
    armed = true;
    const t0 = Date.now() + skew; // the service's clock

    const early = h.handsets.inboundEvent(CUSTOMER, 'What are your opening hours?', { timestamp: new Date(t0).toISOString() });
    const late = h.handsets.inboundEvent(CUSTOMER, 'Where can I park?', { timestamp: new Date(t0 + 5).toISOString() });
    // SNS delivers the later text first; its worker takes the lease and waits out the window…
    const lateDelivery = h.inboundHandler(late);
    for (let spins = 0; sleeps === 0; spins += 1) {
      if (spins > 100_000) throw new Error('the worker never waited for the reorder window');
      await new Promise((resolve) => setImmediate(resolve));
    }
    // …the earlier text arrives, finds the lease taken and leaves it to that worker.
    const earlyResult = await h.inboundHandler(early);
    assert.is(drained(earlyResult[0]).deferred, true);
    openGate();
    const lateResult = await lateDelivery;
    assert.is(drained(lateResult[0]).processed, 2);
    assert.equal(h.texts(CUSTOMER).slice(before), [answer('opening-hours'), answer('parking')]);
  } finally {
    openGate();
    await h.close();
  }
});

test('a text delivered after a newer one was already processed is still processed (nothing lost)', async () => {
  const h = await startHarness();
  try {
    await driveTo(h, CUSTOMER, 'bot');
    const before = h.texts(CUSTOMER).length;
    const t0 = Date.now();
    const early = h.handsets.inboundEvent(CUSTOMER, 'What are your opening hours?', { timestamp: new Date(t0).toISOString() });
    const late = h.handsets.inboundEvent(CUSTOMER, 'Where can I park?', { timestamp: new Date(t0 + 5).toISOString() });
    await h.inboundHandler(late);
    await h.inboundHandler(early);
    assert.equal(h.texts(CUSTOMER).slice(before).sort(), [answer('opening-hours'), answer('parking')].sort());
  } finally {
    await h.close();
  }
});

test('two texts for one number arriving at once: both processed once, in order, no lost update', async () => {
  const h = await startHarness();
  try {
    await driveTo(h, CUSTOMER, 'bot');
    const before = h.texts(CUSTOMER).length;
    const versionBefore = (await h.service.conversations.get(CUSTOMER))?.version as number;
    const t0 = Date.now();
    const a = h.handsets.inboundEvent(CUSTOMER, 'What are your opening hours?', { timestamp: new Date(t0).toISOString() });
    const b = h.handsets.inboundEvent(CUSTOMER, 'How do I reset my password?', { timestamp: new Date(t0 + 1).toISOString() });
    const results = await Promise.all([h.inboundHandler(a), h.inboundHandler(b), h.inboundHandler(structuredClone(a))]);
    const processed = results.reduce((sum, r) => sum + (drained(r[0]).processed ?? 0), 0);
    assert.is(processed, 2);
    assert.equal(h.texts(CUSTOMER).slice(before), [answer('opening-hours'), answer('reset-password')]);
    const conversation = await h.service.conversations.get(CUSTOMER);
    assert.is(conversation?.counters.botAnswered, 2, 'both answers counted: no write lost');
    assert.is(conversation?.version, versionBefore + 2);
  } finally {
    await h.close();
  }
});

test('concurrent conversations: every message relayed once, per-conversation order kept', async () => {
  const h = await startHarness();
  try {
    const numbers = Array.from({ length: 8 }, (_, i) => `+1425555${String(1000 + i).padStart(4, '0')}`);
    const contacts = await Promise.all(numbers.map((n) => driveTo(h, n, 'agent')));
    // Each round, every customer and every agent sends at once (80 deliveries in flight across 8 mailboxes).
    for (let i = 0; i < 5; i += 1) {
      numbers.forEach((n, index) => {
        h.handsets.text(n, `customer ${i}`);
        h.connect.reply(contacts[index] as string, `agent ${i}`);
      });
      await h.settle();
    }
    numbers.forEach((n, index) => {
      const fromAgent = h.texts(n).filter((t) => t.startsWith('Alex: agent '));
      assert.equal(
        fromAgent,
        [0, 1, 2, 3, 4].map((i) => `Alex: agent ${i}`),
      );
      const toAgent = h.connect
        .get(contacts[index] as string)
        ?.transcript.filter((item) => item.ParticipantRole === 'CUSTOMER')
        .map((item) => item.Content);
      assert.equal(
        toAgent?.slice(-5),
        [0, 1, 2, 3, 4].map((i) => `customer ${i}`),
      );
    });
  } finally {
    await h.close();
  }
});

test('unicode and 1,600-character texts: split into valid messages both ways', async () => {
  const h = await startHarness();
  try {
    const contactId = (await driveTo(h, CUSTOMER, 'agent')) as string;
    const before = h.handsets.inbox(CUSTOMER).length;
    const unicode = 'Grüße aus Zürich 👋🏽 — ваш заказ готов. 你好！'.repeat(40).slice(0, 1600);
    h.connect.reply(contactId, unicode);
    await h.settle();
    const parts = h.texts(CUSTOMER).slice(before);
    assert.ok(parts.length >= 2, 'a 1,600-character UCS-2 text needs more than one message of ≤ 10 segments');
    for (const part of parts) {
      const analysis = analyzeText(part);
      assert.is(analysis.encoding, 'UCS-2');
      assert.ok(analysis.segments <= 10);
      assert.not.ok(/[\uD800-\uDBFF]$/u.test(part), 'no message ends inside a surrogate pair');
    }
    assert.is(parts.join('').replace(/\s/gu, ''), `Alex: ${unicode}`.replace(/\s/gu, ''));

    const gsm = 'Your balance is {EUR} 120 [due] ~ soon | ok^ '.repeat(40).slice(0, 1600);
    const gsmBefore = h.handsets.inbox(CUSTOMER).length;
    h.connect.reply(contactId, gsm);
    await h.settle();
    const gsmParts = h.texts(CUSTOMER).slice(gsmBefore);
    for (const part of gsmParts) assert.is(analyzeText(part).encoding, 'GSM-7');
    assert.is(gsmParts.join('').replace(/\s/gu, ''), `Alex: ${gsm}`.replace(/\s/gu, ''));

    // And the customer's long unicode text reaches the agent whole.
    h.handsets.text(CUSTOMER, unicode);
    await h.settle();
    assert.is(
      h.connect
        .get(contactId)
        ?.transcript.filter((i) => i.ParticipantRole === 'CUSTOMER')
        .at(-1)?.Content,
      unicode,
    );
  } finally {
    await h.close();
  }
});

test('SMS provider failing: the agent reply is retried and delivered once', async () => {
  const h = await startHarness({ retries: 2 });
  try {
    const contactId = (await driveTo(h, CUSTOMER, 'agent')) as string;
    h.handsets.failNextSends(2);
    h.connect.reply(contactId, 'Your refund is on its way.');
    await h.settle();
    assert.is(h.texts(CUSTOMER).filter((t) => t === 'Alex: Your refund is on its way.').length, 1);
    assert.is(h.stream.deadLetters.length, 0);
  } finally {
    await h.close();
  }
});

test('Connect failing on YES: consent kept, retried until the chat starts, nothing lost', async () => {
  const h = await startHarness({ retries: 2 });
  try {
    await driveTo(h, CUSTOMER, 'offered');
    h.connect.failNext('startChat', 2);
    h.handsets.text(CUSTOMER, 'YES');
    await h.settle();
    const conversation = await h.service.conversations.get(CUSTOMER);
    assert.is(conversation?.state, 'bot');
    assert.is(h.connect.list().length, 1, 'one chat only, despite retries');
    assert.is(h.texts(CUSTOMER).filter((t) => t === DEFAULT_TEXTS.welcome).length, 1);
  } finally {
    await h.close();
  }
});

test('Connect down for longer than every retry: the stuck text is redriven by the sweeper, then the customer is told', async () => {
  let now = Date.parse('2026-11-21T09:00:00.000Z');
  const h = await startHarness({ retries: 0, clock: { now: () => new Date(now) }, options: { maxAttempts: 2 } });
  try {
    await driveTo(h, CUSTOMER, 'queued');
    h.connect.failNext('sendMessage', 100);
    h.handsets.text(CUSTOMER, 'Please call me back tomorrow');
    h.handsets.text(CUSTOMER, 'after 5pm');
    await h.settle();
    assert.ok(h.inbound.deadLetters.length >= 1, 'the delivery that processed the first text failed');
    assert.is((await h.service.mailbox.pending(CUSTOMER)).length, 2, 'both texts are kept (the second waits behind the first)');
    // The sweeper finds the stale mailbox and redrives it; attempts run out for the first text only.
    now += 90_000; // past the 60 s lease: the mailbox counts as stale
    let swept = await h.service.deflection.sweep();
    assert.is(swept.failures, 1);
    h.connect.failNext('sendMessage', 0);
    now += 90_000; // past the 60 s lease: the mailbox counts as stale
    swept = await h.service.deflection.sweep();
    assert.is(swept.failures, 0);
    assert.is(swept.redriven, 2);
    assert.is(h.texts(CUSTOMER).at(-1), DEFAULT_TEXTS.undeliverable);
    // The next text, queued behind it, went through once Connect was back.
    const contactId = (await h.service.conversations.get(CUSTOMER))?.contactId as string;
    assert.is(
      h.connect
        .get(contactId)
        ?.transcript.filter((i) => i.ParticipantRole === 'CUSTOMER')
        .at(-1)?.Content,
      'after 5pm',
    );
  } finally {
    await h.close();
  }
});

test("a lease held by another worker defers processing; a dead holder's lease expires and the message is processed once", async () => {
  let now = Date.parse('2026-11-21T09:00:00.000Z');
  const h = await startHarness({ clock: { now: () => new Date(now) } });
  try {
    await driveTo(h, CUSTOMER, 'bot');
    const before = h.texts(CUSTOMER).length;
    // Another (crashed) worker holds the number's lease for 60 s.
    assert.ok(await h.service.mailbox.acquireLease(CUSTOMER, 'crashed-worker', new Date(now), new Date(now + 60_000)));
    const result = await h.inboundHandler(h.handsets.inboundEvent(CUSTOMER, 'Where can I park?', { timestamp: new Date(now).toISOString() }));
    assert.is(drained(result[0]).deferred, true);
    assert.is(drained(result[0]).processed, 0);
    assert.is(h.texts(CUSTOMER).length, before, 'nothing processed beside the lease holder');
    now += 90_000;
    const swept = await h.service.deflection.sweep();
    assert.is(swept.redriven, 1);
    assert.is(h.texts(CUSTOMER).filter((t) => t === answer('parking')).length, 1);
    // A message another worker already completed is never processed again.
    const [done] = await h.service.mailbox.pending(CUSTOMER);
    assert.is(done, undefined);
    await h.service.mailbox.enqueue(CUSTOMER, {
      messageId: 'sms#x',
      orderKey: `${new Date(now).toISOString()}#sms#x`,
      enqueuedAt: new Date(now).toISOString(),
      payload: { kind: 'inbound-sms', body: 'hi', inboundMessageId: 'x', destinationNumber: '+12125550101' },
    });
    await h.service.mailbox.complete(CUSTOMER, 'sms#x', 'done elsewhere');
    assert.is(await h.service.mailbox.recordAttempt(CUSTOMER, 'sms#x'), undefined);
  } finally {
    await h.close();
  }
});

test('SMS provider down for good: after the last attempt the agent is told in the chat', async () => {
  let now = Date.parse('2026-11-21T09:00:00.000Z');
  const h = await startHarness({ retries: 0, clock: { now: () => new Date(now) }, options: { maxAttempts: 2 } });
  try {
    const contactId = (await driveTo(h, CUSTOMER, 'agent')) as string;
    h.handsets.failNextSends(1000);
    h.connect.reply(contactId, 'Your ticket number is 4711.');
    await h.settle();
    now += 90_000; // past the 60 s lease: the mailbox counts as stale
    await h.service.deflection.sweep();
    now += 90_000; // past the 60 s lease: the mailbox counts as stale
    await h.service.deflection.sweep();
    const notes = h.connect
      .get(contactId)
      ?.transcript.filter((i) => i.ParticipantRole === 'CUSTOMER')
      .map((i) => i.Content);
    assert.ok(notes?.includes('[SMS] This reply could not be delivered to the customer: "Your ticket number is 4711."'));
    assert.is((await h.service.mailbox.pending(CUSTOMER)).length, 0);
  } finally {
    h.handsets.failNextSends(0);
    await h.close();
  }
});

test.run();
