/**
 * The topic rules on the local broker: `devices/+/errors` → the error handler's path, one message at a time;
 * `devices/+/telemetry` → batched like the SQS event source mapping (up to `batchSize` messages or `batchWindowMs`),
 * then the telemetry path. Messages are turned into the same rule event the AWS SQL produces (device id from the
 * topic, receive time, base64 payload). Processing is serialised, as one Lambda consumer per batch would see it.
 */
import type { Aedes, AedesPublishPacket } from 'aedes';
import {
  ingestError,
  ingestTelemetryBatch,
  type InboundMessage,
  type IntakeDependencies,
  type TelemetryBatchResult,
} from '../../application/intake.ts';
import type { FaultOutcome } from '../../application/triage-engine.ts';
import { inboundMessage, topicRuleEvent } from '../topic-rule.ts';
import { parseTopic } from '../../domain/messages.ts';

export interface TopicRouterOptions {
  broker: Aedes;
  intake: IntakeDependencies;
  batchSize?: number;
  batchWindowMs?: number;
  clock?: () => number;
  onError?: (error: unknown, what: string) => void;
  onErrorMessage?: (result: { outcome?: FaultOutcome; rejected?: { deviceId: string; reason: string } }, message: InboundMessage) => void;
  onTelemetryBatch?: (result: TelemetryBatchResult) => void;
}

export interface TopicRouterStats {
  errorsReceived: number;
  telemetryReceived: number;
  telemetryProcessed: number;
  rejected: number;
  stale: number;
  batches: number;
  failures: number;
}

export class TopicRouter {
  readonly stats: TopicRouterStats = {
    errorsReceived: 0,
    telemetryReceived: 0,
    telemetryProcessed: 0,
    rejected: 0,
    stale: 0,
    batches: 0,
    failures: 0,
  };
  private pending: InboundMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private readonly deliverErrors = (packet: AedesPublishPacket, callback: () => void) => {
    callback();
    const topic = parseTopic(packet.topic);
    if (topic?.kind !== 'errors') return;
    this.stats.errorsReceived += 1;
    const message = inboundMessage(topicRuleEvent(topic.deviceId, packet.payload as Buffer, this.clock()));
    this.enqueue(async () => {
      const result = await ingestError(this.options.intake, message);
      if (result.rejected) this.stats.rejected += 1;
      this.options.onErrorMessage?.(result, message);
    }, 'error message');
  };
  private readonly deliverTelemetry = (packet: AedesPublishPacket, callback: () => void) => {
    callback();
    const topic = parseTopic(packet.topic);
    if (topic?.kind !== 'telemetry') return;
    this.stats.telemetryReceived += 1;
    this.pending.push(inboundMessage(topicRuleEvent(topic.deviceId, packet.payload as Buffer, this.clock())));
    if (this.pending.length >= (this.options.batchSize ?? 100)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.batchWindowMs ?? 1000);
  };

  constructor(private readonly options: TopicRouterOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.options.broker.subscribe('devices/+/errors', this.deliverErrors, resolve));
    await new Promise<void>((resolve) => this.options.broker.subscribe('devices/+/telemetry', this.deliverTelemetry, resolve));
  }

  private enqueue(work: () => Promise<void>, what: string) {
    this.chain = this.chain.then(work).catch((error) => {
      this.stats.failures += 1;
      this.options.onError?.(error, what);
    });
  }

  /** Sends what is buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.enqueue(async () => {
      const result = await ingestTelemetryBatch(this.options.intake, batch);
      this.stats.batches += 1;
      this.stats.telemetryProcessed += result.accepted;
      this.stats.rejected += result.rejected.length;
      this.stats.stale += result.stale;
      this.options.onTelemetryBatch?.(result);
    }, 'telemetry batch');
  }

  /** Waits until everything received so far is processed. */
  async drain(): Promise<void> {
    this.flush();
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.options.broker.unsubscribe('devices/+/errors', this.deliverErrors, resolve));
    await new Promise<void>((resolve) => this.options.broker.unsubscribe('devices/+/telemetry', this.deliverTelemetry, resolve));
    await this.drain();
  }
}
