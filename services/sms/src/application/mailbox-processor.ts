/**
 * The per-number mailbox, processed under the number's lease: every message for one phone number — texts from the
 * handset and items from the Connect chat stream — in timestamp order, once, by one worker at a time.
 *
 * A message whose processing fails stays pending (the Lambda fails, SNS/Lambda retry, the sweeper redrives stale
 * mailboxes); after `maxAttempts` the sender is told it could not be delivered and the mailbox moves on. The lease
 * outlasts the functions' timeout and is renewed at half-life, so it only expires when its holder is gone; a worker
 * that lost it stops at once, and a message another worker completed is never attempted again.
 */
import { ripeItems } from '../domain/conversation-rules.ts';
import type { Clock, Log, Mailbox, MailboxItem } from '../domain/ports.ts';
import { errorText } from './conversation-kit.ts';

export interface DrainResult {
  phoneNumber: string;
  processed: number;
  /** Another worker holds the number's lease; it will process what was enqueued. */
  deferred: boolean;
}

export interface MailboxHandlers {
  /** Carries out one message; returns its outcome (stored on the message). Throws to leave it pending. */
  process(phoneNumber: string, item: MailboxItem): Promise<string>;
  /** After the last attempt failed: tell the sender; returns the outcome. */
  giveUp(phoneNumber: string, item: MailboxItem): Promise<string>;
}

export interface MailboxProcessorOptions {
  maxAttempts: number;
  leaseSeconds: number;
  reorderWindowMs: number;
}

export class MailboxProcessor {
  constructor(
    private readonly deps: { mailbox: Mailbox; clock: Clock; newId: () => string; sleep: (ms: number) => Promise<void>; log: Log },
    private readonly handlers: MailboxHandlers,
    private readonly options: MailboxProcessorOptions,
  ) {}

  /**
   * Processes a number's pending messages under its lease. After releasing, looks again: a message enqueued while we
   * held the lease was left to us by a worker that could not take it.
   */
  async drain(phoneNumber: string): Promise<DrainResult> {
    const holder = this.deps.newId();
    let processed = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const acquired = await this.deps.mailbox.acquireLease(phoneNumber, holder, now, new Date(now.getTime() + this.options.leaseSeconds * 1000));
      if (!acquired) return { phoneNumber, processed, deferred: true };
      try {
        processed += await this.drainHeld(phoneNumber, holder, now.getTime());
      } finally {
        await this.deps.mailbox.releaseLease(phoneNumber, holder);
      }
      if ((await this.deps.mailbox.pending(phoneNumber)).length === 0) return { phoneNumber, processed, deferred: false };
    }
  }

  /** Runs `work` under the number's lease, or returns undefined when another worker holds it. */
  async underLease<T>(phoneNumber: string, work: () => Promise<T>): Promise<T | undefined> {
    const holder = this.deps.newId();
    const now = this.deps.clock.now();
    if (!(await this.deps.mailbox.acquireLease(phoneNumber, holder, now, new Date(now.getTime() + this.options.leaseSeconds * 1000))))
      return undefined;
    try {
      return await work();
    } finally {
      await this.deps.mailbox.releaseLease(phoneNumber, holder);
    }
  }

  private async drainHeld(phoneNumber: string, holder: string, leaseTakenAt: number): Promise<number> {
    let processed = 0;
    const leaseMs = this.options.leaseSeconds * 1000;
    let leaseFrom = leaseTakenAt;
    /** Keeps the lease ours (renewed once half of it has passed); false when it expired and another worker took it. */
    const holdLease = async (): Promise<boolean> => {
      const now = this.deps.clock.now().getTime();
      if (now - leaseFrom < leaseMs / 2) return true;
      const renewed = await this.deps.mailbox.acquireLease(phoneNumber, holder, new Date(now), new Date(now + leaseMs));
      if (renewed) leaseFrom = now;
      return renewed;
    };
    for (;;) {
      if (!(await holdLease())) return processed;
      const items = await this.deps.mailbox.pending(phoneNumber);
      if (items.length === 0) return processed;
      const { ripe, waitMs } = ripeItems(items, this.deps.clock.now().getTime(), this.options.reorderWindowMs);
      if (ripe.length === 0) {
        await this.deps.sleep(waitMs);
        continue;
      }
      for (const item of ripe) {
        if (!(await holdLease())) return processed;
        // Undefined: another worker completed it meanwhile (its lease outlived ours) — never process twice.
        const attempt = await this.deps.mailbox.recordAttempt(phoneNumber, item.messageId);
        if (attempt === undefined) continue;
        let outcome: string;
        if (attempt > this.options.maxAttempts) {
          outcome = await this.handlers.giveUp(phoneNumber, item);
        } else {
          try {
            outcome = await this.handlers.process(phoneNumber, item);
          } catch (error) {
            this.deps.log.warn('mailbox message failed; it stays pending and is retried', {
              messageId: item.messageId,
              attempt,
              error: errorText(error),
            });
            throw error;
          }
        }
        await this.deps.mailbox.complete(phoneNumber, item.messageId, outcome);
        processed += 1;
      }
      // What arrived meanwhile is picked up by drain()'s look after releasing the lease (one query, not two).
      return processed;
    }
  }
}
