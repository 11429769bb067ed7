/**
 * Everything the service texts goes through here: the opt-out list is checked before every send (an opted-out
 * number is never texted again, except the single opt-out confirmation), long texts are split into messages
 * that respect GSM-7/UCS-2 segment limits, and sends are paced by a segment-per-second rate limit (the
 * origination identity's MPS in End User Messaging).
 */
import type { OptOutRepository, SendRateLimiter, SmsProvider } from './ports.ts';
import { analyzeText, splitIntoMessages, type SplitOptions } from './segmentation.ts';

/**
 * Token bucket in segments per second, in memory (one process: the local stage, tests). Waiters are served in
 * arrival order (a promise chain), so a burst of concurrent sends is paced rather than all taking the same token.
 * In AWS the bucket is shared by every function instance (adapters/dynamodb/send-rate-limiter.ts).
 */
export class SegmentRateLimiter implements SendRateLimiter {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly nowMs: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError('rate limit must be positive (burst ≥ 1)');
    this.tokens = burst;
    this.last = nowMs();
  }

  /** Waits until `segments` tokens are available and takes them. */
  take(segments: number): Promise<void> {
    const need = Math.min(Math.max(segments, 1), this.burst);
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = this.nowMs();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
        this.last = now;
        if (this.tokens >= need) {
          this.tokens -= need;
          return;
        }
        await this.sleep(Math.ceil(((need - this.tokens) / this.perSecond) * 1000));
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

export interface TextResult {
  /** Provider messages sent (a long text becomes several). */
  messages: number;
  segments: number;
  /** True when nothing was sent because the number opted out. */
  suppressed: boolean;
  providerMessageIds: string[];
}

export class CustomerTexter {
  constructor(
    private readonly deps: {
      provider: SmsProvider;
      optOuts: OptOutRepository;
      limiter?: SendRateLimiter;
      split?: SplitOptions;
      /** Origination identity (phone number, pool or sender id); the provider default when omitted. */
      from?: string;
    },
  ) {}

  async text(to: string, body: string, options: { evenIfOptedOut?: boolean } = {}): Promise<TextResult> {
    if (!options.evenIfOptedOut && (await this.deps.optOuts.isOptedOut(to))) {
      return { messages: 0, segments: 0, suppressed: true, providerMessageIds: [] };
    }
    const parts = splitIntoMessages(body, this.deps.split);
    const ids: string[] = [];
    let segments = 0;
    for (const part of parts) {
      const analysis = analyzeText(part);
      await this.deps.limiter?.take(analysis.segments);
      const { messageId } = await this.deps.provider.send({ to, body: part, ...(this.deps.from ? { from: this.deps.from } : {}) });
      ids.push(messageId);
      segments += analysis.segments;
    }
    return { messages: parts.length, segments, suppressed: false, providerMessageIds: ids };
  }
}
