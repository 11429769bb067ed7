/**
 * Logging and metrics for every service, on Powertools for AWS Lambda so that CloudWatch Logs Insights
 * and Embedded Metric Format work the same for all five services.
 *
 * Never log a full phone number: pass it through `maskPhoneNumber` from `@switchboard/shared/phone`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export { Logger, Metrics, MetricUnit };

/** The levels Powertools accepts (case-insensitive in `POWERTOOLS_LOG_LEVEL`; upper case here). */
export const logLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevelName = (typeof logLevels)[number];

export interface CreateLoggerOptions {
  /** The service name stamped on every record (`service` key), e.g. `routing`. */
  service: string;
  /**
   * Minimum level. When omitted Powertools reads `POWERTOOLS_LOG_LEVEL` / `AWS_LAMBDA_LOG_LEVEL`
   * (the LambdaFunction component sets them per stage) and falls back to INFO.
   */
  level?: LogLevelName;
  /** Keys added to every record (e.g. `{ stage: 'local' }`). */
  persistentKeys?: Record<string, string | number | boolean>;
}

/** A Powertools Logger for one service. */
export function createLogger(options: CreateLoggerOptions): Logger {
  return new Logger({
    serviceName: options.service,
    ...(options.level ? { logLevel: options.level } : {}),
    ...(options.persistentKeys ? { persistentKeys: options.persistentKeys } : {}),
  });
}

export interface CreateMetricsOptions {
  /** The `service` dimension on every metric. */
  service: string;
  /** CloudWatch namespace. @default "Switchboard" */
  namespace?: string;
}

/** Every service publishes into one namespace so dashboards can compare services side by side. */
export const metricsNamespace = 'Switchboard';

/** A Powertools Metrics instance (Embedded Metric Format) for one service. */
export function createMetrics(options: CreateMetricsOptions): Metrics {
  return new Metrics({ namespace: options.namespace ?? metricsNamespace, serviceName: options.service });
}

/**
 * Stamp a correlation id on every following record of this logger: the Chime call id (`TransactionId`
 * or leg A `CallId`) for telephony, the job id for callouts, the incident id for triage, the
 * EventBridge `metadata.correlationId` for event consumers. Returns the id so call sites can chain it.
 *
 * The key is `correlationId` — the spelling of the event contracts' `metadata.correlationId` and of
 * the HTTP kit — so one Logs Insights field follows a call across services.
 */
export function withCorrelationId(logger: Logger, correlationId: string): string {
  logger.appendKeys({ correlationId });
  return correlationId;
}

/** Remove the correlation id again (a warm Lambda must not carry one invocation's id into the next). */
export function clearCorrelationId(logger: Logger): void {
  logger.removeKeys(['correlationId']);
}
