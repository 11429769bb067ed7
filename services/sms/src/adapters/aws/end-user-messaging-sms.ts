/**
 * SmsProvider on AWS End User Messaging SMS (`pinpoint-sms-voice-v2` SendTextMessage, awsJson 1.0).
 * The origination identity (phone number, pool or sender id ARN) and configuration set come from stack config;
 * the configuration set carries the event destinations and the opt-out list.
 */
import type { SmsProvider } from '../../domain/ports.ts';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

export interface EndUserMessagingOptions {
  originationIdentity: string;
  configurationSetName?: string;
  /** Highest price per message part the account accepts (USD, as a string). */
  maxPrice?: string;
  /** TRANSACTIONAL: conversation replies, delivered with priority over PROMOTIONAL. */
  messageType?: 'TRANSACTIONAL' | 'PROMOTIONAL';
}

export class EndUserMessagingSmsProvider implements SmsProvider {
  constructor(
    private readonly client: AwsHttpClient,
    private readonly options: EndUserMessagingOptions,
  ) {}

  async send(message: { to: string; body: string; from?: string }): Promise<{ messageId: string }> {
    const result = await this.client.target<{ MessageId?: string }>(
      'PinpointSMSVoiceV2.SendTextMessage',
      {
        DestinationPhoneNumber: message.to,
        OriginationIdentity: message.from ?? this.options.originationIdentity,
        MessageBody: message.body,
        MessageType: this.options.messageType ?? 'TRANSACTIONAL',
        ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
        ...(this.options.maxPrice ? { MaxPrice: this.options.maxPrice } : {}),
      },
      '1.0',
    );
    if (!result.MessageId) throw new Error('SendTextMessage returned no MessageId');
    return { messageId: result.MessageId };
  }
}
