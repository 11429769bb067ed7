/**
 * One fault, one incident: a device-reported code and a drift on the metric that code is about are the same cause.
 * E2 (low refrigerant pressure) and DRIFT_PRESSURE, W1 (power) and DRIFT_POWER, reported by one device, give one
 * incident and one e-mail. Pure: which codes share a cause is data (`causeMetrics`), not a guess.
 */
import type { Incident } from './incident.ts';

/** The metric each code is about. Codes that share a metric share a cause. */
export type CauseMetrics = Readonly<Record<string, string>>;

export const defaultCauseMetrics: CauseMetrics = Object.freeze({
  E1: 'indoor_temperature_c',
  E2: 'refrigerant_pressure_psi',
  E3: 'power_consumption_watts',
  W1: 'power_consumption_watts',
  DRIFT_POWER: 'power_consumption_watts',
  DRIFT_PRESSURE: 'refrigerant_pressure_psi',
});

export interface CorrelationSignal {
  code: string;
  /** The detector's metric, for anomalies. */
  metric?: string;
  /** The runbook has an entry for the code (its actions must run). */
  inRunbook: boolean;
}

const metricOf = (metrics: CauseMetrics, code: string, metric: unknown) => (typeof metric === 'string' ? metric : metrics[code]);

export type CorrelationDecision =
  /** Nothing else is about this cause: the signal gets its own incident. */
  | { kind: 'separate' }
  /** A signal the runbook does not cover (a drift) about the cause of an active incident: counted on that one. */
  | { kind: 'attach'; to: Incident }
  /**
   * A runbook code about the cause of active incidents the runbook did not cover (drifts): the code opens its
   * incident (its runbook actions must run) and those close as `correlated` into it.
   */
  | { kind: 'supersede'; incidents: Incident[] };

export function correlate(signal: CorrelationSignal, active: readonly Incident[], metrics: CauseMetrics = defaultCauseMetrics): CorrelationDecision {
  const metric = metricOf(metrics, signal.code, signal.metric);
  if (!metric) return { kind: 'separate' };
  const sameCause = active.filter((i) => i.code !== signal.code && i.status !== 'resolved' && metricOf(metrics, i.code, i.context.metric) === metric);
  if (sameCause.length === 0) return { kind: 'separate' };
  if (!signal.inRunbook) {
    // Prefer the device's own report, then a runbook incident, then the oldest.
    const ranked = [...sameCause].sort(
      (a, b) =>
        Number(b.detectedBy === 'error') - Number(a.detectedBy === 'error') ||
        Number(b.triagedBy === 'runbook') - Number(a.triagedBy === 'runbook') ||
        a.openedAt.localeCompare(b.openedAt),
    );
    return { kind: 'attach', to: ranked[0]! };
  }
  const uncovered = sameCause.filter((i) => i.triagedBy === 'agent');
  return uncovered.length ? { kind: 'supersede', incidents: uncovered } : { kind: 'separate' };
}
