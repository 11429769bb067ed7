/**
 * `@switchboard/shared/connect` — Amazon Connect contact-flow Lambdas: the event schema and parser, the
 * flat string-map response, and readers for attributes, parameters and the customer's number.
 */
export {
  connectEventSchema,
  connectContactDataSchema,
  connectEndpointSchema,
  connectChannelSchema,
  connectQueueSchema,
  type ConnectEvent,
  type ConnectContactData,
  type ConnectEndpoint,
  type ConnectChannel,
} from './event-schema';
export { parseConnectEvent, type ParseConnectEventResult } from './parse-event';
export {
  connectResponse,
  connectResponseSchema,
  ConnectResponseError,
  CONNECT_RESPONSE_MAX_BYTES,
  type ConnectResponse,
} from './response';
export { contactAttributes, flowParameters, flowValue, customerPhoneNumber, queueName } from './helpers';
