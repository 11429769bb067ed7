/**
 * The local stand-in for AWS IoT Core's message broker: aedes speaking real MQTT over TCP on loopback,
 * so the device simulator, mqtt.js and `mosquitto_pub`/`mosquitto_sub` all connect to it unchanged.
 */
import net from 'node:net';
import { Aedes } from 'aedes';

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
