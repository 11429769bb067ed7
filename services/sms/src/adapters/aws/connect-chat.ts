/**
 * Amazon Connect (`connect`, REST JSON): StartChatContact with the IVR context as contact attributes, and
 * StartContactStreaming so every chat item goes to the service's SNS topic — no process holds a socket.
 */
import type { ChatStart } from '../../domain/ports.ts';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

export interface ConnectChatOptions {
  instanceId: string;
  /** The chat contact flow (it sets the queue and the disconnect flow). */
  contactFlowId: string;
  /** The SNS topic StartContactStreaming publishes to. */
  streamingTopicArn: string;
  /** Minutes a chat may stay open (Connect: 60–10080). @default 1440 */
  chatDurationInMinutes?: number;
}

export class ConnectContacts {
  constructor(
    private readonly client: AwsHttpClient,
    private readonly options: ConnectChatOptions,
  ) {}

  async startChat(input: { clientToken: string; displayName: string; attributes: Record<string, string> }): Promise<ChatStart> {
    const result = await this.client.request<{ ContactId?: string; ParticipantToken?: string }>({
      method: 'PUT',
      path: '/contact/chat',
      body: {
        InstanceId: this.options.instanceId,
        ContactFlowId: this.options.contactFlowId,
        ParticipantDetails: { DisplayName: input.displayName },
        Attributes: input.attributes,
        ChatDurationInMinutes: this.options.chatDurationInMinutes ?? 1440,
        SupportedMessagingContentTypes: ['text/plain'],
        // Idempotent for 7 days: a retried opt-in does not open a second chat.
        ClientToken: input.clientToken,
      },
    });
    if (!result.ContactId || !result.ParticipantToken) throw new Error('StartChatContact returned no ContactId/ParticipantToken');
    return { contactId: result.ContactId, participantToken: result.ParticipantToken };
  }

  async startStreaming(input: { contactId: string; clientToken: string }): Promise<void> {
    await this.client.request({
      method: 'POST',
      path: '/contact/start-streaming',
      body: {
        InstanceId: this.options.instanceId,
        ContactId: input.contactId,
        ChatStreamingConfiguration: { StreamingEndpointArn: this.options.streamingTopicArn },
        ClientToken: input.clientToken,
      },
    });
  }
}
