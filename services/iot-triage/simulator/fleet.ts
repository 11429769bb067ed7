/**
 * N simulated devices, each its own MQTT connection with client id = thing name (what the IoT policy requires),
 * publishing telemetry every T seconds to devices/{thing}/telemetry and errors to devices/{thing}/errors, and
 * obeying commands on devices/{thing}/commands.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { deviceCommandSchema, topics } from '../src/domain/messages.ts';
import { SimulatedAirConditioner, seededRandom } from './device.ts';

export interface FleetOptions {
  url: string;
  deviceIds: readonly string[];
  intervalSeconds: number;
  /** Seed of the random source (each device derives its own). */
  seed?: number;
  /** TLS material per device (AWS IoT Core); absent on the local broker. */
  credentials?: (deviceId: string) => Promise<Pick<IClientOptions, 'cert' | 'key' | 'ca'>>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export class DeviceFleet {
  private readonly devices = new Map<string, { device: SimulatedAirConditioner; client: MqttClient }>();
  private timer: NodeJS.Timeout | undefined;
  published = 0;

  constructor(private readonly options: FleetOptions) {}

  async start(): Promise<void> {
    const seed = this.options.seed ?? Date.now();
    await Promise.all(
      this.options.deviceIds.map(async (deviceId, index) => {
        const device = new SimulatedAirConditioner(deviceId, seededRandom(seed + index), this.options.intervalSeconds);
        const tls = this.options.credentials ? await this.options.credentials(deviceId) : {};
        const client = await mqtt.connectAsync(this.options.url, { clientId: deviceId, clean: true, reconnectPeriod: 2000, ...tls });
        client.on('message', (_topic, payload) => {
          let parsed;
          try {
            parsed = deviceCommandSchema.safeParse(JSON.parse(payload.toString('utf8')));
          } catch {
            parsed = undefined;
          }
          if (!parsed?.success) return this.options.log?.('ignored command', { deviceId });
          device.apply(parsed.data);
          this.options.log?.('command', { deviceId, action: parsed.data.action });
          if (!device.connected) void client.endAsync();
        });
        await client.subscribeAsync(topics.commands(deviceId), { qos: 1 });
        this.devices.set(deviceId, { device, client });
      }),
    );
    this.timer = setInterval(() => void this.publishAll(), this.options.intervalSeconds * 1000);
    await this.publishAll();
  }

  async publishAll(): Promise<void> {
    const now = Date.now() / 1000;
    await Promise.all(
      [...this.devices.values()].map(async ({ device, client }) => {
        if (!device.connected || !client.connected) return;
        const { telemetry, error } = device.tick(now);
        await client.publishAsync(topics.telemetry(device.deviceId), JSON.stringify(telemetry), { qos: 1 });
        this.published += 1;
        if (error) await client.publishAsync(topics.errors(device.deviceId), JSON.stringify(error), { qos: 1 });
      }),
    );
  }

  device(deviceId: string): SimulatedAirConditioner | undefined {
    return this.devices.get(deviceId)?.device;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.devices.values()].map(({ client }) => client.endAsync().catch(() => undefined)));
    this.devices.clear();
  }
}
