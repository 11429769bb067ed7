/**
 * The scheduled sweep (every minute): ends idle conversations and expired offers — under the number's lease, so it
 * never races a message being processed — and redrives mailboxes whose messages keep failing.
 */
import { isIdle } from '../domain/conversation.ts';
import { fill } from '../domain/texts.ts';
import { errorText, type SmsContext } from './conversation-kit.ts';
import type { ConversationEnding } from './conversation-ending.ts';
import type { MailboxProcessor } from './mailbox-processor.ts';

export interface SweepResult {
  ended: number;
  redriven: number;
  failures: number;
}

export async function sweep(
  context: SmsContext,
  parts: { ending: ConversationEnding; mailbox: MailboxProcessor },
  limit = 100,
): Promise<SweepResult> {
  const { deps, options } = context;
  const now = deps.clock.now();
  const policy = options.idle;
  const horizon = new Date(now.getTime() - Math.min(policy.offerSeconds, policy.conversationSeconds) * 1000);
  let ended = 0;
  let failures = 0;
  for (const candidate of await deps.conversations.listOpenInactiveSince(horizon, limit)) {
    if (!isIdle(candidate, now, policy)) continue;
    try {
      const done = await parts.mailbox.underLease(candidate.phoneNumber, async () => {
        const current = await deps.conversations.get(candidate.phoneNumber);
        if (!current || !isIdle(current, now, policy)) return false;
        const offerOnly = current.state === 'offered';
        await parts.ending.end(current, offerOnly ? 'offer-expired' : 'idle', {
          // Nobody who never said YES gets another text.
          text: offerOnly ? undefined : fill(options.texts.idleClosing, { minutes: String(Math.round(policy.conversationSeconds / 60)) }),
          disconnect: true,
        });
        return true;
      });
      if (done) ended += 1;
    } catch (error) {
      failures += 1;
      deps.log.error('idle conversation could not be ended', { conversationId: candidate.conversationId, error: errorText(error) });
    }
  }
  let redriven = 0;
  for (const phoneNumber of await deps.mailbox.stalePhoneNumbers(new Date(now.getTime() - options.leaseSeconds * 1000), limit)) {
    try {
      redriven += (await parts.mailbox.drain(phoneNumber)).processed;
    } catch (error) {
      failures += 1;
      deps.log.warn('stale mailbox still failing', { error: errorText(error) });
    }
  }
  return { ended, redriven, failures };
}
