/**
 * A sample service that uses every component the way a real service does (API + table + subscriptions to a
 * Lambda and to a queue + a queue consumer + a Fargate task). The component tests deploy it under mocks for
 * dev and prod, so the components are proven even before the five services wire theirs in.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CalloutRequested, SmsDeflectionRequested, SmsOptedOut } from '@switchboard/shared/contracts';
import { defineTable } from '@switchboard/shared/dynamo';
import { FargateService, HttpApi, LambdaFunction, Subscription, Table, createDeadLetterQueue, type Platform } from '../../components/index.ts';

export const sampleTable = defineTable({
  name: 'requests',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [{ name: 'by-status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'createdAt', type: 'N' } }],
  ttlAttribute: 'expiresAt',
});

export interface SampleServiceArgs {
  readonly platform: Platform;
  readonly config: Record<string, never>;
}

export class SampleService extends pulumi.ComponentResource {
  readonly apiUrl: pulumi.Output<string>;

  constructor(name: string, args: SampleServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:sample:SampleService', name, {}, opts);
    const { platform } = args;

    const table = new Table(`${name}-requests`, { platform, service: 'sample', definition: sampleTable }, { parent: this });
    const tableAccess = {
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      Resource: [table.arn, pulumi.interpolate`${table.arn}/index/*`],
    };

    const api = new LambdaFunction(
      `${name}-api`,
      { platform, service: 'sample', handler: 'api', statements: [tableAccess], environment: { REQUESTS_TABLE: table.name } },
      { parent: this },
    );
    const http = new HttpApi(`${name}-http`, { platform, function: api }, { parent: this });

    const onCallout = new LambdaFunction(
      `${name}-on-callout`,
      {
        platform,
        service: 'sample',
        handler: 'on-callout-requested',
        statements: [tableAccess, { Action: 'events:PutEvents', Resource: platform.bus.arn }],
        asyncInvocation: { maximumRetryAttempts: 2 },
      },
      { parent: this },
    );
    new Subscription(`${name}-callout-requested`, { platform, contract: CalloutRequested, target: { function: onCallout } }, { parent: this });

    const workDlq = createDeadLetterQueue(`${name}-work`, platform, this, 'sample work items');
    const work = new aws.sqs.Queue(
      `${name}-work`,
      {
        sqsManagedSseEnabled: true,
        visibilityTimeoutSeconds: 60,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: workDlq.queue.arn, maxReceiveCount: 5 }),
        tags: platform.tags,
      },
      { parent: this },
    );
    new Subscription(
      `${name}-deflection-requested`,
      { platform, contract: [SmsDeflectionRequested, SmsOptedOut], target: { queue: work } },
      { parent: this },
    );
    const worker = new LambdaFunction(
      `${name}-worker`,
      {
        platform,
        service: 'sample',
        handler: 'worker',
        reservedConcurrency: 2,
        statements: [{ Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: work.arn }],
      },
      { parent: this },
    );
    new aws.lambda.EventSourceMapping(
      `${name}-worker-source`,
      { eventSourceArn: work.arn, functionName: worker.functionName, batchSize: 5 },
      { parent: this },
    );

    new FargateService(
      `${name}-pbx`,
      {
        platform,
        service: 'sample',
        image: 'public.ecr.aws/docker/library/alpine:3.20',
        ingress: [{ protocol: 'udp', fromPort: 5060, cidrBlocks: ['3.80.16.0/23'], description: 'SIP from the Voice Connector' }],
        statements: [{ Action: ['chime:GetVoiceConnector'], Resource: 'arn:aws:chime:eu-central-1:123456789012:vc/sample' }],
      },
      { parent: this },
    );

    this.apiUrl = http.url;
    this.registerOutputs({ apiUrl: this.apiUrl });
  }
}
