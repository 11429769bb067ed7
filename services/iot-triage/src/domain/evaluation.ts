/**
 * Scores the detectors against labelled telemetry (the seed's training_data.csv, `wattage_mode` normal/abnormal):
 * every reading is replayed per device in time order; a reading counts as predicted abnormal while a selected rule
 * is firing after it. Detection delay is counted per abnormal episode (a run of abnormal readings): the number of
 * abnormal readings that went by before the alarm (0 = raised on the episode's first reading).
 */
import { emptyDetectorState, evaluateReading, isFiring, type DetectionRule, type DetectorState } from './detectors.ts';
import { parseTelemetry, type TelemetryMessage } from './messages.ts';

export interface LabelledReading {
  timestamp: string;
  deviceId: string;
  reading: TelemetryMessage;
  abnormal: boolean;
}

const NUMERIC = new Set([
  'indoor_temperature_c',
  'outdoor_temperature_c',
  'setpoint_temperature_c',
  'indoor_humidity_percent',
  'outdoor_humidity_percent',
  'power_consumption_watts',
  'fan_speed_rpm',
  'refrigerant_pressure_psi',
  'runtime_hours',
]);

/** training_data.csv → readings (no quoted fields in that file; a row that does not validate is an error). */
export function parseLabelledCsv(text: string): LabelledReading[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (!header) return [];
  const columns = header.split(',');
  return lines.map((line, index) => {
    const cells = line.split(',');
    const row: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = cells[i] ?? '';
      row[column] = NUMERIC.has(column) ? Number(cell) : cell;
    });
    const deviceId = String(row.device_name);
    const { timestamp, wattage_mode: mode, ...payload } = row;
    const parsed = parseTelemetry(deviceId, payload);
    if (!parsed.ok) throw new Error(`training data line ${index + 2}: ${parsed.reason}`);
    if (mode !== 'normal' && mode !== 'abnormal') throw new Error(`training data line ${index + 2}: wattage_mode "${String(mode)}"`);
    return { timestamp: String(timestamp), deviceId, reading: parsed.value, abnormal: mode === 'abnormal' };
  });
}

export interface EvaluationResult {
  readings: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  episodes: number;
  detectedEpisodes: number;
  /** Delay of each detected episode, in readings. */
  delays: number[];
  maxDelay: number;
  meanDelay: number;
  /** Alarms raised outside any abnormal episode. */
  falseAlarms: number;
}

export function evaluateDetectors(
  data: readonly LabelledReading[],
  rules: readonly DetectionRule[],
  scored: (rule: DetectionRule) => boolean = () => true,
): EvaluationResult {
  const byDevice = new Map<string, LabelledReading[]>();
  for (const row of data) byDevice.set(row.deviceId, [...(byDevice.get(row.deviceId) ?? []), row]);
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    episodes = 0,
    falseAlarms = 0;
  const delays: number[] = [];
  for (const rows of byDevice.values()) {
    const ordered = [...rows].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    let state: DetectorState = emptyDetectorState();
    let inEpisode = false,
      detected = false,
      episodeIndex = 0,
      wasFiring = false;
    for (const row of ordered) {
      state = evaluateReading(rules, state, row.reading).state;
      const firing = isFiring(rules, state, scored);
      if (row.abnormal && !inEpisode) {
        inEpisode = true;
        detected = false;
        episodeIndex = 0;
        episodes += 1;
      }
      if (!row.abnormal) inEpisode = false;
      if (inEpisode && firing && !detected) {
        detected = true;
        delays.push(episodeIndex);
      }
      if (!row.abnormal && firing && !wasFiring) falseAlarms += 1;
      if (inEpisode) episodeIndex += 1;
      wasFiring = firing;
      if (firing && row.abnormal) tp += 1;
      else if (firing) fp += 1;
      else if (row.abnormal) fn += 1;
      else tn += 1;
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    readings: data.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    episodes,
    detectedEpisodes: delays.length,
    delays,
    maxDelay: delays.length ? Math.max(...delays) : Number.NaN,
    meanDelay: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : Number.NaN,
    falseAlarms,
  };
}
