/**
 * `Schedule`: an EventBridge Scheduler schedule that invokes one Lambda — with its own role (assumable only by
 * Scheduler for this account's default schedule group), a retry policy and an encrypted dead-letter queue that alarms.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { createDeadLetterQueue } from './dead-letter-queue.ts';
import { assumeRolePolicy, policyDocument } from './iam.ts';
import type { LambdaFunction } from './lambda-function.ts';
import type { Platform } from './platform.ts';

export interface ScheduleArgs {
  readonly platform: Platform;
  /** Physical-name part, e.g. `sms-sweep`. */
  readonly name: string;
  /** `rate(1 minute)`, `cron(…)`. */
  readonly scheduleExpression: string;
  readonly target: LambdaFunction;
  /** What the dead letters are, for the alarm's description. */
  readonly description: string;
  /**
   * Scheduler's retries of a failed delivery.
   * @default { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } (a missed tick is replaced by the next one)
   */
  readonly retryPolicy?: { readonly maximumRetryAttempts: number; readonly maximumEventAgeInSeconds: number };
}

export class Schedule extends pulumi.ComponentResource {
  readonly schedule: aws.scheduler.Schedule;
  readonly deadLetterQueue: aws.sqs.Queue;

  constructor(name: string, args: ScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:scheduling:Schedule', name, {}, opts);
    const { platform } = args;
    if (!/^(rate|cron|at)\(.+\)$/.test(args.scheduleExpression))
      throw new Error(`Schedule ${name}: "${args.scheduleExpression}" is not rate(…), cron(…) or at(…)`);
    const parent = { parent: this };
    const dlq = createDeadLetterQueue(name, platform, this, `${args.description} the scheduler could not deliver`);
    this.deadLetterQueue = dlq.queue;
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: assumeRolePolicy('scheduler.amazonaws.com', {
          account: platform.account,
          sourceArn: pulumi.interpolate`arn:aws:scheduler:${platform.region}:${platform.account}:schedule-group/default`,
        }),
        tags: platform.tags,
      },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: policyDocument([
          { Sid: 'InvokeTarget', Action: ['lambda:InvokeFunction'], Resource: args.target.arn },
          { Sid: 'DeadLetters', Action: ['sqs:SendMessage'], Resource: dlq.queue.arn },
        ]),
      },
      parent,
    );
    this.schedule = new aws.scheduler.Schedule(
      `${name}-schedule`,
      {
        name: platform.physicalName(args.name),
        scheduleExpression: args.scheduleExpression,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: args.target.arn,
          roleArn: role.arn,
          retryPolicy: args.retryPolicy ?? { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
          deadLetterConfig: { arn: dlq.queue.arn },
        },
      },
      { parent: this, dependsOn: [policy] },
    );
    this.registerOutputs({ scheduleArn: this.schedule.arn });
  }
}
