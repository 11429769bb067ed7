/**
 * `switchboard:forwarding:ForwardingService` — everything the forwarding service deploys on a stage:
 *
 * - the forwards table (same definition the local stage gives dynalite);
 * - the prompts bucket (private; readable only by the Chime voice service on behalf of this SIP media application)
 *   with the two recorded prompts;
 * - the SIP media application and its handler (reads the table, publishes CallForwarded, nothing else);
 * - the CallForwarded subscriber that counts forwarded calls per UTC day in the table (UpdateItem only);
 * - the product-switch state machine (Standard: advance → wait → advance, so no Lambda sleeps) and its worker;
 * - the API function behind an HTTP API with the platform's Cognito authorizer; CORS is the page's origin only,
 *   answered by the app (the origin is only known once CloudFront exists);
 * - the self-service page: a private bucket behind CloudFront with origin access control.
 *
 * IAM: `chime:` actions are listed one by one; association calls are scoped to this account's Voice Connectors,
 * the rest of the Chime SDK voice phone-number and SIP-rule actions do not support resource-level permissions.
 */
import { readFileSync } from 'node:fs';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CallForwarded } from '@switchboard/shared/contracts';
import {
  anyOccurrenceAlarm,
  assumeRolePolicy,
  createSipMediaApplication,
  HttpApi,
  LambdaFunction,
  PrivateBucket,
  Subscription,
  Table,
  type Platform,
} from '@switchboard/infra/components';
import { forwardsTable } from '../src/adapters/forwards-table.ts';
import { handlerEnv } from '../src/config.ts';
import { switchStateMachineDefinition } from '../src/adapters/aws/step-functions-switch-scheduler.ts';
import { pageConfigPath, pageFile, type PageConfig } from '../src/page/page.ts';
import { forwardingConfigSchema, type ForwardingConfig } from './config.ts';

export { forwardingConfigSchema, type ForwardingConfig };

export interface ForwardingServiceArgs {
  /** The stage platform (bus, user pool, names, settings). */
  readonly platform: Platform;
  /** The `switchboard:forwarding` slice, parsed by `forwardingConfigSchema`. @default forwardingConfigSchema defaults */
  readonly config?: ForwardingConfig;
}

const prompts = {
  pleaseWait: 'please_wait_while_we_try_to_connect_you.wav',
  unableToConnect: 'we_were_unable_to_connect_your_call.wav',
} as const;

export class ForwardingService extends pulumi.ComponentResource {
  readonly apiUrl: pulumi.Output<string>;
  readonly pageUrl: pulumi.Output<string>;
  readonly sipMediaApplicationId: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly stateMachineArn: pulumi.Output<string>;

  constructor(name: string, args: ForwardingServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:forwarding:ForwardingService', name, {}, opts);
    const { platform } = args;
    const parsed = forwardingConfigSchema.safeParse(args.config ?? undefined);
    if (!parsed.success) throw new Error(`ForwardingService ${name}: invalid config: ${parsed.error.message}`);
    const config = parsed.data;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const region = platform.region;

    // Table
    const table = new Table(`${name}-forwards`, { platform, service: 'forwarding', definition: forwardsTable }, { parent: this });
    const tableIndexes = pulumi.interpolate`${table.arn}/index/*`;

    // Prompts bucket, readable by the Chime voice service for this account only.
    const promptsBucket = new PrivateBucket(
      `${name}-prompts`,
      {
        platform,
        name: 'forwarding-prompts',
        grants: (arn) => [
          {
            Sid: 'ChimeVoiceReadsPrompts',
            Effect: 'Allow',
            Principal: { Service: 'voiceconnector.chime.amazonaws.com' },
            Action: ['s3:GetObject'],
            Resource: pulumi.interpolate`${arn}/*`,
            Condition: {
              StringEquals: { 'aws:SourceAccount': account },
              ArnLike: { 'aws:SourceArn': pulumi.interpolate`arn:aws:chime:${region}:${account}:sma/*` },
            },
          },
        ],
      },
      { parent: this },
    );
    for (const key of Object.values(prompts)) {
      new aws.s3.BucketObjectv2(
        `${name}-prompt-${key.replace(/\.wav$/, '').replaceAll('_', '-')}`,
        {
          bucket: promptsBucket.id,
          key,
          source: new pulumi.asset.FileAsset(new URL(`../assets/prompts/${key}`, import.meta.url).pathname),
          contentType: 'audio/wav',
        },
        { parent: this },
      );
    }

    // SIP media application handler: reads forwards, publishes CallForwarded. 3 s: the service retries after 5.
    const sma = new LambdaFunction(
      `${name}-sma`,
      {
        platform,
        service: 'forwarding',
        handler: 'sma',
        envSchema: handlerEnv.sma,
        timeoutSeconds: 3,
        memoryMb: 1024,
        telephony: true,
        description: 'forwarding: SIP media application handler (CallAndBridge to the forward destinations)',
        statements: [
          { Sid: 'ReadForwards', Action: ['dynamodb:GetItem'], Resource: table.arn },
          { Sid: 'PublishCallForwarded', Action: ['events:PutEvents'], Resource: platform.bus.arn },
        ],
        environment: {
          FORWARDS_TABLE: table.name,
          PROMPTS_BUCKET: promptsBucket.bucket,
          PLEASE_WAIT_KEY: prompts.pleaseWait,
          UNABLE_TO_CONNECT_KEY: prompts.unableToConnect,
          POLLY_VOICE_ID: config.pollyVoiceId,
          POLLY_LANGUAGE_CODE: config.pollyLanguageCode,
          // The same toll-fraud policy as the API: a destination refused today is not dialled, whenever it was saved.
          ALLOWED_COUNTRIES: config.allowedCountries.join(','),
          MAX_DESTINATIONS: String(config.maxDestinations),
        },
      },
      { parent: this },
    );
    const sipMediaApplication = createSipMediaApplication(name, { handler: sma, physicalName: 'forwarding', account }, platform, this);
    // Forwarded calls per UTC day, counted from the SMA's own CallForwarded (GET /calls/summary reads them).
    const callCounter = new LambdaFunction(
      `${name}-call-counter`,
      {
        platform,
        service: 'forwarding',
        handler: 'call-counter',
        envSchema: handlerEnv['call-counter'],
        asyncInvocation: {},
        description: 'forwarding: counts forwarded calls per UTC day by outcome, from CallForwarded',
        // The counter and the per-event marker are both UpdateItem writes (see dynamodb-forwarded-call-counts.ts).
        statements: [{ Sid: 'CountForwardedCalls', Action: ['dynamodb:UpdateItem'], Resource: table.arn }],
        environment: { FORWARDS_TABLE: table.name },
      },
      { parent: this },
    );
    new Subscription(`${name}-call-forwarded-events`, { platform, contract: CallForwarded, target: { function: callCounter } }, { parent: this });

    // Product switches: worker + Standard state machine (its Wait state is what replaces the sample's busy-wait).
    const chimeNumberActions = [
      'chime:GetPhoneNumber',
      'chime:UpdatePhoneNumber',
      'chime:ListSipRules',
      'chime:GetSipRule',
      'chime:CreateSipRule',
      'chime:UpdateSipRule',
      'chime:DeleteSipRule',
    ];
    const worker = new LambdaFunction(
      `${name}-switch-worker`,
      {
        platform,
        service: 'forwarding',
        handler: 'switch-worker',
        envSchema: handlerEnv['switch-worker'],
        timeoutSeconds: 60,
        description: 'forwarding: one round of a phone-number product switch (recorded, resumable, rolls back)',
        statements: [
          { Sid: 'Journal', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: table.arn },
          { Sid: 'PhoneNumbersAndSipRules', Action: chimeNumberActions, Resource: '*' },
          {
            Sid: 'VoiceConnectorAssociations',
            Action: ['chime:AssociatePhoneNumbersWithVoiceConnector', 'chime:DisassociatePhoneNumbersFromVoiceConnector'],
            Resource: pulumi.interpolate`arn:aws:chime:${region}:${account}:vc/*`,
          },
        ],
        environment: { FORWARDS_TABLE: table.name, SIP_MEDIA_APPLICATION_ID: sipMediaApplication.id },
      },
      { parent: this },
    );
    const stateMachineLogs = new aws.cloudwatch.LogGroup(
      `${name}-switch-logs`,
      {
        name: `/aws/vendedlogs/states/${platform.physicalName('forwarding-switch')}`,
        retentionInDays: platform.settings.logRetentionDays,
        tags: platform.tags,
      },
      { parent: this },
    );
    const stateMachineRole = new aws.iam.Role(
      `${name}-switch-role`,
      {
        assumeRolePolicy: assumeRolePolicy('states.amazonaws.com', {
          account,
          sourceArn: pulumi.interpolate`arn:aws:states:${region}:${account}:stateMachine:${platform.physicalName('forwarding-switch')}`,
        }),
        description: 'forwarding product switches: invoke the worker, write execution logs',
        tags: platform.tags,
      },
      { parent: this },
    );
    const stateMachinePolicy = new aws.iam.RolePolicy(
      `${name}-switch-policy`,
      {
        role: stateMachineRole.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'InvokeWorker', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [worker.arn, pulumi.interpolate`${worker.arn}:*`] },
            {
              // CloudWatch Logs delivery for Step Functions needs these account-level actions (no resource-level scoping).
              Sid: 'ExecutionLogs',
              Effect: 'Allow',
              Action: [
                'logs:CreateLogDelivery',
                'logs:GetLogDelivery',
                'logs:UpdateLogDelivery',
                'logs:DeleteLogDelivery',
                'logs:ListLogDeliveries',
                'logs:PutResourcePolicy',
                'logs:DescribeResourcePolicies',
                'logs:DescribeLogGroups',
              ],
              Resource: '*',
            },
          ],
        }),
      },
      { parent: this },
    );
    const stateMachine = new aws.sfn.StateMachine(
      `${name}-switch`,
      {
        name: platform.physicalName('forwarding-switch'),
        type: 'STANDARD',
        roleArn: stateMachineRole.arn,
        definition: worker.arn.apply((arn) => JSON.stringify(switchStateMachineDefinition(arn))),
        loggingConfiguration: { level: 'ERROR', includeExecutionData: false, logDestination: pulumi.interpolate`${stateMachineLogs.arn}:*` },
        tags: platform.tags,
      },
      { parent: this, dependsOn: [stateMachinePolicy] },
    );

    // A switch whose execution fails has stopped half way until someone repeats the request: tell the operators.
    anyOccurrenceAlarm(
      `${name}-switch-failed-alarm`,
      {
        description: `${platform.physicalName('forwarding-switch')}: a product switch execution failed; see the number's history and the execution log`,
        namespace: 'AWS/States',
        metricName: 'ExecutionsFailed',
        dimensions: { StateMachineArn: stateMachine.arn },
      },
      platform,
      { parent: this },
    );

    // Page hosting: private bucket, CloudFront with origin access control.
    // The page bucket's grant names the distribution, which names the bucket: the grant is resolved lazily.
    const later: { distributionArn?: pulumi.Output<string> } = {};
    const pageBucket = new PrivateBucket(
      `${name}-page`,
      {
        platform,
        name: 'forwarding-page',
        grants: (arn) => [
          {
            Sid: 'CloudFrontReadsPage',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: ['s3:GetObject'],
            Resource: pulumi.interpolate`${arn}/*`,
            Condition: { StringEquals: { 'AWS:SourceArn': pulumi.output(0).apply(() => later.distributionArn!) } },
          },
        ],
      },
      { parent: this },
    );
    const originAccess = new aws.cloudfront.OriginAccessControl(
      `${name}-page-oac`,
      { name: platform.physicalName('forwarding-page'), originAccessControlOriginType: 's3', signingBehavior: 'always', signingProtocol: 'sigv4' },
      { parent: this },
    );
    const distribution = new aws.cloudfront.Distribution(
      `${name}-page-cdn`,
      {
        enabled: true,
        comment: `${platform.physicalName('forwarding')} self-service page`,
        defaultRootObject: 'index.html',
        origins: [{ originId: 'page', domainName: pageBucket.bucketRegionalDomainName, originAccessControlId: originAccess.id }],
        defaultCacheBehavior: {
          targetOriginId: 'page',
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          // AWS managed "CachingOptimized" policy; the page is two small files.
          cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          // AWS managed "SecurityHeadersPolicy" (HSTS, nosniff, frame options, referrer policy).
          responseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
        },
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
        priceClass: 'PriceClass_100',
        tags: platform.tags,
      },
      { parent: this },
    );
    later.distributionArn = distribution.arn;
    const pageOrigin: pulumi.Output<string> = config.pageOrigin
      ? pulumi.output(config.pageOrigin)
      : pulumi.interpolate`https://${distribution.domainName}`;

    // API
    const api = new LambdaFunction(
      `${name}-api`,
      {
        platform,
        service: 'forwarding',
        handler: 'api',
        envSchema: handlerEnv.api,
        timeoutSeconds: 15,
        description: 'forwarding: REST API (forwards, numbers, history)',
        statements: [
          {
            Sid: 'Forwards',
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
            Resource: [table.arn, tableIndexes],
          },
          {
            Sid: 'ReadInventory',
            Action: ['chime:ListPhoneNumbers', 'chime:GetPhoneNumber', 'chime:ListVoiceConnectors', 'chime:ListSipRules'],
            Resource: '*',
          },
          { Sid: 'StartSwitch', Action: ['states:StartExecution'], Resource: stateMachine.arn },
          { Sid: 'PublishForwardChanged', Action: ['events:PutEvents'], Resource: platform.bus.arn },
        ],
        environment: {
          FORWARDS_TABLE: table.name,
          SIP_MEDIA_APPLICATION_ID: sipMediaApplication.id,
          SWITCH_STATE_MACHINE_ARN: stateMachine.arn,
          USER_POOL_ID: platform.userPool.id,
          USER_POOL_CLIENT_ID: platform.userPool.clientId,
          PAGE_ORIGIN: pageOrigin,
          CONSOLE_ORIGIN: platform.consoleOrigin,
          ALLOWED_COUNTRIES: config.allowedCountries.join(','),
          MAX_DESTINATIONS: String(config.maxDestinations),
          RATE_LIMIT_CHANGES: String(config.rateLimitChanges),
          RATE_LIMIT_WINDOW_SECONDS: String(config.rateLimitWindowSeconds),
        },
      },
      { parent: this },
    );
    // CORS is the app's job (PAGE_ORIGIN); API Gateway forwards preflights to it through a public OPTIONS route.
    const http = new HttpApi(
      `${name}-http`,
      {
        platform,
        function: api,
        routes: ['GET /{proxy+}', 'PUT /{proxy+}', 'DELETE /{proxy+}'],
        publicRoutes: ['GET /health', 'GET /openapi.json', 'OPTIONS /{proxy+}'],
        allowedOrigins: [],
      },
      { parent: this },
    );

    // The page and its configuration.
    new aws.s3.BucketObjectv2(
      `${name}-page-index`,
      {
        bucket: pageBucket.id,
        key: 'index.html',
        content: readFileSync(pageFile, 'utf8'),
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'no-cache',
      },
      { parent: this },
    );
    new aws.s3.BucketObjectv2(
      `${name}-page-config`,
      {
        bucket: pageBucket.id,
        key: pageConfigPath.slice(1),
        content: pulumi
          .all([http.url, platform.userPool.clientId, pageOrigin, platform.userPool.domain])
          .apply(([apiBase, clientId, origin, authDomain]) =>
            JSON.stringify({
              apiBase,
              auth: { kind: 'cognito', domain: authDomain, clientId, redirectUri: `${origin}/` },
              stage: platform.stage,
            } satisfies PageConfig),
          ),
        contentType: 'application/json',
        cacheControl: 'no-cache',
      },
      { parent: this },
    );

    this.apiUrl = http.url;
    this.pageUrl = pageOrigin;
    this.sipMediaApplicationId = sipMediaApplication.id;
    this.tableName = table.name;
    this.stateMachineArn = stateMachine.arn;
    this.registerOutputs({
      apiUrl: this.apiUrl,
      pageUrl: this.pageUrl,
      sipMediaApplicationId: this.sipMediaApplicationId,
      tableName: this.tableName,
    });
  }
}
