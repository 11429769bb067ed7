import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { Platform } from './platform.ts';

export interface AnyOccurrenceAlarmArgs {
  /** What an operator reads first: what happened and where to look. */
  description: pulumi.Input<string>;
  namespace: pulumi.Input<string>;
  metricName: pulumi.Input<string>;
  dimensions?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** @default 'Sum' */
  statistic?: 'Sum' | 'Maximum';
}

/**
 * The platform's one alarm shape: fire when the metric is above zero in any 5-minute period (an error, a failed
 * execution, a dead letter), notify the stage's alarm topic, stay quiet when there is no data.
 */
export function anyOccurrenceAlarm(
  name: string,
  args: AnyOccurrenceAlarmArgs,
  platform: Pick<Platform, 'alarmTopicArn' | 'tags'>,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    name,
    {
      alarmDescription: args.description,
      namespace: args.namespace,
      metricName: args.metricName,
      dimensions: args.dimensions,
      statistic: args.statistic ?? 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [platform.alarmTopicArn],
      tags: platform.tags,
    },
    opts,
  );
}
