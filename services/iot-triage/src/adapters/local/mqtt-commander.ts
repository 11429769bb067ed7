/** DeviceCommander on the local broker: publishes to devices/{thing}/commands in-process (QoS 1). */
import type { Aedes } from 'aedes';
import { deviceCommandSchema, topics, type DeviceCommand } from '../../domain/messages.ts';
import type { DeviceCommander } from '../../domain/ports.ts';

export class MqttCommander implements DeviceCommander {
  constructor(private readonly broker: Aedes) {}

  send(deviceId: string, command: DeviceCommand): Promise<void> {
    const payload = Buffer.from(JSON.stringify(deviceCommandSchema.parse(command)));
    return new Promise((resolve, reject) =>
      this.broker.publish({ cmd: 'publish', topic: topics.commands(deviceId), payload, qos: 1, retain: false, dup: false }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
}
