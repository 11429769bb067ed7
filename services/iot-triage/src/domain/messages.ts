/**
 * The device messages, field for field as the seed's simulator publishes them
 * (reference/iot-triage-contact-center/simulator-mqtt-messages.examples.json). The device id never comes from a
 * payload: it is the thing name in the topic (`devices/{thing}/…`), which the IoT policy binds to the client's
 * certificate. A payload's `device_name` is accepted only when it agrees with the topic.
 */
import * as z from 'zod';

/** AWS IoT thing names: 1–128 of letters, digits, `:`, `_`, `-`. */
export const thingNameSchema = z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/, 'not a valid thing name');

/**
 * Fault codes as the guide writes them (E1, W1, …) and this service's drift codes (DRIFT_POWER); anything else is
 * not a code — free text in `error_code` is refused before it can reach a ticket, a call or the agent.
 */
export const faultCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'not a fault code');

const finite = z.number().finite();

export const telemetryMessageSchema = z.object({
  device_name: z.string().max(128).optional(),
  indoor_temperature_c: finite,
  outdoor_temperature_c: finite,
  setpoint_temperature_c: finite,
  mode: z.enum(['cool', 'off', 'fan_only']),
  indoor_humidity_percent: finite.optional(),
  outdoor_humidity_percent: finite.optional(),
  power_consumption_watts: finite.nonnegative(),
  compressor_status: z.enum(['On', 'Off']),
  fan_speed_rpm: finite.nonnegative(),
  refrigerant_pressure_psi: finite.nonnegative(),
  /** "None" during normal operation (the guide says so), else the active code. */
  error_code: z.union([z.literal('None'), faultCodeSchema]),
  filter_status: z.enum(['Clean', 'Needs Cleaning', 'Replace']),
  runtime_hours: finite.nonnegative(),
});
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;

/** Numeric telemetry fields a detector can watch. */
export const metricNames = [
  'indoor_temperature_c',
  'outdoor_temperature_c',
  'power_consumption_watts',
  'fan_speed_rpm',
  'refrigerant_pressure_psi',
] as const;
export type MetricName = (typeof metricNames)[number];

/** Unix seconds the service accepts: 2000-01-01 up to 2100-01-01 (anything else is a unit mistake or garbage). */
export const EARLIEST_DEVICE_SECONDS = 946_684_800;
export const LATEST_DEVICE_SECONDS = 4_102_444_800;

/**
 * A device timestamp in Unix seconds. Milliseconds and microseconds are refused with a reason that says so,
 * rather than read as the year 57143 (or thrown on by `Date`).
 */
export const deviceSecondsSchema = finite.superRefine((value, ctx) => {
  if (value >= EARLIEST_DEVICE_SECONDS && value < LATEST_DEVICE_SECONDS) return;
  const unit =
    value >= EARLIEST_DEVICE_SECONDS * 1e3 && value < LATEST_DEVICE_SECONDS * 1e3
      ? ' (it looks like milliseconds)'
      : value >= EARLIEST_DEVICE_SECONDS * 1e6 && value < LATEST_DEVICE_SECONDS * 1e6
        ? ' (it looks like microseconds)'
        : '';
  ctx.addIssue({ code: 'custom', message: `must be Unix seconds between 2000 and 2100, got ${value}${unit}` });
});

export const errorMessageSchema = z.object({
  device_name: z.string().max(128).optional(),
  error_code: faultCodeSchema,
  /** Unix seconds with a fraction, as the simulator writes `time.time()`. */
  timestamp: deviceSecondsSchema.optional(),
});
export type ErrorMessage = z.infer<typeof errorMessageSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function checkSender(deviceId: string, deviceName: string | undefined): string | undefined {
  if (!thingNameSchema.safeParse(deviceId).success) return `topic device id "${deviceId.slice(0, 40)}" is not a thing name`;
  if (deviceName !== undefined && deviceName !== deviceId) return 'device_name in the payload does not match the topic';
  return undefined;
}

/** Validates one telemetry payload published on `devices/{deviceId}/telemetry`. */
export function parseTelemetry(deviceId: string, payload: unknown): ParseResult<TelemetryMessage> {
  const result = telemetryMessageSchema.safeParse(payload);
  if (!result.success) return { ok: false, reason: describeIssues(result.error) };
  const mismatch = checkSender(deviceId, result.data.device_name);
  return mismatch ? { ok: false, reason: mismatch } : { ok: true, value: result.data };
}

/** Validates one error payload published on `devices/{deviceId}/errors`. */
export function parseErrorMessage(deviceId: string, payload: unknown): ParseResult<ErrorMessage> {
  const result = errorMessageSchema.safeParse(payload);
  if (!result.success) return { ok: false, reason: describeIssues(result.error) };
  const mismatch = checkSender(deviceId, result.data.device_name);
  return mismatch ? { ok: false, reason: mismatch } : { ok: true, value: result.data };
}

/** Topic layout shared by the IoT policy, the topic rules, the local broker and the simulator. */
export const topics = {
  telemetry: (deviceId: string) => `devices/${deviceId}/telemetry`,
  errors: (deviceId: string) => `devices/${deviceId}/errors`,
  commands: (deviceId: string) => `devices/${deviceId}/commands`,
} as const;

export type TopicKind = keyof typeof topics;

/** `devices/{thing}/{kind}` → its parts; anything else → undefined. */
export function parseTopic(topic: string): { deviceId: string; kind: TopicKind } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== 'devices') return undefined;
  const [, deviceId, kind] = parts as [string, string, string];
  if (!thingNameSchema.safeParse(deviceId).success) return undefined;
  if (kind !== 'telemetry' && kind !== 'errors' && kind !== 'commands') return undefined;
  return { deviceId, kind };
}

/** Commands the seed's simulator obeys, published on `devices/{thing}/commands`. */
export const deviceCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('inject_fault'), fault_type: z.enum(['high_temperature', 'low_pressure', 'compressor_failure']) }),
  z.object({ action: z.literal('clear_fault'), incident_id: z.string().optional() }),
  z.object({ action: z.literal('set_wattage_mode'), wattage_mode: z.enum(['normal', 'abnormal']) }),
  z.object({ action: z.literal('update_filter_status'), filter_status: z.enum(['Clean', 'Needs Cleaning', 'Replace']) }),
  z.object({ action: z.literal('reset_runtime') }),
  z.object({ action: z.literal('disconnect') }),
]);
export type DeviceCommand = z.infer<typeof deviceCommandSchema>;
