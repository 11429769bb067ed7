/**
 * `@switchboard/shared/connect/testing` — real-shaped contact-flow Lambda events for tests and the local
 * stage's Connect stand-ins. Every event has passed `connectEventSchema`. Not for Lambda bundles.
 */
import { randomUUID } from 'node:crypto';
import { connectEventSchema, type ConnectChannel, type ConnectEvent } from '../event-schema';

export interface ConnectFlowEventOptions {
  contactId?: string;
  initialContactId?: string;
  channel?: ConnectChannel;
  /** INBOUND | OUTBOUND | TRANSFER | CALLBACK | API … @default OUTBOUND for VOICE, API otherwise */
  initiationMethod?: string;
  /** User-defined contact attributes ($.Attributes). */
  attributes?: Record<string, string>;
  /** The Invoke AWS Lambda function block's parameters. */
  parameters?: Record<string, string>;
  /** The customer's number (VOICE); omitted → no customer endpoint (null). */
  customerPhoneNumber?: string;
  /** The instance's number the contact uses. */
  systemPhoneNumber?: string;
  instanceArn?: string;
  queue?: { arn: string; name: string };
  languageCode?: string;
}

/** A contact-flow Lambda event as Amazon Connect sends it. */
export function connectFlowEvent(options: ConnectFlowEventOptions = {}): ConnectEvent {
  const contactId = options.contactId ?? randomUUID();
  const channel = options.channel ?? 'VOICE';
  const instanceArn = options.instanceArn ?? 'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000';
  const endpoint = (address: string | undefined) => (address === undefined ? null : { Address: address, Type: 'TELEPHONE_NUMBER' });
  return connectEventSchema.parse({
    Details: {
      ContactData: {
        Attributes: { ...(options.attributes ?? {}) },
        Channel: channel,
        ContactId: contactId,
        CustomerEndpoint: endpoint(options.customerPhoneNumber),
        InitialContactId: options.initialContactId ?? contactId,
        InitiationMethod: options.initiationMethod ?? (channel === 'VOICE' ? 'OUTBOUND' : 'API'),
        InstanceARN: instanceArn,
        LanguageCode: options.languageCode ?? 'en-US',
        Name: 'ContactFlowEvent',
        Queue: options.queue === undefined ? null : { ARN: options.queue.arn, Name: options.queue.name },
        SystemEndpoint: endpoint(options.systemPhoneNumber),
      },
      Parameters: { ...(options.parameters ?? {}) },
    },
    Name: 'ContactFlowEvent',
  });
}
