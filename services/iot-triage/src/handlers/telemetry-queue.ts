/**
 * Consumer of the telemetry queue (the telemetry topic rule's SQS action, batched by the event source mapping).
 * Readings are grouped per device and replayed in receive order through the detectors; malformed ones are counted.
 */
import type { SQSEvent } from 'aws-lambda';
import { MetricUnit } from '@switchboard/shared/logging';
import { ingestTelemetryBatch, type InboundMessage } from '../application/intake.ts';
import { inboundMessage, topicRuleEventSchema } from '../adapters/topic-rule.ts';
import { logger, metrics, runtime } from '../adapters/aws/runtime.ts';

export const handler = async (event: SQSEvent) => {
  const messages: InboundMessage[] = [];
  let unreadable = 0;
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const parsed = topicRuleEventSchema.safeParse(body);
    if (parsed.success) messages.push(inboundMessage(parsed.data));
    else unreadable += 1;
  }
  const result = await ingestTelemetryBatch(runtime().service.intake, messages);
  for (const rejection of result.rejected.slice(0, 10)) logger.warn('telemetry rejected', { ...rejection });
  metrics.addMetric('TelemetryAccepted', MetricUnit.Count, result.accepted);
  metrics.addMetric('MessagesRejected', MetricUnit.Count, result.rejected.length + unreadable);
  metrics.addMetric('TelemetryStale', MetricUnit.Count, result.stale);
  metrics.addMetric('DetectorSignals', MetricUnit.Count, result.signals.length);
  metrics.publishStoredMetrics();
};
