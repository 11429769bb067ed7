/**
 * A bounded window of recent readings per device, kept on the device record beside the detector state, so the
 * console can chart a device without a time-series store. Each sample keeps only what an operator charts — indoor
 * temperature, refrigerant pressure, power — plus the error code the device reported and the detector codes firing
 * at that reading, in short keys: a DynamoDB write is billed per KB, and the record is rewritten once per batch.
 */
import { ruleKey, type DetectionRule, type DetectorState } from './detectors.ts';
import type { TelemetryMessage } from './messages.ts';

/** 120 samples ≈ 20 minutes at the local simulator's 10 s, 2 hours at the seed's one reading a minute; ≈ 7 KB. */
export const HISTORY_SAMPLES = 120;

export interface TelemetrySample {
  /** Receive time, epoch milliseconds. */
  at: number;
  /** indoor_temperature_c */
  t: number;
  /** refrigerant_pressure_psi */
  p: number;
  /** power_consumption_watts */
  w: number;
  /** error_code when not "None". */
  e?: string;
  /** Detector codes firing after this reading (W1, DRIFT_POWER, …). */
  a?: string[];
}

/** Codes of the rules firing in `state`, one each (two rules may raise the same code). */
export function firingCodes(rules: readonly DetectionRule[], state: DetectorState): string[] {
  return [...new Set(rules.filter((rule) => state.rules[ruleKey(rule)]?.firing === true).map((rule) => rule.code))];
}

export function toSample(reading: TelemetryMessage, receivedAt: number, anomalies: readonly string[]): TelemetrySample {
  return {
    at: receivedAt,
    t: reading.indoor_temperature_c,
    p: reading.refrigerant_pressure_psi,
    w: reading.power_consumption_watts,
    ...(reading.error_code !== 'None' ? { e: reading.error_code } : {}),
    ...(anomalies.length > 0 ? { a: [...anomalies] } : {}),
  };
}

/** The window after `added`: in receive order, without duplicates of a time already held, the newest `max` kept. */
export function appendSamples(
  history: readonly TelemetrySample[] | undefined,
  added: readonly TelemetrySample[],
  max = HISTORY_SAMPLES,
): TelemetrySample[] {
  const byTime = new Map<number, TelemetrySample>();
  for (const sample of [...(history ?? []), ...added]) byTime.set(sample.at, sample);
  return [...byTime.values()].sort((a, b) => a.at - b.at).slice(-max);
}

/** The threshold rules as the console draws them: a horizontal line per metric. */
export function thresholdLines(rules: readonly DetectionRule[]) {
  return rules
    .filter((rule) => rule.kind === 'threshold')
    .map((rule) => ({
      code: rule.code,
      metric: rule.metric,
      operator: rule.operator,
      limit: rule.limit,
      breaches: rule.breaches,
      window: rule.window,
    }));
}
