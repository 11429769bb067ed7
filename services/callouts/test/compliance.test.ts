import assert from 'node:assert/strict';
import { test } from 'uvu';
import { decideCompliance, defaultCallingWindow, isWindowOpen, nextWindowOpening } from '../src/domain/compliance.ts';
import { clientTokenFor, decideRetry, defaultRetryPolicy } from '../src/domain/retry-policy.ts';
import { submitJob } from '../src/domain/campaign.ts';
import { simulation } from './support.ts';

const base = { purpose: 'survey' as const, window: defaultCallingWindow, onDoNotCallList: false, recentAttempts: [], maxAttemptsPer24h: 3 };

test("the window is judged in the receiver's zone, across zones and DST", () => {
  const t = new Date('2026-07-01T12:00:00Z'); // 20:00 Hong Kong, 08:00 New York (EDT), 05:00 Los Angeles
  assert.equal(isWindowOpen(t, ['Asia/Hong_Kong'], defaultCallingWindow), true);
  assert.equal(isWindowOpen(t, ['America/New_York'], defaultCallingWindow), true);
  assert.equal(isWindowOpen(t, ['America/Los_Angeles'], defaultCallingWindow), false);
  // In January New York is on EST: the same UTC instant is 07:00 there.
  assert.equal(isWindowOpen(new Date('2026-01-15T12:00:00Z'), ['America/New_York'], defaultCallingWindow), false);
  // End is exclusive: 21:00 local is closed.
  assert.equal(isWindowOpen(new Date('2026-07-01T13:00:00Z'), ['Asia/Hong_Kong'], defaultCallingWindow), false);
});

test('a number whose country spans zones is called only when every zone is open', () => {
  const us = ['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
  // 16:00 UTC in July: 12:00 New York, 09:00 LA, 06:00 Honolulu → closed.
  assert.equal(isWindowOpen(new Date('2026-07-01T16:00:00Z'), us, defaultCallingWindow), false);
  const opening = nextWindowOpening(new Date('2026-07-01T16:00:00Z'), us, defaultCallingWindow);
  // Honolulu (UTC-10) reaches 08:00 at 18:00 UTC.
  assert.equal(opening?.toISOString(), '2026-07-01T18:00:00.000Z');
  // Windows that never overlap have no opening.
  assert.equal(nextWindowOpening(new Date('2026-07-01T00:00:00Z'), ['Asia/Tokyo', 'America/New_York'], { start: '08:00', end: '09:00' }), undefined);
});

test('outside the window a survey is deferred to the opening; an operational call goes now', () => {
  const night = new Date('2026-07-01T15:30:00Z'); // 23:30 Hong Kong
  const survey = decideCompliance({ ...base, now: night, timeZones: ['Asia/Hong_Kong'] });
  assert.deepEqual(survey, { action: 'defer', until: new Date('2026-07-02T00:00:00Z'), reason: 'OutsideWindow' });
  assert.deepEqual(decideCompliance({ ...base, purpose: 'operational', now: night, timeZones: ['Asia/Hong_Kong'] }), { action: 'call' });
});

test('do-not-call wins over everything, operational included', () => {
  const decision = decideCompliance({ ...base, purpose: 'operational', onDoNotCallList: true, now: new Date(), timeZones: ['Asia/Hong_Kong'] });
  assert.equal(decision.action, 'skip');
});

test('at most K attempts per rolling 24 h; the next is allowed when the oldest leaves the window', () => {
  const now = new Date('2026-07-01T04:00:00Z');
  const attempts = [new Date('2026-06-30T05:00:00Z'), new Date('2026-06-30T09:00:00Z'), new Date('2026-07-01T01:00:00Z')];
  const decision = decideCompliance({ ...base, now, timeZones: ['Asia/Hong_Kong'], recentAttempts: attempts });
  assert.equal(decision.action, 'defer');
  assert.equal(decision.action === 'defer' && decision.reason, 'AttemptLimit');
  assert.equal(decision.action === 'defer' && decision.until.getTime(), new Date('2026-07-01T05:00:00Z').getTime() + 1);
  // An attempt older than 24 h no longer counts.
  assert.deepEqual(
    decideCompliance({ ...base, now, timeZones: ['Asia/Hong_Kong'], recentAttempts: attempts.slice(1).concat(new Date('2026-06-29T00:00:00Z')) }),
    { action: 'call' },
  );
});

test('retry by outcome and ClientToken derivation', () => {
  assert.deepEqual(decideRetry('NoAnswer', 1, defaultRetryPolicy), { retry: true, afterMs: 30 * 60_000 });
  assert.deepEqual(decideRetry('Busy', 2, defaultRetryPolicy), { retry: true, afterMs: 10 * 60_000 });
  assert.deepEqual(decideRetry('Busy', 3, defaultRetryPolicy), { retry: false });
  assert.deepEqual(decideRetry('PartiallyCompleted', 1, defaultRetryPolicy), { retry: false });
  const token = clientTokenFor('job', 'r1', 1);
  assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(token, clientTokenFor('job', 'r1', 1));
  assert.notEqual(token, clientTokenFor('job', 'r1', 2));
  assert.notEqual(token, clientTokenFor('job', 'r2', 1));
});

test('receivers in different zones are called at their own local morning, across a night', async () => {
  // 22:00 UTC: 06:00 Hong Kong (closed), 18:00 New York EDT (open), 23:00 London (closed).
  const start = new Date('2026-07-01T22:00:00Z');
  // This stage also calls the UK (the toll-fraud guard's allow-list).
  const sim = simulation({ start, allowedCountries: ['HK', 'US', 'GB'], callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  await submitJob(sim.campaign, {
    taskId: 'zones',
    source: 'api',
    greeting: 'Hi',
    ending: 'Bye',
    questions: [{ row: 1, type: 'Yes/No', template: 'OK?' }],
    receivers: [
      { row: 1, values: { id: 'hk', phone_number: '+85291234567' } },
      { row: 2, values: { id: 'ny', phone_number: '+12125550123', time_zone: 'America/New_York' } },
      { row: 3, values: { id: 'ldn', phone_number: '+442079460000' } },
    ],
  });
  await sim.runner.startJob('zones');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const placed = Object.fromEntries(sim.world.connect.calls.map((c) => [c.receiverId, new Date(c.placedAt).toISOString()]));
  assert.equal(placed.ny, '2026-07-01T22:00:00.000Z');
  assert.equal(placed.hk, '2026-07-02T00:00:00.000Z'); // 08:00 Hong Kong
  assert.equal(placed.ldn, '2026-07-02T07:00:00.000Z'); // 08:00 London (BST)
  for (const id of ['hk', 'ny', 'ldn']) assert.equal((await sim.stores.results.get('zones', id))?.status, 'Completed');
});

test('numbers on the do-not-call list are skipped; "stop calling me" adds the number', async () => {
  const sim = simulation({
    start: new Date('2026-07-01T02:00:00Z'),
    callees: ({ receiverId }) => ({ behaviour: 'answer', utterances: receiverId === 'b' ? ['stop calling me'] : ['Yes', 'Yes'] }),
  });
  await sim.stores.doNotCall.add({ phoneNumber: '+85291234567', reason: 'asked by e-mail', source: 'api', addedAt: '2026-06-01T00:00:00Z' });
  await submitJob(sim.campaign, {
    taskId: 'dnc',
    source: 'api',
    greeting: 'Hi',
    ending: 'Bye',
    questions: [
      { row: 1, type: 'Yes/No', template: 'OK?' },
      { row: 2, type: 'OK', template: 'Say OK' },
    ],
    receivers: [
      { row: 1, values: { id: 'a', phone_number: '+85291234567' } },
      { row: 2, values: { id: 'b', phone_number: '+85261234567' } },
    ],
  });
  await sim.runner.startJob('dnc');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  assert.equal((await sim.stores.results.get('dnc', 'a'))?.status, 'SkippedDoNotCall');
  assert.equal(sim.world.connect.callsTo('a'), 0);
  const b = await sim.stores.results.get('dnc', 'b');
  assert.equal(b?.status, 'PartiallyCompleted');
  assert.match(b?.error ?? '', /not to be called/);
  assert.equal(await sim.stores.doNotCall.has('+85261234567'), true);
  // The ending is still said after an opt-out: nobody is left in silence.
  assert.match(sim.world.connect.calls[0]?.spoken.at(-1) ?? '', /Bye/);
});

test('keypad digits answer by question type: 1 = OK / Yes, 2 = No, 1–5 = A–E; a wrong digit is asked again', async () => {
  const sim = simulation({ start: new Date('2026-07-01T02:00:00Z'), callees: () => ({ behaviour: 'answer', utterances: ['1', '2', '9', '4'] }) });
  await submitJob(sim.campaign, {
    taskId: 'keypad',
    source: 'api',
    greeting: 'Hi',
    ending: 'Bye',
    phonePrefix: '+852',
    questions: [
      { row: 1, type: 'OK', template: 'Press 1 to acknowledge.' },
      { row: 2, type: 'Yes/No', template: 'Press 1 for yes, 2 for no.' },
      { row: 3, type: 'Multiple Choice', template: 'Press 1 to 5.' },
    ],
    receivers: [{ row: 1, values: { id: 'k', phone_number: '91234567' } }],
  });
  await sim.runner.startJob('keypad');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  assert.deepEqual((await sim.stores.results.get('keypad', 'k'))?.answers, ['OK', 'No', 'D']);
});

test.run();
