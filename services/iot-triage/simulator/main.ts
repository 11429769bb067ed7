/**
 * The device simulator as a process: a child process of the local stage, a Fargate task in AWS.
 *
 *   SIMULATOR_MQTT_URL   mqtt://127.0.0.1:<port> locally; mqtts://<endpoint>:8883 in AWS
 *   SIMULATOR_DEVICES    comma-separated thing names (default aircon_1..aircon_4)
 *   SIMULATOR_INTERVAL_SECONDS  seconds between readings (default 60, the seed's default)
 *   SIMULATOR_CERTIFICATES_SECRET  (AWS) Secrets Manager secret: { "<thing>": { "cert": PEM, "key": PEM }, "ca": PEM }
 *   SIMULATOR_SEED       random seed (reproducible runs)
 *   SIMULATOR_STATE_FILE where the devices' faults, filter and hours are kept across restarts (optional)
 */
import * as z from 'zod';
import { loadConfig } from '@switchboard/shared/config';
import { DeviceFleet } from './fleet.ts';

const configSchema = z.object({
  SIMULATOR_MQTT_URL: z.string().regex(/^mqtts?:\/\//, 'must be an mqtt:// or mqtts:// URL'),
  SIMULATOR_DEVICES: z
    .string()
    .default('aircon_1,aircon_2,aircon_3,aircon_4')
    .transform((s) =>
      s
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    ),
  SIMULATOR_INTERVAL_SECONDS: z.coerce.number().positive().max(3600).default(60),
  SIMULATOR_CERTIFICATES_SECRET: z.string().optional(),
  SIMULATOR_SEED: z.coerce.number().int().optional(),
  SIMULATOR_STATE_FILE: z.string().min(1).optional(),
  /** Local stage only: its one clock — stage time started at SIMULATOR_CLOCK_START_MS and runs this many times faster. */
  SIMULATOR_TIME_SCALE: z.coerce.number().min(1).max(10_000).default(1),
  SIMULATOR_CLOCK_START_MS: z.coerce.number().int().positive().optional(),
});

const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'iot-triage-simulator', message, ...fields })}\n`);

async function certificates(secretId: string) {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  const secret = z
    .object({ ca: z.string() })
    .catchall(z.union([z.string(), z.object({ cert: z.string(), key: z.string() })]))
    .parse(JSON.parse(SecretString ?? '{}'));
  return async (deviceId: string) => {
    const entry = secret[deviceId];
    if (!entry || typeof entry === 'string') throw new Error(`no certificate for ${deviceId} in the secret`);
    return { cert: entry.cert, key: entry.key, ca: secret.ca };
  };
}

/** Stage time: equal to the wall clock at `startMs`, then `scale` times faster (the local stage's one clock). */
function stageClock(startMs: number, scale: number) {
  return () => startMs + (Date.now() - startMs) * scale;
}

const config = loadConfig(configSchema);
const fleet = new DeviceFleet({
  url: config.SIMULATOR_MQTT_URL,
  deviceIds: config.SIMULATOR_DEVICES,
  intervalSeconds: config.SIMULATOR_INTERVAL_SECONDS,
  ...(config.SIMULATOR_SEED !== undefined ? { seed: config.SIMULATOR_SEED } : {}),
  ...(config.SIMULATOR_STATE_FILE ? { stateFile: config.SIMULATOR_STATE_FILE } : {}),
  ...(config.SIMULATOR_TIME_SCALE !== 1 && config.SIMULATOR_CLOCK_START_MS !== undefined
    ? { clock: { scale: config.SIMULATOR_TIME_SCALE, now: stageClock(config.SIMULATOR_CLOCK_START_MS, config.SIMULATOR_TIME_SCALE) } }
    : {}),
  ...(config.SIMULATOR_CERTIFICATES_SECRET ? { credentials: await certificates(config.SIMULATOR_CERTIFICATES_SECRET) } : {}),
  log,
});
await fleet.start();
log('simulator started', { devices: config.SIMULATOR_DEVICES, intervalSeconds: config.SIMULATOR_INTERVAL_SECONDS });
const shutdown = () => {
  void fleet.stop().then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
