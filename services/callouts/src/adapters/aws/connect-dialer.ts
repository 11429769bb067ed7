import { type ConnectClient, StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { DialError, type Dialer, type OutboundCallRequest } from '../../domain/ports.ts';

/**
 * Amazon Connect StartOutboundVoiceContact. The ClientToken makes the call idempotent for 7 days: a retried
 * Lambda or redelivered dial message returns the existing contact instead of calling again.
 */
const notCallable = new Set([
  'DestinationNotAllowedException',
  'InvalidParameterException',
  'InvalidRequestException',
  'OutboundContactNotPermittedException',
]);
const throttled = new Set(['LimitExceededException', 'TooManyRequestsException', 'ThrottlingException', 'ServiceQuotaExceededException']);

export class ConnectDialer implements Dialer {
  constructor(
    private readonly client: ConnectClient,
    private readonly settings: { instanceId: string; contactFlowId: string; sourcePhoneNumber: string },
  ) {}

  async startOutboundVoiceContact(request: OutboundCallRequest): Promise<{ contactId: string }> {
    try {
      const out = await this.client.send(
        new StartOutboundVoiceContactCommand({
          InstanceId: this.settings.instanceId,
          ContactFlowId: this.settings.contactFlowId,
          SourcePhoneNumber: this.settings.sourcePhoneNumber,
          DestinationPhoneNumber: request.destinationPhoneNumber,
          ClientToken: request.clientToken,
          Attributes: { ...request.attributes },
        }),
        { abortSignal: AbortSignal.timeout(10_000) },
      );
      if (!out.ContactId) throw new DialError('failed', 'StartOutboundVoiceContact returned no ContactId');
      return { contactId: out.ContactId };
    } catch (error) {
      if (error instanceof DialError) throw error;
      const name = (error as { name?: string }).name ?? '';
      const message = `${name}: ${(error as Error).message ?? ''}`;
      if (notCallable.has(name)) throw new DialError('not-callable', message);
      if (throttled.has(name)) throw new DialError('throttled', message);
      throw error;
    }
  }
}
