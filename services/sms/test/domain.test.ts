import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyInbound, normalizeKeyword } from '../src/domain/keywords.ts';
import { analyzeText, encodingOf, splitIntoMessages, splitIntoSegments } from '../src/domain/segmentation.ts';
import { canTransition, InvalidTransitionError, isIdle, newConversation, transition, CONVERSATION_STATES } from '../src/domain/conversation.ts';
import { interpretChatItem } from '../src/domain/stream-events.ts';
import { SegmentRateLimiter } from '../src/adapters/local/segment-rate-limiter.ts';

test('opt-out keywords in any case, spacing, punctuation and width; only whole messages', () => {
  for (const body of [
    'STOP',
    'stop',
    'Stop.',
    '  unsubscribe!!',
    'CANCEL',
    'end',
    'Quit',
    '"stop"',
    'ＳＴＯＰ',
    'stop 🙏',
    'StopAll',
    'opt-out'.replace('-', ''),
  ]) {
    assert.is(classifyInbound(body).kind, 'stop', body);
  }
  for (const body of ["don't stop", 'stop it please', 'the end is near', 'stopped', 'quitting']) {
    assert.is(classifyInbound(body).kind, 'text', body);
  }
  assert.is(classifyInbound('help').kind, 'help');
  assert.is(classifyInbound('Yes!').kind, 'yes');
  assert.is(classifyInbound('y').kind, 'yes');
  assert.is(classifyInbound('agent').kind, 'agent');
  assert.is(classifyInbound('Human please', { agentKeywords: ['human please', 'operator'] }).kind, 'agent');
  assert.is(classifyInbound('agent', { agentKeywords: ['operator'] }).kind, 'text');
  assert.is(classifyInbound('START').kind, 'start');
  // Turkish dotless/dotted i must not break "QUIT" under a Turkish default locale.
  assert.is(normalizeKeyword('quit'), 'QUIT');
});

test('GSM-7 vs UCS-2, extension characters count twice, segment limits 160/153 and 70/67', () => {
  assert.is(encodingOf('Hello @ £ € {}'), 'GSM-7');
  assert.is(encodingOf('Hello 👋'), 'UCS-2');
  assert.is(encodingOf('ç'), 'UCS-2', 'only capital Ç is in the GSM default alphabet');
  assert.equal(analyzeText('a'.repeat(160)), { encoding: 'GSM-7', units: 160, segments: 1 });
  assert.equal(analyzeText('a'.repeat(161)), { encoding: 'GSM-7', units: 161, segments: 2 });
  assert.equal(analyzeText('€'.repeat(80)), { encoding: 'GSM-7', units: 160, segments: 1 });
  assert.equal(analyzeText('€'.repeat(81)), { encoding: 'GSM-7', units: 162, segments: 2 });
  assert.equal(analyzeText('ж'.repeat(70)), { encoding: 'UCS-2', units: 70, segments: 1 });
  assert.equal(analyzeText('ж'.repeat(71)), { encoding: 'UCS-2', units: 71, segments: 2 });
  assert.equal(analyzeText('a'.repeat(153 * 3)).segments, 3);
  // An escape pair never straddles a boundary: 152 'a' + '€' needs the € in segment 2.
  const { segments } = splitIntoSegments(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
  assert.is(segments[0], 'a'.repeat(152));
  assert.ok(segments[1]?.startsWith('€'));
  // A surrogate pair never straddles a boundary: 66 units then an emoji.
  const emoji = splitIntoSegments(`${'ж'.repeat(66)}😀${'ж'.repeat(10)}`).segments;
  assert.is(emoji[0], 'ж'.repeat(66));
  assert.ok(emoji[1]?.startsWith('😀'));
  assert.equal(splitIntoSegments(''), { encoding: 'GSM-7', segments: [] });
});

test('long texts split into messages within the segment limit, at word boundaries, losing nothing', () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  const messages = splitIntoMessages(words, { maxSegmentsPerMessage: 3 });
  for (const message of messages) assert.ok(analyzeText(message).segments <= 3);
  assert.is(messages.join(' '), words);
  for (const message of messages) assert.ok(/^word\d+$/u.test(message.split(' ').at(-1) ?? ''), 'no word is cut');
  const unicode = '😀'.repeat(1000);
  const parts = splitIntoMessages(unicode, { maxSegmentsPerMessage: 10 });
  assert.is(parts.join(''), unicode);
  for (const part of parts) assert.ok(analyzeText(part).segments <= 10 && part.length <= 1600);
  assert.equal(splitIntoMessages('   '), []);
  assert.equal(splitIntoMessages('short'), ['short']);
  assert.throws(
    () => splitIntoMessages('x', { maxSegmentsPerMessage: 0 }),
    (e: unknown) => e instanceof RangeError,
  );
});

test('the state machine allows only its transitions, stamps times and detects idleness', () => {
  const now = new Date('2026-11-21T09:00:00.000Z');
  const offered = newConversation({ conversationId: 'c1', phoneNumber: '+14255550182', context: { correlationId: 'x', attributes: {} }, now });
  assert.is(offered.state, 'offered');
  assert.throws(
    () => transition(offered, 'agent', now),
    (e: unknown) => e instanceof InvalidTransitionError,
  );
  assert.throws(
    () => transition(offered, 'bot', now),
    (e: unknown) => e instanceof InvalidTransitionError,
  );
  const optedIn = transition(offered, 'opted-in', new Date(now.getTime() + 1000));
  assert.is(optedIn.optedInAt, '2026-11-21T09:00:01.000Z');
  const bot = transition(optedIn, 'bot', now);
  const queued = transition(bot, 'queued', now);
  assert.ok(queued.escalatedAt);
  const agent = transition(queued, 'agent', now);
  const ended = transition(agent, 'ended', now, { endReason: 'agent-left' });
  assert.is(ended.endedAt, now.toISOString());
  for (const state of CONVERSATION_STATES) assert.not.ok(canTransition('ended', state));
  assert.not.ok(canTransition('agent', 'queued'));
  const policy = { offerSeconds: 3600, conversationSeconds: 600 };
  assert.not.ok(isIdle(bot, new Date(now.getTime() + 599_000), policy));
  assert.ok(isIdle(bot, new Date(now.getTime() + 600_000), policy));
  assert.not.ok(isIdle(offered, new Date(now.getTime() + 600_000), policy), 'an offer waits longer');
  assert.not.ok(isIdle(ended, new Date(now.getTime() + 10 ** 9), policy));
});

test('chat stream items: only AGENT/SYSTEM messages the customer may see are relayed', () => {
  const base = { Id: '1', AbsoluteTime: '2026-11-21T09:00:00.000Z', ContactId: 'c' };
  assert.equal(interpretChatItem({ ...base, Type: 'MESSAGE', ParticipantRole: 'AGENT', Content: 'Hi', DisplayName: 'Alex' }, 'ALL'), {
    kind: 'message',
    role: 'AGENT',
    text: 'Hi',
    displayName: 'Alex',
  });
  assert.is(interpretChatItem({ ...base, Type: 'MESSAGE', ParticipantRole: 'AGENT', Content: 'note' }, 'AGENT').kind, 'ignored');
  assert.is(interpretChatItem({ ...base, Type: 'MESSAGE', ParticipantRole: 'CUSTOMER', Content: 'echo' }, 'ALL').kind, 'ignored');
  assert.is(interpretChatItem({ ...base, Type: 'MESSAGE', ParticipantRole: 'SYSTEM', Content: 'In queue' }, 'CUSTOMER').kind, 'message');
  assert.is(
    interpretChatItem(
      { ...base, Type: 'EVENT', ParticipantRole: 'AGENT', ContentType: 'application/vnd.amazonaws.connect.event.participant.joined' },
      'ALL',
    ).kind,
    'agent-joined',
  );
  assert.is(
    interpretChatItem({ ...base, Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.chat.ended' }, 'ALL').kind,
    'chat-ended',
  );
  assert.is(
    interpretChatItem({ ...base, Type: 'EVENT', ParticipantRole: 'CUSTOMER', ContentType: 'application/vnd.amazonaws.connect.event.typing' }, 'ALL')
      .kind,
    'ignored',
  );
});

test('the segment rate limiter paces sends with an injected clock', async () => {
  let now = 0;
  const waits: number[] = [];
  const limiter = new SegmentRateLimiter(
    2,
    2,
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  await limiter.take(1);
  await limiter.take(1);
  assert.equal(waits, [], 'the burst is free');
  await limiter.take(1);
  assert.equal(waits, [500], 'one segment at 2/s waits 500 ms');
  await Promise.all([limiter.take(2), limiter.take(2)]);
  assert.is(now, 500 + 1000 + 1000, 'concurrent takers queue behind each other');
  assert.throws(
    () =>
      new SegmentRateLimiter(
        0,
        1,
        () => 0,
        async () => undefined,
      ),
    (e: unknown) => e instanceof RangeError,
  );
});

test.run();
