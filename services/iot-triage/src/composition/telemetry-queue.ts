/**
 * telemetry-queue: consumer of the telemetry queue (the telemetry topic rule's SQS action, batched by the event
 * source mapping). Readings are grouped per device and replayed in receive order through the detectors; a
 * malformed record is logged with its reason and counted, never thrown (it would redeliver the good readings).
 */
import type { SQSEvent } from 'aws-lambda';
import { MetricUnit } from '@switchboard/shared/logging';
import { ingestTelemetryBatch, type InboundMessage } from '../application/intake.ts';
import type { TriageEngine } from '../application/triage-engine.ts';
import { inboundMessage, topicRuleEventSchema } from '../adapters/topic-rule.ts';
import { detectionRulesOf, loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient, logger, metrics, triageEngine } from './aws-parts.ts';
import { actionPorts, triageAgent } from './actions.ts';

/** Rejections logged one by one per batch (the rest are counted). */
const LOGGED_REJECTIONS = 10;

export function telemetryQueueHandler(env: HandlerEnv<'telemetry-queue'> = loadHandlerEnv('telemetry-queue')) {
  const documents = documentClient();
  const ports = actionPorts(env, documents);
  let engine: TriageEngine | undefined;
  const built = triageEngine(env, documents, { ...ports, agent: triageAgent(env, () => engine!) });
  engine = built.engine;
  const rules = detectionRulesOf(env);
  const intake = { engine, devices: built.devices, rules: async () => rules };

  return async (event: SQSEvent): Promise<void> => {
    const messages: InboundMessage[] = [];
    const unreadable: Array<{ messageId: string; reason: string }> = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        unreadable.push({ messageId: record.messageId, reason: 'the body is not JSON' });
        continue;
      }
      const parsed = topicRuleEventSchema.safeParse(body);
      if (parsed.success) messages.push(inboundMessage(parsed.data));
      else
        unreadable.push({
          messageId: record.messageId,
          reason: parsed.error.issues
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ')
            .slice(0, 300),
        });
    }
    const result = await ingestTelemetryBatch(intake, messages);
    for (const record of unreadable.slice(0, LOGGED_REJECTIONS)) logger.warn('telemetry record unreadable', record);
    for (const rejection of result.rejected.slice(0, LOGGED_REJECTIONS)) logger.warn('telemetry rejected', { ...rejection });
    metrics.addMetric('TelemetryAccepted', MetricUnit.Count, result.accepted);
    metrics.addMetric('MessagesRejected', MetricUnit.Count, result.rejected.length + unreadable.length);
    metrics.addMetric('TelemetryStale', MetricUnit.Count, result.stale);
    metrics.addMetric('DetectorSignals', MetricUnit.Count, result.signals.length);
    metrics.publishStoredMetrics();
  };
}
