/**
 * N simulated devices, each its own MQTT connection with client id = thing name (what the IoT policy requires),
 * publishing telemetry every T seconds to devices/{thing}/telemetry and errors to devices/{thing}/errors, and
 * obeying commands on devices/{thing}/commands.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { deviceCommandSchema, topics } from '../src/domain/messages.ts';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { SimulatedAirConditioner, seededRandom, type SimulatedDeviceState } from './device.ts';

export interface FleetOptions {
  url: string;
  deviceIds: readonly string[];
  intervalSeconds: number;
  /** Seed of the random source (each device derives its own). */
  seed?: number;
  /** TLS material per device (AWS IoT Core); absent on the local broker. */
  credentials?: (deviceId: string) => Promise<Pick<IClientOptions, 'cert' | 'key' | 'ca'>>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Where the devices' state (fault, filter, hours) is kept between runs, so a restarted simulator's devices still
   * have the faults they had — their readings stay true, and open incidents do not "recover" because the simulator
   * forgot. Absent: every run starts healthy.
   */
  stateFile?: string;
  /**
   * The clock readings are stamped with, in stage time (Unix ms), and how many times faster than the wall clock it
   * runs: on the local stage with `SWITCHBOARD_TIME_SCALE` the devices read and report on the stage's one clock.
   * @default the wall clock
   */
  clock?: { now: () => number; scale: number };
}

async function readState(file: string | undefined): Promise<Record<string, SimulatedDeviceState>> {
  if (!file) return {};
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, SimulatedDeviceState>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export class DeviceFleet {
  private readonly devices = new Map<string, { device: SimulatedAirConditioner; client: MqttClient }>();
  private timer: NodeJS.Timeout | undefined;
  published = 0;

  constructor(private readonly options: FleetOptions) {}

  async start(): Promise<void> {
    const seed = this.options.seed ?? Date.now();
    const saved = await readState(this.options.stateFile);
    await Promise.all(
      this.options.deviceIds.map(async (deviceId, index) => {
        const device = new SimulatedAirConditioner(deviceId, seededRandom(seed + index), this.options.intervalSeconds);
        const state = saved[deviceId];
        if (state) device.restore(state);
        const tls = this.options.credentials ? await this.options.credentials(deviceId) : {};
        const client = await mqtt.connectAsync(this.options.url, { clientId: deviceId, clean: true, reconnectPeriod: 2000, ...tls });
        client.on('message', (_topic, payload) => {
          let parsed: ReturnType<typeof deviceCommandSchema.safeParse> | undefined;
          try {
            parsed = deviceCommandSchema.safeParse(JSON.parse(payload.toString('utf8')));
          } catch {
            parsed = undefined;
          }
          if (!parsed?.success) return this.options.log?.('ignored command', { deviceId });
          device.apply(parsed.data);
          this.options.log?.('command', { deviceId, action: parsed.data.action });
          void this.saveState();
          if (!device.connected) void client.endAsync();
        });
        await client.subscribeAsync(topics.commands(deviceId), { qos: 1 });
        this.devices.set(deviceId, { device, client });
      }),
    );
    this.timer = setInterval(() => void this.publishAll(), (this.options.intervalSeconds * 1000) / (this.options.clock?.scale ?? 1));
    await this.publishAll();
  }

  async publishAll(): Promise<void> {
    const now = (this.options.clock?.now() ?? Date.now()) / 1000;
    await Promise.all(
      [...this.devices.values()].map(async ({ device, client }) => {
        if (!device.connected || !client.connected) return;
        const { telemetry, error } = device.tick(now);
        await client.publishAsync(topics.telemetry(device.deviceId), JSON.stringify(telemetry), { qos: 1 });
        this.published += 1;
        if (error) await client.publishAsync(topics.errors(device.deviceId), JSON.stringify(error), { qos: 1 });
      }),
    );
    await this.saveState();
  }

  private saving: Promise<void> = Promise.resolve();

  /** Written to a temporary file and renamed, one write at a time, so a crash never leaves half a file. */
  saveState(): Promise<void> {
    const file = this.options.stateFile;
    if (!file) return Promise.resolve();
    const state = Object.fromEntries([...this.devices.values()].map(({ device }) => [device.deviceId, device.snapshot()]));
    this.saving = this.saving
      .then(async () => {
        await writeFile(`${file}.tmp`, JSON.stringify(state));
        await rename(`${file}.tmp`, file);
      })
      .catch((error) => this.options.log?.('could not save the simulator state', { error: String(error) }));
    return this.saving;
  }

  device(deviceId: string): SimulatedAirConditioner | undefined {
    return this.devices.get(deviceId)?.device;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.saveState();
    await Promise.all([...this.devices.values()].map(({ client }) => client.endAsync().catch(() => undefined)));
    this.devices.clear();
  }
}
