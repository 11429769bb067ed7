import type { Scheduler } from './scheduler.ts';

/**
 * Token bucket pacing StartOutboundVoiceContact to the Connect API limit (default 2 requests/s, burst 5 —
 * the documented default quota). In any interval of length T at most `burst + rate × T` calls pass.
 * Waiters are served in FIFO order so no receiver starves.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly scheduler: Scheduler,
    readonly ratePerSecond: number,
    readonly burst: number,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error('token bucket needs rate > 0 and burst ≥ 1');
    this.tokens = burst;
    this.last = scheduler.now().getTime();
  }

  private refill(): void {
    const now = this.scheduler.now().getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Resolves when a token is taken. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await this.scheduler.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000), signal);
      }
    });
    // The chain continues even if this waiter aborts.
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

/** Checks a series of call times against a token-bucket limit; returns the number of violations. */
export function countRateViolations(times: readonly number[], ratePerSecond: number, burst: number): number {
  // Replays the calls through an ideal bucket: a call that finds less than one token exceeded the limit.
  let tokens = burst;
  let last = times[0] ?? 0;
  let violations = 0;
  for (const at of [...times].sort((a, b) => a - b)) {
    tokens = Math.min(burst, tokens + ((at - last) / 1000) * ratePerSecond);
    last = at;
    // A tiny epsilon absorbs floating-point drift at exact refill boundaries.
    if (tokens >= 1 - 1e-9) tokens -= 1;
    else violations += 1;
  }
  return violations;
}
