import type { SendRateLimiter } from '../../domain/ports.ts';

/**
 * Token bucket in segments per second, in memory (one process: the local stage, tests). Waiters are served in
 * arrival order (a promise chain), so a burst of concurrent sends is paced rather than all taking the same token.
 * In AWS the bucket is shared by every function instance (adapters/aws/dynamodb-send-rate-limiter.ts).
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
