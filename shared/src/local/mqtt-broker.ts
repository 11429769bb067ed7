/**
 * The local stand-in for AWS IoT Core's message broker: aedes speaking real MQTT over TCP on loopback,
 * so the device simulator, mqtt.js and `mosquitto_pub`/`mosquitto_sub` all connect to it unchanged.
 */
import net from 'node:net';
import { Aedes } from 'aedes';

/**
 * The MQTT client id of a read-only observer on the local broker. Services that enforce a topic policy (iot-triage's
 * device policy) let this identity subscribe to every device topic and publish nothing, so a person can watch the
 * traffic (`mosquitto_sub -i switchboard-observer -t 'devices/#'`) without being able to impersonate a device.
 * On AWS the same job is done by an IAM principal with `iot:Subscribe`/`iot:Receive` only.
 */
export const localMqttObserverClientId = 'switchboard-observer';

/** A `mosquitto_sub` command that works against the broker at `mqttUrl` (`mqtt://host:port`) as the read-only observer. */
export function observerSubscribeCommand(mqttUrl: string): string {
  const { hostname, port } = new URL(mqttUrl);
  return `mosquitto_sub -h ${hostname} -p ${port || 1883} -i ${localMqttObserverClientId} -t 'devices/#' -v`;
}

export interface LocalMqttBroker {
  url: string;
  broker: Aedes;
  port: number;
  close(): Promise<void>;
}

export async function startMqttBroker(port: number, host: string): Promise<LocalMqttBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    url: `mqtt://${host}:${address.port}`,
    broker,
    port: address.port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      // Clients that never sent DISCONNECT keep their sockets; end them so the process can exit.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
