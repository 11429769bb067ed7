import * as z from 'zod';

/**
 * Zod schema of the event an Amazon Connect flow sends to a Lambda ("Invoke AWS Lambda function" block).
 * Source: Amazon Connect administrator guide, "Grant Amazon Connect access to your AWS Lambda functions"
 * → "Invoke a Lambda function from a flow" (the JSON request example); field names verbatim.
 *
 * Loose objects throughout (Connect adds ContactData fields over time: Tags, SegmentAttributes,
 * MediaStreams…); strict on what a handler relies on: the contact id, the channel, attributes and
 * parameters as string maps.
 */

export const connectEndpointSchema = z.looseObject({
  Address: z.string(),
  Type: z.string(),
});
export type ConnectEndpoint = z.infer<typeof connectEndpointSchema>;

export const connectChannelSchema = z.enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']);
export type ConnectChannel = z.infer<typeof connectChannelSchema>;

export const connectQueueSchema = z.looseObject({
  ARN: z.string(),
  Name: z.string(),
  OutboundCallerId: connectEndpointSchema.nullish(),
});

const stringMap = z.record(z.string(), z.string());

export const connectContactDataSchema = z.looseObject({
  Attributes: stringMap,
  Channel: connectChannelSchema,
  ContactId: z.string().min(1),
  // Null for contacts without a phone/chat address (e.g. tasks), and on some chat contacts.
  CustomerEndpoint: connectEndpointSchema.nullish(),
  SystemEndpoint: connectEndpointSchema.nullish(),
  CustomerId: z.string().nullish(),
  Description: z.string().nullish(),
  InitialContactId: z.string(),
  InitiationMethod: z.string(),
  InstanceARN: z.string(),
  LanguageCode: z.string().nullish(),
  MediaStreams: z.looseObject({}).nullish(),
  Name: z.string().nullish(),
  PreviousContactId: z.string().nullish(),
  // An object today; the older admin-guide example shows "Queue": "QueueName"; null outside a queue.
  Queue: z.union([connectQueueSchema, z.string()]).nullish(),
  References: z.record(z.string(), z.looseObject({ Type: z.string(), Value: z.string() })).nullish(),
  Tags: stringMap.nullish(),
  SegmentAttributes: z.record(z.string(), z.unknown()).nullish(),
});
export type ConnectContactData = z.infer<typeof connectContactDataSchema>;

export const connectEventSchema = z.looseObject({
  Details: z.looseObject({
    ContactData: connectContactDataSchema,
    /** The key/value pairs set on the "Invoke AWS Lambda function" block. */
    Parameters: stringMap,
  }),
  Name: z.literal('ContactFlowEvent'),
});

export type ConnectEvent = z.infer<typeof connectEventSchema>;
