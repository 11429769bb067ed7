/**
 * A dead-letter queue (SQS, SSE) and the alarm that fires as soon as one message lands in it: a dead letter
 * is work the platform failed to do, so someone must hear about it.
 */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { Platform } from './platform.ts';
import { anyOccurrenceAlarm } from './alarm.ts';

export interface DeadLetterQueue {
  readonly queue: aws.sqs.Queue;
  readonly alarm: aws.cloudwatch.MetricAlarm;
}

export function createDeadLetterQueue(name: string, platform: Platform, parent: pulumi.Resource, what: string): DeadLetterQueue {
  const queue = new aws.sqs.Queue(
    `${name}-dlq`,
    {
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: platform.settings.deadLetterRetentionSeconds,
      tags: { ...platform.tags, purpose: tagValue(`dead letters of ${what}`) },
    },
    { parent },
  );
  const alarm = anyOccurrenceAlarm(
    `${name}-dlq-alarm`,
    {
      description: `Dead letters of ${what}: inspect and redrive ${name}-dlq`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queue.name },
      statistic: 'Maximum',
    },
    platform,
    { parent },
  );
  return { queue, alarm };
}

/**
 * A tag value every AWS tagging API accepts: letters, digits, spaces and `_ . : / = + - @`, at most 256 characters
 * (SQS and others reject `(`, `)` or `,`).
 */
export function tagValue(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 256);
}
