/**
 * How the local stage stands in for "SNS topic → Lambda subscription": a real-shaped SNS event per message,
 * delivered asynchronously (never inside the publisher's call stack), retried like Lambda's asynchronous
 * invocation (2 retries by default, with back-off), and kept in a dead-letter list when every attempt failed.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent, SNSMessageAttributes } from 'aws-lambda';

export function snsEvent(input: {
  topicArn: string;
  message: string;
  timestamp?: string;
  attributes?: Record<string, string>;
  messageId?: string;
}): SNSEvent {
  const attributes: SNSMessageAttributes = {};
  for (const [name, value] of Object.entries(input.attributes ?? {})) attributes[name] = { Type: 'String', Value: value };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${input.topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: input.messageId ?? randomUUID(),
          TopicArn: input.topicArn,
          Subject: '',
          Message: input.message,
          Timestamp: input.timestamp ?? new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: attributes,
        },
      },
    ],
  };
}

export interface SnsDeliveryOptions {
  /** Retries after the first attempt (Lambda asynchronous invocation: 2). */
  retries?: number;
  /** Delay before retry n is retryDelayMs * 2^(n-1). @default 100 */
  retryDelayMs?: number;
  onError?: (error: unknown, attempt: number) => void;
}

export class SnsDelivery {
  private readonly inFlight = new Set<Promise<void>>();
  readonly deadLetters: { event: SNSEvent; error: string }[] = [];

  constructor(
    private readonly handler: (event: SNSEvent) => Promise<unknown>,
    private readonly options: SnsDeliveryOptions = {},
  ) {}

  publish(event: SNSEvent): void {
    const delivery = this.deliver(event).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Deliveries (with their retries) not finished yet. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is in flight (including retries and what deliveries published in turn). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(event: SNSEvent): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const retries = this.options.retries ?? 2;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.handler(structuredClone(event));
        return;
      } catch (error) {
        this.options.onError?.(error, attempt);
        if (attempt > retries) {
          this.deadLetters.push({ event, error: error instanceof Error ? error.message : String(error) });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 100) * 2 ** (attempt - 1)));
      }
    }
  }
}
