import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { EnvelopeOptions, EventContract, EventEnvelope } from '../contracts/define-event.ts';
import type { BusEvent, EventBus } from './event-bus.ts';
import { matchesPattern, type EventPattern } from './pattern.ts';

export type BusHandler = (event: BusEvent) => Promise<void> | void;

export interface SubscribeOptions {
  /** Shown in logs and dead letters. @default the pattern as JSON */
  name?: string;
  /** Deliveries before the event goes to the dead-letter list, like a target's retry policy. @default 3 */
  maxAttempts?: number;
}

export interface DeadLetter {
  subscription: string;
  event: BusEvent;
  error: string;
  attempts: number;
}

interface Subscription {
  name: string;
  pattern: EventPattern;
  handler: BusHandler;
  maxAttempts: number;
}

export interface LocalBusOptions {
  /** Delay before retry n is `retryDelayMs * 2^(n-1)`. @default 50 */
  retryDelayMs?: number;
  onError?: (subscription: string, event: BusEvent, error: unknown, attempt: number) => void;
  /** Events kept for inspection (`history`). @default 1000 */
  historyLimit?: number;
}

/**
 * The in-process bus of the local stage. Publishing validates like EventBridge does, then delivers asynchronously to
 * every subscription whose pattern matches (EventBridge pattern semantics), with retries and a dead-letter list —
 * so handlers see the same at-least-once, asynchronous delivery they get in AWS.
 */
export class LocalBus implements EventBus {
  private readonly subscriptions = new Set<Subscription>();
  private readonly inFlight = new Set<Promise<void>>();
  readonly deadLetters: DeadLetter[] = [];
  readonly history: BusEvent[] = [];

  constructor(private readonly options: LocalBusOptions = {}) {}

  subscribe(pattern: EventPattern, handler: BusHandler, options: SubscribeOptions = {}): () => void {
    // Fail at subscription time on a pattern EventBridge would reject, not at the first event.
    matchesPattern(pattern, {});
    const subscription: Subscription = {
      name: options.name ?? JSON.stringify(pattern),
      pattern,
      handler,
      maxAttempts: options.maxAttempts ?? 3,
    };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  async publish<S extends z.core.$ZodType>(
    contract: EventContract<S>,
    data: z.input<S>,
    options: EnvelopeOptions,
  ): Promise<EventEnvelope<z.output<S>>> {
    const envelope = contract.envelope(data, options);
    this.put({
      version: '0',
      id: randomUUID(),
      'detail-type': contract.detailType,
      source: contract.source,
      account: '000000000000',
      time: envelope.metadata.occurredAt,
      region: 'local',
      resources: [],
      detail: envelope,
    });
    return envelope;
  }

  /** Puts a raw event on the bus (what `PutEvents` from another system would do). */
  put(event: BusEvent): void {
    this.history.push(event);
    const limit = this.options.historyLimit ?? 1000;
    if (this.history.length > limit) this.history.splice(0, this.history.length - limit);
    for (const subscription of this.subscriptions) {
      if (!matchesPattern(subscription.pattern, event)) continue;
      const delivery = this.deliver(subscription, event).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Resolves when every delivery in flight (including retries and what they publish) has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(subscription: Subscription, event: BusEvent): Promise<void> {
    // Deliver on a later turn, never inside the publisher's call stack.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      try {
        await subscription.handler(structuredClone(event));
        return;
      } catch (error) {
        this.options.onError?.(subscription.name, event, error, attempt);
        if (attempt >= subscription.maxAttempts) {
          this.deadLetters.push({ subscription: subscription.name, event, error: String(error), attempts: attempt });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 50) * 2 ** (attempt - 1)));
      }
    }
  }
}
