import type { ConnectEvent } from './event-schema';

/** The contact's user-defined attributes ($.Attributes), copied. */
export function contactAttributes(event: ConnectEvent): Record<string, string> {
  return { ...event.Details.ContactData.Attributes };
}

/** The parameters set on the flow's "Invoke AWS Lambda function" block, copied. */
export function flowParameters(event: ConnectEvent): Record<string, string> {
  return { ...event.Details.Parameters };
}

/** A parameter, else a contact attribute of the same name: flows pass values either way. */
export function flowValue(event: ConnectEvent, key: string): string | undefined {
  return event.Details.Parameters[key] ?? event.Details.ContactData.Attributes[key];
}

/** The customer's phone number on a voice contact (or SMS-backed chat), when Connect reports one. */
export function customerPhoneNumber(event: ConnectEvent): string | undefined {
  const endpoint = event.Details.ContactData.CustomerEndpoint;
  return endpoint?.Type === 'TELEPHONE_NUMBER' ? endpoint.Address : undefined;
}

/** The contact's queue name, whichever of the two documented shapes Connect sent (object or name). */
export function queueName(event: ConnectEvent): string | undefined {
  const queue = event.Details.ContactData.Queue;
  if (queue === null || queue === undefined) return undefined;
  return typeof queue === 'string' ? queue : queue.Name;
}
