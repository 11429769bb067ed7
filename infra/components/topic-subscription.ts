/**
 * `TopicSubscription`: an SNS topic delivering to one Lambda — the invoke permission scoped to that topic, then the
 * subscription. SNS invokes asynchronously, so the function must have `asyncInvocation` (retries + DLQ).
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { LambdaFunction } from './lambda-function.ts';

export interface TopicSubscriptionArgs {
  readonly topic: { readonly arn: pulumi.Input<string> };
  readonly function: LambdaFunction;
}

export class TopicSubscription extends pulumi.ComponentResource {
  readonly subscription: aws.sns.TopicSubscription;

  constructor(name: string, args: TopicSubscriptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:events:TopicSubscription', name, {}, opts);
    if (!args.function.deadLetterQueue) {
      throw new Error(
        `TopicSubscription ${name}: the LambdaFunction must be created with asyncInvocation (SNS invokes it asynchronously; failed runs need retries and a DLQ)`,
      );
    }
    const permission = new aws.lambda.Permission(
      `${name}-invoke`,
      { action: 'lambda:InvokeFunction', function: args.function.functionName, principal: 'sns.amazonaws.com', sourceArn: args.topic.arn },
      { parent: this },
    );
    this.subscription = new aws.sns.TopicSubscription(
      `${name}-subscription`,
      { topic: args.topic.arn, protocol: 'lambda', endpoint: args.function.arn },
      { parent: this, dependsOn: [permission] },
    );
    this.registerOutputs({ subscriptionArn: this.subscription.arn });
  }
}
