/**
 * `Subscription`: the consumer's side of an event contract — an EventBridge rule on the stage bus whose pattern
 * is the contract's own `pattern` object (never string literals), a target (Lambda or SQS), a retry policy and
 * an encrypted dead-letter queue for events EventBridge could not deliver, plus the permission to deliver.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AnyEventContract } from '@switchboard/shared/contracts';
import { createDeadLetterQueue } from './dead-letter-queue.ts';
import type { LambdaFunction } from './lambda-function.ts';
import type { Platform } from './platform.ts';

export type SubscriptionTarget =
  | { readonly function: LambdaFunction }
  /** The queue's policy is created here: a queue takes one Subscription (list several contracts in it). */
  | { readonly queue: aws.sqs.Queue };

/** Queues already targeted: a second QueuePolicy on the same queue would silently replace the first. */
const subscribedQueues = new WeakMap<aws.sqs.Queue, string>();

/** The rule pattern: the contract's own, or `$or` of several (the local bus matches `$or` the same way). */
export function subscriptionPattern(contracts: readonly AnyEventContract[]): Record<string, unknown> {
  const [first] = contracts;
  if (contracts.length === 1 && first) return first.pattern as unknown as Record<string, unknown>;
  return { $or: contracts.map((contract) => contract.pattern) };
}

export interface SubscriptionRetryPolicy {
  /**
   * Delivery attempts after the first (0–185).
   * @default 10
   */
  readonly maximumRetryAttempts?: number;
  /**
   * Seconds EventBridge keeps retrying an event (60–86400).
   * @default 3600
   */
  readonly maximumEventAgeSeconds?: number;
}

export interface SubscriptionArgs {
  /** The stage platform (bus, settings, tags). */
  readonly platform: Platform;
  /** The contract subscribed to (or several, matched with `$or`); its `pattern` becomes the rule. */
  readonly contract: AnyEventContract | readonly AnyEventContract[];
  /** Where matching events go. A Lambda target must be created with `asyncInvocation` (its own retries + DLQ). */
  readonly target: SubscriptionTarget;
  /**
   * EventBridge delivery retries.
   * @default { maximumRetryAttempts: 10, maximumEventAgeSeconds: 3600 }
   */
  readonly retryPolicy?: SubscriptionRetryPolicy;
  /**
   * Rule description.
   * @default `${detailTypes} → ${name}`
   */
  readonly description?: string;
}

export class Subscription extends pulumi.ComponentResource {
  readonly rule: aws.cloudwatch.EventRule;
  readonly target: aws.cloudwatch.EventTarget;
  readonly deadLetterQueue: aws.sqs.Queue;

  constructor(name: string, args: SubscriptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:events:Subscription', name, {}, opts);
    const { platform } = args;
    const owner = `Subscription ${name}`;
    const contracts: readonly AnyEventContract[] = Array.isArray(args.contract) ? args.contract : [args.contract as AnyEventContract];
    if (contracts.length === 0) throw new Error(`${owner}: at least one contract is required`);
    for (const contract of contracts) {
      if (!contract || typeof contract.pattern !== 'object' || !contract.source || !contract.detailType) {
        throw new Error(`${owner}: contract must be an event contract from @switchboard/shared/contracts`);
      }
    }
    const detailTypes = contracts.map((contract) => contract.detailType).join(', ');
    const retries = args.retryPolicy?.maximumRetryAttempts ?? 10;
    const eventAge = args.retryPolicy?.maximumEventAgeSeconds ?? 3600;
    if (!Number.isInteger(retries) || retries < 0 || retries > 185) throw new Error(`${owner}: retryPolicy.maximumRetryAttempts must be 0–185`);
    if (!Number.isInteger(eventAge) || eventAge < 60 || eventAge > 86400)
      throw new Error(`${owner}: retryPolicy.maximumEventAgeSeconds must be 60–86400`);
    if ('queue' in args.target) {
      const previous = subscribedQueues.get(args.target.queue);
      if (previous) throw new Error(`${owner}: the queue is already the target of Subscription ${previous}; list both contracts in one Subscription`);
      subscribedQueues.set(args.target.queue, name);
    }
    if ('function' in args.target && !args.target.function.deadLetterQueue) {
      throw new Error(
        `${owner}: LambdaFunction target must be created with asyncInvocation (EventBridge invokes it asynchronously; failed runs need retries and a DLQ)`,
      );
    }

    this.rule = new aws.cloudwatch.EventRule(
      `${name}-rule`,
      {
        eventBusName: platform.bus.name,
        description: args.description ?? `${detailTypes} → ${name}`,
        eventPattern: JSON.stringify(subscriptionPattern(contracts)),
        tags: platform.tags,
      },
      { parent: this },
    );

    const dlq = createDeadLetterQueue(name, platform, this, `${detailTypes} deliveries to ${name}`);
    this.deadLetterQueue = dlq.queue;
    new aws.sqs.QueuePolicy(
      `${name}-dlq-policy`,
      {
        queueUrl: dlq.queue.url,
        policy: sendFromRulePolicy(dlq.queue.arn, this.rule.arn),
      },
      { parent: this },
    );

    const targetArn = 'function' in args.target ? args.target.function.arn : args.target.queue.arn;
    if ('function' in args.target) {
      new aws.lambda.Permission(
        `${name}-invoke-permission`,
        { action: 'lambda:InvokeFunction', function: args.target.function.functionName, principal: 'events.amazonaws.com', sourceArn: this.rule.arn },
        { parent: this },
      );
    } else {
      new aws.sqs.QueuePolicy(
        `${name}-target-policy`,
        { queueUrl: args.target.queue.url, policy: sendFromRulePolicy(args.target.queue.arn, this.rule.arn) },
        { parent: this },
      );
    }

    this.target = new aws.cloudwatch.EventTarget(
      `${name}-target`,
      {
        rule: this.rule.name,
        eventBusName: platform.bus.name,
        arn: targetArn,
        retryPolicy: { maximumRetryAttempts: retries, maximumEventAgeInSeconds: eventAge },
        deadLetterConfig: { arn: dlq.queue.arn },
      },
      { parent: this },
    );
    this.registerOutputs({ ruleArn: this.rule.arn, deadLetterQueueUrl: dlq.queue.url });
  }
}

function sendFromRulePolicy(queueArn: pulumi.Output<string>, ruleArn: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
    ],
  });
}
