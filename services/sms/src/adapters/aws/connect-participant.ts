/**
 * Amazon Connect Participant Service (`connectparticipant`): the customer's side of the chat.
 * CONNECTION_CREDENTIALS only — no websocket: agent messages arrive through the streaming SNS topic.
 * These APIs authenticate with the participant/connection token, not SigV4.
 */
import {
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';

export class ConnectParticipantSide {
  constructor(private readonly client: ConnectParticipantClient) {}

  async createConnection(participantToken: string): Promise<{ connectionToken: string; expiresAt: string }> {
    const result = await this.client.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }),
    );
    const credentials = result.ConnectionCredentials;
    if (!credentials?.ConnectionToken) throw new Error('CreateParticipantConnection returned no connection token');
    return { connectionToken: credentials.ConnectionToken, expiresAt: credentials.Expiry ?? new Date(Date.now() + 3_600_000).toISOString() };
  }

  async sendMessage(input: { connectionToken: string; text: string; clientToken: string }): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        ConnectionToken: input.connectionToken,
        ContentType: 'text/plain',
        // Connect chat messages are at most 1,024 characters for text/plain; a longer SMS is cut, not lost.
        Content: input.text.length > 1024 ? `${input.text.slice(0, 1023)}…` : input.text,
        ClientToken: input.clientToken.slice(0, 500),
      }),
    );
  }

  async disconnect(input: { connectionToken: string; clientToken: string }): Promise<void> {
    await this.client.send(new DisconnectParticipantCommand({ ConnectionToken: input.connectionToken, ClientToken: input.clientToken }));
  }
}
