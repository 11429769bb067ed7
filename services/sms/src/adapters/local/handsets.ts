/**
 * Simulated handsets: the local stand-in for AWS End User Messaging SMS. Sending (the SmsProvider port)
 * delivers to the handset's inbox; a handset "texting" the service becomes the two-way SMS payload End User
 * Messaging publishes to SNS (originationNumber, destinationNumber, messageKeyword, messageBody,
 * inboundMessageId, previousPublishedMessageId), delivered to the real inbound handler.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import type { SmsProvider } from '../../domain/ports.ts';
import { normalizeKeyword } from '../../domain/keywords.ts';
import { snsEvent } from './sns-delivery.ts';

export interface ReceivedText {
  messageId: string;
  from: string;
  body: string;
  at: string;
}

export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

export class SimulatedHandsets implements SmsProvider {
  private readonly inboxes = new Map<string, ReceivedText[]>();
  private lastSentTo = new Map<string, string>();
  /** Last timestamp per handset: texts from one phone get strictly increasing SNS timestamps, as in AWS. */
  private lastTimestamp = new Map<string, number>();
  /** Sends to fail before succeeding again (a provider outage). */
  private failures = 0;
  sent = 0;

  constructor(
    /** The service's origination number (the destination of texts handsets send). */
    readonly serviceNumber: string,
    private readonly topicArn: string,
    /** Where inbound texts go: the SNS subscription of the inbound handler. */
    private readonly publish: (event: SNSEvent) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes the next `count` sends fail like a throttled or unavailable provider. */
  failNextSends(count: number): void {
    this.failures = count;
  }

  async send(message: { to: string; body: string; from?: string }): Promise<{ messageId: string }> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new ProviderUnavailableError('SMS provider unavailable (simulated)');
    }
    if (message.body.length > 1600) throw new Error('MessageBody longer than 1600 characters');
    const messageId = randomUUID();
    const inbox = this.inboxes.get(message.to) ?? [];
    inbox.push({ messageId, from: message.from ?? this.serviceNumber, body: message.body, at: this.now().toISOString() });
    this.inboxes.set(message.to, inbox);
    this.lastSentTo.set(message.to, messageId);
    this.sent += 1;
    return { messageId };
  }

  /** The texts a handset received, oldest first. */
  inbox(phoneNumber: string): ReceivedText[] {
    return [...(this.inboxes.get(phoneNumber) ?? [])];
  }

  clear(phoneNumber: string): void {
    this.inboxes.delete(phoneNumber);
  }

  /** The SNS event End User Messaging would publish for a text from `from` (not yet delivered). */
  inboundEvent(from: string, body: string, options: { inboundMessageId?: string; timestamp?: string } = {}): SNSEvent {
    const payload = {
      originationNumber: from,
      destinationNumber: this.serviceNumber,
      messageKeyword: normalizeKeyword(body).split(' ')[0] ?? '',
      messageBody: body,
      inboundMessageId: options.inboundMessageId ?? randomUUID(),
      previousPublishedMessageId: this.lastSentTo.get(from) ?? '',
    };
    return snsEvent({ topicArn: this.topicArn, message: JSON.stringify(payload), timestamp: options.timestamp ?? this.nextTimestamp(from) });
  }

  private nextTimestamp(from: string): string {
    const at = Math.max(this.now().getTime(), (this.lastTimestamp.get(from) ?? 0) + 1);
    this.lastTimestamp.set(from, at);
    return new Date(at).toISOString();
  }

  /** A handset texts the service; returns the inboundMessageId. */
  text(from: string, body: string, options: { inboundMessageId?: string; timestamp?: string } = {}): string {
    const event = this.inboundEvent(from, body, options);
    this.publish(event);
    return (JSON.parse(event.Records[0]!.Sns.Message) as { inboundMessageId: string }).inboundMessageId;
  }
}
