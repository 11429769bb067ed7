/**
 * A device's recent telemetry as the console charts it: the bounded window kept on the device record, in readable
 * field names, with the threshold lines of the detection rules in force and the anomaly codes firing per reading.
 */
import type { DetectionRule } from '../domain/detectors.ts';
import type { DeviceRepository } from '../domain/ports.ts';
import { HISTORY_SAMPLES, thresholdLines } from '../domain/telemetry-history.ts';

export interface TelemetryPoint {
  at: string;
  indoorTemperatureC: number;
  refrigerantPressurePsi: number;
  powerWatts: number;
  errorCode?: string;
  anomalies: string[];
}

export interface DeviceTelemetry {
  deviceId: string;
  items: TelemetryPoint[];
  thresholds: ReturnType<typeof thresholdLines>;
  /** How many readings the service keeps per device. */
  window: number;
}

/** Undefined when there is no such device. `limit` keeps the newest readings. */
export async function deviceTelemetry(
  devices: DeviceRepository,
  rules: readonly DetectionRule[],
  deviceId: string,
  limit: number,
): Promise<DeviceTelemetry | undefined> {
  const device = await devices.get(deviceId);
  if (!device) return undefined;
  const items = (device.history ?? []).slice(-limit).map((sample) => ({
    at: new Date(sample.at).toISOString(),
    indoorTemperatureC: sample.t,
    refrigerantPressurePsi: sample.p,
    powerWatts: sample.w,
    ...(sample.e ? { errorCode: sample.e } : {}),
    anomalies: sample.a ?? [],
  }));
  return { deviceId, items, thresholds: thresholdLines(rules), window: HISTORY_SAMPLES };
}
