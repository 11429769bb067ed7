/**
 * A dead-letter queue (SQS, SSE) and the alarm that fires as soon as one message lands in it: a dead letter
 * is work the platform failed to do, so someone must hear about it.
 */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { Platform } from './platform.ts';

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
      tags: { ...platform.tags, purpose: `dead letters of ${what}` },
    },
    { parent },
  );
  const alarm = new aws.cloudwatch.MetricAlarm(
    `${name}-dlq-alarm`,
    {
      alarmDescription: `Dead letters of ${what}: inspect and redrive ${name}-dlq`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queue.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [platform.alarmTopicArn],
      tags: platform.tags,
    },
    { parent },
  );
  return { queue, alarm };
}
