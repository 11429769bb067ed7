/**
 * error-rule: target of the errors topic rule (`devices/+/errors`, device id = topic(2)). A malformed or
 * impersonating message is logged with its reason and counted, never thrown (a retry would not make it valid); a
 * failure of the service propagates so the rule's asynchronous invocation retries and then dead-letters it.
 */
import { MetricUnit } from '@switchboard/shared/logging';
import { ingestError } from '../application/intake.ts';
import type { TriageEngine } from '../application/triage-engine.ts';
import { inboundMessage, topicRuleEventSchema } from '../adapters/topic-rule.ts';
import { defaultDetectionRules } from '../domain/detectors.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient, logger, metrics, triageEngine } from './aws-parts.ts';
import { actionPorts, triageAgent } from './actions.ts';

export function errorRuleHandler(env: HandlerEnv<'error-rule'> = loadHandlerEnv('error-rule')) {
  const documents = documentClient();
  const ports = actionPorts(env, documents);
  let engine: TriageEngine | undefined;
  const built = triageEngine(env, documents, { ...ports, agent: triageAgent(env, () => engine!) });
  engine = built.engine;
  const intake = { engine, devices: built.devices, rules: async () => defaultDetectionRules };

  return async (event: unknown): Promise<void> => {
    const parsed = topicRuleEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.warn('not a topic rule event', {
        reason: parsed.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')
          .slice(0, 500),
      });
      metrics.addMetric('MessagesRejected', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      return;
    }
    const { rejected, outcome } = await ingestError(intake, inboundMessage(parsed.data));
    if (rejected) {
      logger.warn('error message rejected', { deviceId: rejected.deviceId, reason: rejected.reason });
      metrics.addMetric('MessagesRejected', MetricUnit.Count, 1);
    } else if (outcome && outcome.kind !== 'unknown-device') {
      logger.info('error triaged', {
        correlationId: outcome.incident.incidentId,
        deviceId: outcome.incident.deviceId,
        code: outcome.incident.code,
        outcome: outcome.kind,
      });
      metrics.addMetric(outcome.kind === 'opened' ? 'IncidentsOpened' : 'IncidentRepeats', MetricUnit.Count, 1);
    }
    metrics.publishStoredMetrics();
  };
}
