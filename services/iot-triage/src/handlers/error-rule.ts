/**
 * Target of the errors topic rule (`devices/+/errors`, device id = topic(2)). A malformed or impersonating message
 * is logged and counted, not thrown (a retry would not make it valid); a failure of the service propagates so the
 * rule's asynchronous invocation retries and then dead-letters it.
 */
import { MetricUnit } from '@switchboard/shared/logging';
import { ingestError } from '../application/intake.ts';
import { inboundMessage, topicRuleEventSchema } from '../adapters/topic-rule.ts';
import { logger, metrics, runtime } from '../adapters/aws/runtime.ts';

export const handler = async (event: unknown) => {
  const parsed = topicRuleEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.warn('not a topic rule event', { issues: parsed.error.issues.length });
    metrics.addMetric('MessagesRejected', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return;
  }
  const { rejected, outcome } = await ingestError(runtime().service.intake, inboundMessage(parsed.data));
  if (rejected) {
    logger.warn('error message rejected', { deviceId: rejected.deviceId, reason: rejected.reason });
    metrics.addMetric('MessagesRejected', MetricUnit.Count, 1);
  } else if (outcome && outcome.kind !== 'unknown-device') {
    logger.info('error triaged', { correlationId: outcome.incident.incidentId, deviceId: outcome.incident.deviceId, code: outcome.incident.code, outcome: outcome.kind });
    metrics.addMetric(outcome.kind === 'opened' ? 'IncidentsOpened' : 'IncidentRepeats', MetricUnit.Count, 1);
  }
  metrics.publishStoredMetrics();
};
