/**
 * The IoT policy, enforced on the local aedes broker. In AWS the policy document (infra) says: connect only as
 * client id = your thing name, publish only to devices/${iot:Connection.Thing.ThingName}/{telemetry,errors},
 * subscribe/receive only devices/${iot:Connection.Thing.ThingName}/commands. Locally there are no certificates,
 * so the MQTT client id stands for the thing name — which is also how any client (`mosquitto_pub -i aircon_1`)
 * publishes as a device. Everything else is refused the way IoT Core refuses it: an unauthorised PUBLISH
 * disconnects the client, an unauthorised SUBSCRIBE is answered with failure (0x80).
 *
 * One more identity exists only locally: the read-only observer (`localMqttObserverClientId`), which may subscribe
 * to any device topic and publish nothing — the stage's banner prints a `mosquitto_sub` command for it.
 */
import type { Aedes, Client, PublishPacket, Subscription } from 'aedes';
import { localMqttObserverClientId } from '@switchboard/shared/local';
import { parseTopic, thingNameSchema } from '../../domain/messages.ts';

export interface PolicyDecisionLog {
  clientId: string;
  topic: string;
  operation: 'publish' | 'subscribe';
  allowed: boolean;
}

export function canPublish(clientId: string, topic: string): boolean {
  if (clientId === localMqttObserverClientId) return false;
  const parsed = parseTopic(topic);
  return parsed !== undefined && parsed.deviceId === clientId && (parsed.kind === 'telemetry' || parsed.kind === 'errors');
}

/** Device topics and filters over them (`devices/#`, `devices/+/telemetry`): what the observer may watch. */
const deviceTopicFilter = /^devices(\/(#|[^/#]+(\/(#|[^/#]+))?))?$/;

export function canSubscribe(clientId: string, topicFilter: string): boolean {
  if (clientId === localMqttObserverClientId) return deviceTopicFilter.test(topicFilter);
  const parsed = parseTopic(topicFilter);
  return parsed !== undefined && parsed.deviceId === clientId && parsed.kind === 'commands';
}

export class TopicPolicyError extends Error {
  override readonly name = 'TopicPolicyError';
}

/** Installs the policy on the broker; returns a function that restores the previous hooks. */
export function enforceDevicePolicy(broker: Aedes, onDecision?: (decision: PolicyDecisionLog) => void): () => void {
  const previous = { publish: broker.authorizePublish, subscribe: broker.authorizeSubscribe };
  broker.authorizePublish = (client: Client | null, packet: PublishPacket, callback: (error?: Error | null) => void) => {
    // In-process publishes (the service's own commands) have no client.
    if (!client) return callback(null);
    const clientId = client.id;
    const allowed = thingNameSchema.safeParse(clientId).success && canPublish(clientId, packet.topic);
    onDecision?.({ clientId, topic: packet.topic, operation: 'publish', allowed });
    callback(allowed ? null : new TopicPolicyError(`client ${clientId} may not publish to ${packet.topic}`));
  };
  broker.authorizeSubscribe = (
    client: Client | null,
    subscription: Subscription,
    callback: (error: Error | null, subscription?: Subscription | null) => void,
  ) => {
    if (!client) return callback(null, subscription);
    const allowed = canSubscribe(client.id, subscription.topic);
    onDecision?.({ clientId: client.id, topic: subscription.topic, operation: 'subscribe', allowed });
    callback(null, allowed ? subscription : null);
  };
  return () => {
    broker.authorizePublish = previous.publish;
    broker.authorizeSubscribe = previous.subscribe;
  };
}
