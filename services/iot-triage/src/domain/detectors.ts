/**
 * Streaming anomaly detection, one reading at a time, per device and metric. Pure: the state goes in and comes out
 * (the telemetry handler keeps it in DynamoDB with the device), so the same code runs in Lambda, on the local stage
 * and in the benchmark over training_data.csv.
 *
 * Two kinds:
 * - threshold with N-of-M persistence — the guide's W1 ("more than 1200 watts for quite some [time]"): one spike
 *   does not raise, N breaching readings among the last M do; it clears when fewer than N of the last M breach.
 * - EWMA/z-score drift — an adaptive baseline (exponentially weighted mean and variance) for metrics with no fixed
 *   limit; raises after `persistence` consecutive readings beyond `zThreshold` standard deviations, clears after
 *   `clearAfter` consecutive readings back inside. The baseline does not learn from breaching readings, so a slow
 *   fault cannot teach the detector that the fault is normal.
 */
import * as z from 'zod';
import { faultCodeSchema, metricNames, type MetricName, type TelemetryMessage } from './messages.ts';

export const thresholdRuleSchema = z
  .object({
    kind: z.literal('threshold'),
    /** The runbook code raised (W1). */
    code: faultCodeSchema,
    metric: z.enum(metricNames),
    operator: z.enum(['>', '>=', '<', '<=']),
    limit: z.number().finite(),
    /** Raise when at least `breaches` of the last `window` readings breach. */
    breaches: z.number().int().min(1).max(60),
    window: z.number().int().min(1).max(60),
  })
  .refine((r) => r.breaches <= r.window, 'breaches must not exceed window');
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;

export const driftRuleSchema = z.object({
  kind: z.literal('drift'),
  /** Code of the incident a drift opens; drift codes have no runbook entry, so the agent path triages them. */
  code: faultCodeSchema,
  metric: z.enum(metricNames),
  /** Weight of the newest reading in the baseline (0–1): 0.05 ≈ the last 20 readings. */
  alpha: z.number().gt(0).lt(1),
  zThreshold: z.number().positive(),
  direction: z.enum(['up', 'down', 'both']),
  /** Readings that only build the baseline before the detector may raise. */
  warmup: z.number().int().min(2).max(10_000),
  persistence: z.number().int().min(1).max(60),
  clearAfter: z.number().int().min(1).max(60),
  /** Below this the standard deviation is treated as this (quantised sensors report the same value for hours). */
  minStdDev: z.number().positive(),
  /** Only readings with the compressor running count (a stopped compressor draws 0 W by design). */
  onlyWhenCompressorOn: z.boolean(),
});
export type DriftRule = z.infer<typeof driftRuleSchema>;

export const detectionRuleSchema = z.union([thresholdRuleSchema, driftRuleSchema]);
export type DetectionRule = z.infer<typeof detectionRuleSchema>;

/**
 * Defaults. W1's limit (1200 W) is the guide's; 3 of 5 is this service's reading of "for quite some [time]":
 * at the simulator's one reading per 30–60 s an alarm needs 1.5–3 minutes of sustained breach and tolerates one
 * normal reading in the window. Drift watches refrigerant pressure (no limit in the guide; a leak shows as a slow
 * fall) and power (a rise the W1 threshold does not cover yet).
 */
export const defaultDetectionRules: readonly DetectionRule[] = Object.freeze([
  { kind: 'threshold', code: 'W1', metric: 'power_consumption_watts', operator: '>', limit: 1200, breaches: 3, window: 5 },
  {
    kind: 'drift',
    code: 'DRIFT_POWER',
    metric: 'power_consumption_watts',
    alpha: 0.05,
    zThreshold: 6,
    direction: 'up',
    warmup: 20,
    persistence: 3,
    clearAfter: 3,
    minStdDev: 25,
    onlyWhenCompressorOn: true,
  },
  {
    kind: 'drift',
    code: 'DRIFT_PRESSURE',
    metric: 'refrigerant_pressure_psi',
    alpha: 0.05,
    zThreshold: 6,
    direction: 'down',
    warmup: 20,
    persistence: 3,
    clearAfter: 3,
    minStdDev: 5,
    onlyWhenCompressorOn: true,
  },
]);

export interface ThresholdState {
  /** 1 = breach, newest last, at most `window` long. */
  recent: number[];
  firing: boolean;
}

export interface DriftState {
  mean: number;
  variance: number;
  samples: number;
  breachStreak: number;
  okStreak: number;
  firing: boolean;
}

export type RuleState = ThresholdState | DriftState;

/** State of every rule of one device, keyed by `ruleKey`. */
export interface DetectorState {
  rules: Record<string, RuleState>;
  /** How many readings the detectors have seen (for the API and for tests). */
  readings: number;
}

export const emptyDetectorState = (): DetectorState => ({ rules: {}, readings: 0 });

export function ruleKey(rule: DetectionRule): string {
  return rule.kind === 'threshold' ? `threshold:${rule.code}:${rule.metric}` : `drift:${rule.metric}`;
}

export interface DetectionSignal {
  transition: 'raised' | 'cleared';
  code: string;
  kind: DetectionRule['kind'];
  rule: string;
  metric: MetricName;
  value: number;
  /** Threshold: the limit; drift: the baseline mean. */
  reference: number;
  /** Drift only: the z-score of the reading. */
  zScore?: number;
}

function breaches(operator: ThresholdRule['operator'], value: number, limit: number): boolean {
  switch (operator) {
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
  }
}

export function stepThreshold(rule: ThresholdRule, previous: ThresholdState | undefined, value: number) {
  const recent = [...(previous?.recent ?? []), breaches(rule.operator, value, rule.limit) ? 1 : 0].slice(-rule.window);
  const count = recent.reduce((a, b) => a + b, 0);
  const firing = count >= rule.breaches;
  const was = previous?.firing ?? false;
  const transition = firing && !was ? 'raised' : !firing && was ? 'cleared' : undefined;
  return { state: { recent, firing } satisfies ThresholdState, transition } as const;
}

export function stepDrift(rule: DriftRule, previous: DriftState | undefined, value: number) {
  const s: DriftState = previous ? { ...previous } : { mean: value, variance: 0, samples: 0, breachStreak: 0, okStreak: 0, firing: false };
  const std = Math.max(Math.sqrt(s.variance), rule.minStdDev);
  const zScore = s.samples === 0 ? 0 : (value - s.mean) / std;
  const outside =
    s.samples >= rule.warmup &&
    (rule.direction === 'up' ? zScore > rule.zThreshold : rule.direction === 'down' ? -zScore > rule.zThreshold : Math.abs(zScore) > rule.zThreshold);
  const was = s.firing;
  if (outside) {
    s.breachStreak += 1;
    s.okStreak = 0;
    if (s.breachStreak >= rule.persistence) s.firing = true;
  } else {
    s.okStreak += 1;
    s.breachStreak = 0;
    if (s.firing && s.okStreak >= rule.clearAfter) s.firing = false;
    // West's incremental EWMA mean/variance; breaching readings are left out of the baseline.
    if (!s.firing) {
      if (s.samples === 0) {
        s.mean = value;
      } else {
        const diff = value - s.mean;
        const increment = rule.alpha * diff;
        s.mean += increment;
        s.variance = (1 - rule.alpha) * (s.variance + diff * increment);
      }
      s.samples += 1;
    }
  }
  const transition = s.firing && !was ? 'raised' : !s.firing && was ? 'cleared' : undefined;
  return { state: s, transition, zScore } as const;
}

/**
 * Feeds one reading to every rule. A drift signal on a metric that a threshold rule is already firing on is held
 * back: the runbook code says more than "drift" and the operator must not get two incidents for one fault.
 */
export function evaluateReading(
  rules: readonly DetectionRule[],
  previous: DetectorState,
  reading: TelemetryMessage,
): { state: DetectorState; signals: DetectionSignal[] } {
  const next: DetectorState = { rules: { ...previous.rules }, readings: previous.readings + 1 };
  const signals: DetectionSignal[] = [];
  for (const rule of rules) {
    const key = ruleKey(rule);
    const value = reading[rule.metric];
    if (rule.kind === 'threshold') {
      const { state, transition } = stepThreshold(rule, previous.rules[key] as ThresholdState | undefined, value);
      next.rules[key] = state;
      if (transition) signals.push({ transition, code: rule.code, rule: key, kind: 'threshold', metric: rule.metric, value, reference: rule.limit });
    } else {
      if (rule.onlyWhenCompressorOn && reading.compressor_status !== 'On') continue;
      const before = previous.rules[key] as DriftState | undefined;
      const { state, transition, zScore } = stepDrift(rule, before, value);
      next.rules[key] = state;
      if (transition) {
        signals.push({ transition, code: rule.code, rule: key, kind: 'drift', metric: rule.metric, value, reference: before?.mean ?? value, zScore });
      }
    }
  }
  const thresholdFiring = new Set(
    rules
      .filter((r): r is ThresholdRule => r.kind === 'threshold')
      .filter((r) => (next.rules[ruleKey(r)] as ThresholdState | undefined)?.firing)
      .map((r) => r.metric),
  );
  return {
    state: next,
    signals: signals.filter((s) => !(s.kind === 'drift' && s.transition === 'raised' && thresholdFiring.has(s.metric))),
  };
}

/** Is any rule on `metric` firing (used by the evaluation to score a reading)? */
export function isFiring(rules: readonly DetectionRule[], state: DetectorState, filter: (rule: DetectionRule) => boolean): boolean {
  return rules.filter(filter).some((rule) => state.rules[ruleKey(rule)]?.firing === true);
}
