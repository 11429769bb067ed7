/**
 * The topic rules, defined once: the SQL the Pulumi component deploys and the event shape the handlers (and the
 * local broker's router) receive. The device id is `topic(2)` — the thing name the IoT policy bound to the
 * publishing connection — never a payload field; the payload travels base64-encoded as one opaque field, so a
 * device cannot shadow `device_id` or `received_at` with keys of its own, and malformed JSON reaches the handler
 * to be counted instead of failing inside the rule.
 */
import * as z from 'zod';
import type { InboundMessage } from '../application/intake.ts';

export const topicRuleSql = {
  errors: "SELECT encode(*, 'base64') AS payload, topic(2) AS device_id, timestamp() AS received_at FROM 'devices/+/errors'",
  telemetry: "SELECT encode(*, 'base64') AS payload, topic(2) AS device_id, timestamp() AS received_at FROM 'devices/+/telemetry'",
} as const;

export const topicRuleEventSchema = z.object({
  device_id: z.string(),
  /** Epoch milliseconds (`timestamp()`). */
  received_at: z.number(),
  /** The message as published, base64. */
  payload: z.string(),
});
export type TopicRuleEvent = z.infer<typeof topicRuleEventSchema>;

/** What the rule would produce for a message (the local router uses it, so both stages feed handlers the same shape). */
export function topicRuleEvent(deviceId: string, payload: Uint8Array | string, receivedAt: number): TopicRuleEvent {
  return { device_id: deviceId, received_at: receivedAt, payload: Buffer.from(payload).toString('base64') };
}

/** Unparseable payloads become a marker the domain's schemas reject (and count). */
export function inboundMessage(event: TopicRuleEvent): InboundMessage {
  const text = Buffer.from(event.payload, 'base64').toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = { malformed: 'payload is not JSON' };
  }
  return { deviceId: event.device_id, payload, receivedAt: event.received_at };
}
