import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { CompletionNotifier } from '../../domain/ports.ts';

/** The job-completion topic (e-mail subscribers get the report link, as in the seed). */
export class SnsCompletionNotifier implements CompletionNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}
  async notify(subject: string, message: Record<string, unknown>) {
    // SNS subjects: ASCII, ≤ 100 characters.
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject.replace(/[^\x20-\x7e]/g, '').slice(0, 100),
        Message: JSON.stringify(message, null, 2),
      }),
    );
  }
}
