/**
 * Amazon Connect Participant Service (`connectparticipant`, REST JSON): the customer's side of the chat.
 * CONNECTION_CREDENTIALS only — no websocket: agent messages arrive through the streaming SNS topic.
 * These APIs authenticate with the participant/connection token (`X-Amz-Bearer`), not SigV4.
 */
import { ChatEndedError } from '../../domain/ports.ts';
import { AwsRequestError, type AwsHttpClient, type AwsHttpRequest } from '@switchboard/shared/aws-http';

/** Connect chat messages are at most 1,024 characters for text/plain. */
export const CHAT_MESSAGE_MAX_LENGTH = 1024;

export class ConnectParticipantSide {
  /** `client` is built with `signingName: 'none'`. */
  constructor(private readonly client: AwsHttpClient) {}

  /**
   * Connect answers 403 AccessDeniedException for a participant or connection token whose chat has ended or
   * expired (and 404 for a contact it no longer knows): that is ChatEndedError on the port, not a failure to retry.
   */
  private async call<T>(request: AwsHttpRequest): Promise<T> {
    try {
      return await this.client.request<T>(request);
    } catch (error) {
      if (error instanceof AwsRequestError && (error.code === 'AccessDeniedException' || error.code === 'ResourceNotFoundException')) {
        throw new ChatEndedError(error.message);
      }
      throw error;
    }
  }

  async createConnection(participantToken: string): Promise<{ connectionToken: string; expiresAt: string }> {
    const result = await this.call<{ ConnectionCredentials?: { ConnectionToken?: string; Expiry?: string } }>({
      method: 'POST',
      path: '/participant/connection',
      headers: { 'x-amz-bearer': participantToken },
      body: { Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true },
    });
    const credentials = result.ConnectionCredentials;
    if (!credentials?.ConnectionToken) throw new Error('CreateParticipantConnection returned no connection token');
    return { connectionToken: credentials.ConnectionToken, expiresAt: credentials.Expiry ?? new Date(Date.now() + 3_600_000).toISOString() };
  }

  async sendMessage(input: { connectionToken: string; text: string; clientToken: string }): Promise<void> {
    await this.call({
      method: 'POST',
      path: '/participant/message',
      headers: { 'x-amz-bearer': input.connectionToken },
      body: {
        ContentType: 'text/plain',
        // A longer SMS conversation line is cut, not lost (the transcript keeps it whole).
        Content: input.text.length > CHAT_MESSAGE_MAX_LENGTH ? `${input.text.slice(0, CHAT_MESSAGE_MAX_LENGTH - 1)}…` : input.text,
        ClientToken: input.clientToken.slice(0, 500),
      },
    });
  }

  async disconnect(input: { connectionToken: string; clientToken: string }): Promise<void> {
    await this.call({
      method: 'POST',
      path: '/participant/disconnect',
      headers: { 'x-amz-bearer': input.connectionToken },
      body: { ClientToken: input.clientToken.slice(0, 500) },
    });
  }
}
