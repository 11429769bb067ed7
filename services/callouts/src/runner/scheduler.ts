import type { Clock } from '../domain/ports.ts';

/**
 * Time for the local runner and the Connect stand-in. Two implementations:
 * - `SimulatedScheduler`: discrete-event time. Nothing waits for real; when every pending piece of work is
 *   blocked on a timer, time jumps to the earliest timer. A 16-hour, 10,000-call job runs in seconds.
 *   Only valid when all other awaits settle without real I/O (in-memory stores).
 * - `ScaledScheduler`: real timers, with simulated time running `scale` times faster than the wall clock
 *   (the local stage with DynamoDB on dynalite: real I/O, compressed waits).
 */
export interface Scheduler extends Clock {
  /** Resolves after `ms` of this scheduler's time; rejects with an AbortError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

type Timer = { at: number; seq: number; fire: () => void; cancelled?: boolean };

/** Binary min-heap of timers ordered by time, then by creation (FIFO among equal times: deterministic runs). */
class TimerHeap {
  private readonly items: Timer[] = [];
  get size() {
    return this.items.length;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  push(timer: Timer) {
    const items = this.items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): Timer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && less(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && less(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
const less = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

function abortError(): Error {
  const error = new Error('sleep aborted');
  error.name = 'AbortError';
  return error;
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SimulatedScheduler implements Scheduler {
  private current: number;
  private seq = 0;
  private readonly timers = new TimerHeap();

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        // A cancelled timer must not move simulated time when it comes up.
        timer.cancelled = true;
        reject(abortError());
      };
      const timer: Timer = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Pending timers (cancelled ones included until their time comes). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Runs simulated time until `done()` holds or nothing is left to wait for. Between timer firings it lets
   * every promise continuation run (two macrotask turns), so work triggered at time T completes at time T.
   */
  async run(done: () => boolean, options: { until?: Date } = {}): Promise<void> {
    const limit = options.until?.getTime() ?? Number.POSITIVE_INFINITY;
    for (;;) {
      await macrotask();
      await macrotask();
      if (done()) return;
      while (this.timers.peek()?.cancelled) this.timers.pop();
      let next = this.timers.peek();
      if (!next) {
        // No timer, not done: work may be waiting on real I/O (writing a report through zip streams). Give it
        // real time before concluding that nothing is left to run.
        // Up to ~5 s of real time (a loaded 2-core host can take that long to zip a report).
        for (let spin = 0; spin < 520 && !next && !done(); spin += 1) {
          await new Promise((resolve) => setTimeout(resolve, spin < 20 ? 0 : 10));
          while (this.timers.peek()?.cancelled) this.timers.pop();
          next = this.timers.peek();
        }
        if (done()) return;
      }
      if (!next || next.at > limit) return;
      this.current = Math.max(this.current, next.at);
      // Fire every timer due at this instant before settling again.
      while (this.timers.peek() && this.timers.peek()!.at <= this.current) this.timers.pop()!.fire();
    }
  }
}

export class ScaledScheduler implements Scheduler {
  private readonly startSimulated: number;

  /** `startReal`: the wall-clock instant at which simulated time was `start` (the local stage's clock start). */
  constructor(
    private readonly scale = 1,
    start: Date = new Date(),
    private readonly startReal = Date.now(),
  ) {
    this.startSimulated = start.getTime();
  }

  now(): Date {
    return new Date(this.startSimulated + (Date.now() - this.startReal) * this.scale);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(handle);
        reject(abortError());
      };
      const handle = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms / this.scale),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
