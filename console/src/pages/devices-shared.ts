/**
 * Devices as the console shows them: a status from the last reading and the open incidents (online, faulted,
 * recovering, offline), and the telemetry chart's series — one metric's line, the detection threshold on it, and
 * the readings a detector fired on. Pure, so the unit tests cover it.
 */
import type { components } from '../api/generated/iot-triage.ts';

export type TelemetryHistory = components['schemas']['TelemetryHistory'];
export type TelemetryPoint = TelemetryHistory['items'][number];
type Incident = components['schemas']['Incident'];

export type DeviceStatus = 'online' | 'faulted' | 'recovering' | 'offline' | 'unknown';

/**
 * Faulted: an unresolved incident not yet waiting for recovery, or the last reading carries an error code.
 * Recovering: every unresolved incident waits for healthy readings after a clear-fault command.
 * Offline: no reading for `offlineAfterMs` (default 5 minutes: several of the simulator's intervals).
 */
export function deviceStatus(
  device: { lastSeenAt?: string; lastTelemetry?: Record<string, string | number> },
  unresolved: readonly Pick<Incident, 'status' | 'phase'>[],
  now: number,
  offlineAfterMs = 5 * 60_000,
): DeviceStatus {
  const active = unresolved.filter((incident) => incident.status !== 'resolved');
  if (active.length > 0) return active.every((incident) => incident.phase === 'awaiting-recovery') ? 'recovering' : 'faulted';
  const code = device.lastTelemetry?.error_code;
  if (code !== undefined && code !== 'None') return 'faulted';
  if (!device.lastSeenAt) return 'unknown';
  return now - Date.parse(device.lastSeenAt) > offlineAfterMs ? 'offline' : 'online';
}

export const deviceStatusIndicator: Record<DeviceStatus, { type: 'success' | 'error' | 'in-progress' | 'stopped' | 'pending'; label: string }> = {
  online: { type: 'success', label: 'Online' },
  faulted: { type: 'error', label: 'Faulted' },
  recovering: { type: 'in-progress', label: 'Recovering' },
  offline: { type: 'stopped', label: 'Offline' },
  unknown: { type: 'pending', label: 'No reading yet' },
};

export const chartMetrics = [
  { id: 'powerWatts', metric: 'power_consumption_watts', title: 'Power', unit: 'W' },
  { id: 'indoorTemperatureC', metric: 'indoor_temperature_c', title: 'Indoor temperature', unit: '°C' },
  { id: 'refrigerantPressurePsi', metric: 'refrigerant_pressure_psi', title: 'Refrigerant pressure', unit: 'psi' },
] as const;
export type ChartMetric = (typeof chartMetrics)[number];

export type ChartSeries =
  | { type: 'line'; title: string; data: { x: Date; y: number }[]; valueFormatter?: (y: number) => string }
  | { type: 'threshold'; title: string; y: number }
  | { type: 'threshold'; title: string; x: Date };

export interface ChartModel {
  series: ChartSeries[];
  /** Y range covering the readings and the threshold, padded 5 %. */
  yDomain: [number, number];
  xDomain: [Date, Date] | undefined;
  /** Readings a detector fired on (for the legend and the table beside the chart). */
  anomalies: { at: string; value: number; codes: string[] }[];
}

/**
 * One metric's chart: its readings, a horizontal threshold line per detection rule on the metric, and the start of
 * each anomaly episode (a run of readings with detector codes) as a vertical marker — one per episode rather than
 * per reading, so a long episode stays readable.
 */
export function chartModel(history: TelemetryHistory, metric: ChartMetric): ChartModel {
  const points = history.items.map((item) => ({ x: new Date(item.at), y: item[metric.id], item }));
  const format = (y: number) => `${Number.isInteger(y) ? y : y.toFixed(1)} ${metric.unit}`;
  const series: ChartSeries[] = [
    { type: 'line', title: `${metric.title} (${metric.unit})`, data: points.map(({ x, y }) => ({ x, y })), valueFormatter: format },
  ];
  const limits = history.thresholds.filter((line) => line.metric === metric.metric);
  for (const line of limits)
    series.push({
      type: 'threshold',
      title: `${line.code} threshold ${line.operator} ${line.limit} ${metric.unit} (${line.breaches} of ${line.window})`,
      y: line.limit,
    });
  const anomalies = points.filter((p) => p.item.anomalies.length > 0).map((p) => ({ at: p.item.at, value: p.y, codes: p.item.anomalies }));
  let previous = false;
  for (const point of points) {
    const firing = point.item.anomalies.length > 0;
    if (firing && !previous)
      series.push({ type: 'threshold', title: `Anomaly ${point.item.anomalies.join(', ')} from ${point.x.toLocaleTimeString()}`, x: point.x });
    previous = firing;
  }
  const values = [...points.map((p) => p.y), ...limits.map((l) => l.limit)];
  const low = values.length ? Math.min(...values) : 0;
  const high = values.length ? Math.max(...values) : 1;
  const pad = Math.max((high - low) * 0.05, 1);
  return {
    series,
    yDomain: [Math.max(0, Math.floor(low - pad)), Math.ceil(high + pad)],
    xDomain: points.length > 0 ? [points[0]!.x, points.at(-1)!.x] : undefined,
    anomalies,
  };
}
