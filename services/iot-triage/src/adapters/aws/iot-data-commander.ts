/** DeviceCommander on the AWS IoT Data Plane (Publish to devices/{thing}/commands, QoS 1). */
import { PublishCommand, type IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { deviceCommandSchema, topics, type DeviceCommand } from '../../domain/messages.ts';
import type { DeviceCommander } from '../../domain/ports.ts';

export class IotDataCommander implements DeviceCommander {
  constructor(private readonly iotData: IoTDataPlaneClient) {}

  async send(deviceId: string, command: DeviceCommand): Promise<void> {
    await this.iotData.send(
      new PublishCommand({
        topic: topics.commands(deviceId),
        qos: 1,
        payload: new TextEncoder().encode(JSON.stringify(deviceCommandSchema.parse(command))),
        contentType: 'application/json',
      }),
    );
  }
}
