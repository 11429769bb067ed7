/**
 * Amazon Pinpoint (`pinpoint`): SendMessages as an alternative SmsProvider for accounts that still have a
 * Pinpoint project, and PhoneNumberValidate as the carrier lookup ("can this number receive SMS?").
 * Pinpoint's engagement features ended on 2026-10-30; its SMS sending continues as End User Messaging, so
 * End User Messaging is the default provider and this one is opt-in.
 */
import { PhoneNumberValidateCommand, PinpointClient, SendMessagesCommand } from '@aws-sdk/client-pinpoint';
import type { SmsProvider } from '../../domain/ports.ts';
import type { CarrierLookup } from '../phone-validator.ts';

export class PinpointSmsProvider implements SmsProvider {
  constructor(
    private readonly client: PinpointClient,
    private readonly options: { applicationId: string; originationNumber: string },
  ) {}

  async send(message: { to: string; body: string; from?: string }): Promise<{ messageId: string }> {
    const result = await this.client.send(
      new SendMessagesCommand({
        ApplicationId: this.options.applicationId,
        MessageRequest: {
          Addresses: { [message.to]: { ChannelType: 'SMS' } },
          MessageConfiguration: {
            SMSMessage: { Body: message.body, MessageType: 'TRANSACTIONAL', OriginationNumber: message.from ?? this.options.originationNumber },
          },
        },
      }),
    );
    const outcome = result.MessageResponse?.Result?.[message.to];
    // SendMessages answers 200 with a per-address status: anything but SUCCESSFUL is a failed send.
    if (!outcome || outcome.DeliveryStatus !== 'SUCCESSFUL' || !outcome.MessageId) {
      const error = new Error(`Pinpoint SendMessages: ${outcome?.DeliveryStatus ?? 'no result'} ${outcome?.StatusMessage ?? ''}`.trim());
      // TEMPORARY_FAILURE / THROTTLED are worth retrying; PERMANENT_FAILURE / OPT_OUT are not, but the caller decides.
      error.name = outcome?.DeliveryStatus === 'THROTTLED' ? 'ThrottlingException' : 'PinpointDeliveryError';
      throw error;
    }
    return { messageId: outcome.MessageId };
  }
}

/** Pinpoint phone-number validation: refuses landlines, VoIP numbers that cannot take SMS, and invalid numbers. */
export function pinpointCarrierLookup(client: PinpointClient): CarrierLookup {
  return async (e164) => {
    const result = await client.send(new PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber: e164 } }));
    const type = result.NumberValidateResponse?.PhoneType;
    if (type === 'MOBILE' || type === 'PREPAID' || type === 'VOIP') return { ok: true };
    return { ok: false, reason: `carrier lookup says ${type ?? 'unknown'}: cannot receive SMS` };
  };
}
