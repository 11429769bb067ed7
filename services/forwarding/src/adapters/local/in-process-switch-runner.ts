/**
 * The local stand-in of the Step Functions loop that advances product switches: advance → (waiting?) → timer →
 * advance. Same domain function, same journal; the wait is a timer, not a sleeping handler.
 */
import { advanceSwitch, type SwitchEnvironment } from '../../domain/product-switch.ts';
import type { SwitchScheduler } from '../../domain/ports.ts';
import type { ProductSwitch } from '../../domain/product-switch.ts';

export class InProcessSwitchRunner implements SwitchScheduler {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly env: SwitchEnvironment,
    private readonly options: { onError?: (error: unknown, record: ProductSwitch) => void; maxRounds?: number } = {},
  ) {}

  async start(record: ProductSwitch): Promise<void> {
    if (this.running.has(record.id)) return;
    const done = this.loop(record).finally(() => this.running.delete(record.id));
    this.running.set(record.id, done);
  }

  /** Resolves when every switch started so far has stopped advancing (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  private async loop(record: ProductSwitch): Promise<void> {
    const maxRounds = this.options.maxRounds ?? 500;
    for (let round = 0; round < maxRounds && !this.stopped; round++) {
      try {
        const current = await this.env.journal.get(record.phoneNumber);
        if (!current || current.id !== record.id) return;
        const result = await advanceSwitch(record.phoneNumber, this.env);
        if (result.status !== 'waiting') return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(
            () => {
              this.timers.delete(timer);
              resolve();
            },
            (result.retryAfterSeconds ?? 1) * 1000,
          );
          this.timers.set(timer, resolve);
        });
      } catch (error) {
        this.options.onError?.(error, record);
        return;
      }
    }
  }
}
