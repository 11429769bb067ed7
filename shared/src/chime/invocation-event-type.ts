import * as z from '../zod-mini/index.ts';

/**
 * Every `InvocationEventType` the PSTN audio service sends to a SIP media application's Lambda.
 * Source: "Understanding telephony events for Amazon Chime SDK PSTN audio service" (AWS docs).
 */
export const invocationEventTypes = [
  'NEW_INBOUND_CALL',
  'NEW_OUTBOUND_CALL',
  'RINGING',
  'CALL_ANSWERED',
  'ACTION_SUCCESSFUL',
  'ACTION_FAILED',
  'ACTION_INTERRUPTED',
  'HANGUP',
  'CALL_UPDATE_REQUESTED',
  'INVALID_LAMBDA_RESPONSE',
  'DIGITS_RECEIVED',
] as const;

export const invocationEventTypeSchema = z.enum(invocationEventTypes);

/** The union of the invocation event type names. */
export type InvocationEventTypeName = (typeof invocationEventTypes)[number];

/**
 * `InvocationEventType.NEW_INBOUND_CALL` etc.: a value object so handlers can write
 * `case InvocationEventType.HANGUP:` instead of repeating string literals.
 */
export const InvocationEventType = Object.freeze(
  Object.fromEntries(invocationEventTypes.map((name) => [name, name])) as {
    readonly [K in InvocationEventTypeName]: K;
  },
);
// Declaration merging: `InvocationEventType` is both the value above and the union type.
export type InvocationEventType = InvocationEventTypeName;
