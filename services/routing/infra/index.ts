/**
 * `switchboard:routing:RoutingService` — everything the routing service deploys on a stage:
 *
 * - the routing table (departments, seeded once with the sample's four departments and the operator)
 *   and the call log, from the same table definitions the local stage gives dynalite;
 * - the Lex V2 bot from the bot definition data (RouteCall + Fallback, department slot type with synonyms
 *   and keypad keys, voice + DTMF), a version, an alias with the code hook and text logs, and a resource
 *   policy that lets only this account's Chime voice service start conversations;
 * - the SIP media application and its handler, and one SIP rule per configured phone number;
 * - a Voice Connector that requires encryption (TLS signalling, SRTP media), with SIP and media-metric
 *   logging, origination to the PBX's DNS name on TLS/5061 and termination from the PBX's address only;
 * - the Asterisk PBX on Fargate (when configured): security group open only to the Voice Connector's
 *   signalling and media ranges and the agents' softphone networks — no SSH, no admin port — SIP
 *   credentials in Secrets Manager, and a Lambda that follows the running task (DNS record + termination
 *   allow list) whenever ECS starts a new one;
 * - the REST API behind an HTTP API with the platform's JWT authorizer, and the call-log subscriber on
 *   routing's own events.
 *
 * IAM: every statement lists its actions; resources are the table, bus, bot alias, hosted zone or Voice
 * Connector they act on, except `ec2:DescribeNetworkInterfaces` and Polly, which have no resource-level
 * permissions.
 */
import { randomBytes } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import * as aws from '@pulumi/aws';
import * as awsNative from '@pulumi/aws-native';
import * as awsx from '@pulumi/awsx';
import * as pulumi from '@pulumi/pulumi';
import { fileURLToPath } from 'node:url';
import {
  assumeRolePolicy,
  anyOccurrenceAlarm,
  createDeadLetterQueue,
  createSipMediaApplication,
  FargateService,
  HttpApi,
  LambdaFunction,
  Subscription,
  Table,
  type Platform,
} from '@switchboard/infra/components';
import { callLogTable } from '../src/adapters/aws/dynamodb-call-log.ts';
import { departmentsTable } from '../src/adapters/aws/dynamodb-departments.ts';
import { CALL_LOG_CONTRACTS } from '../src/application/call-log-recorder.ts';
import { SMS_TEXTING_CONTRACTS } from '../src/application/sms-texting-recorder.ts';
import { textingTable } from '../src/adapters/aws/dynamodb-texting-projection.ts';
import { seedDepartments } from '../src/application/seed-routing-table.ts';
import { routingBotDefinition } from '../src/domain/routing-bot.ts';
import { SEED_DEPARTMENTS } from '../src/domain/seed-departments.ts';
import { handlerEnv } from '../src/config.ts';
import { routingConfigSchema, type RoutingConfig } from './config.ts';
import { botLocaleFrom } from './lex-bot.ts';
import { RTP_PORTS, voiceConnectorRanges } from './voice-connector-ranges.ts';

export { routingConfigSchema, type RoutingConfig };

export interface RoutingServiceArgs {
  /** The stage platform (bus, user pool, network, names, settings). */
  readonly platform: Platform;
  /** The `switchboard:routing` slice, parsed by `routingConfigSchema`. @default routingConfigSchema defaults (no PBX, no numbers) */
  readonly config?: RoutingConfig;
}

const SERVICE = 'routing';

export class RoutingService extends pulumi.ComponentResource {
  readonly apiUrl: pulumi.Output<string>;
  readonly sipMediaApplicationId: pulumi.Output<string>;
  readonly voiceConnectorId: pulumi.Output<string>;
  readonly voiceConnectorOutboundHost: pulumi.Output<string>;
  readonly botAliasArn: pulumi.Output<string>;
  readonly departmentsTableName: pulumi.Output<string>;

  constructor(name: string, args: RoutingServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:routing:RoutingService', name, {}, opts);
    const { platform } = args;
    const parsed = routingConfigSchema.safeParse(args.config ?? undefined);
    if (!parsed.success) throw new Error(`RoutingService ${name}: invalid config: ${parsed.error.message}`);
    const config = parsed.data;
    const ranges = voiceConnectorRanges[platform.region];
    if (!ranges) {
      throw new Error(
        `RoutingService ${name}: no Voice Connector address ranges known for ${platform.region} (Chime SDK voice Regions: ${Object.keys(voiceConnectorRanges).join(', ')})`,
      );
    }
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const region = platform.region;

    // --- tables ---------------------------------------------------------------------------------
    const departments = new Table(`${name}-departments`, { platform, service: SERVICE, definition: departmentsTable }, { parent: this });
    const callLog = new Table(`${name}-call-log`, { platform, service: SERVICE, definition: callLogTable }, { parent: this });
    // Routing's own projection of who sms can text (fed by sms's events; routing never reads sms tables).
    const texting = new Table(`${name}-sms-texting`, { platform, service: SERVICE, definition: textingTable }, { parent: this });
    // Seeded once: later edits through the API must survive every `pulumi up`.
    const seededAt = new Date('2026-01-01T00:00:00.000Z');
    for (const department of seedDepartments(seededAt)) {
      new aws.dynamodb.TableItem(
        `${name}-seed-${department.name}`,
        {
          tableName: departments.name,
          hashKey: departmentsTable.partitionKey.name,
          item: JSON.stringify(marshall(department, { removeUndefinedValues: true })),
        },
        { parent: this, ignoreChanges: ['item'] },
      );
    }

    // --- Lex V2 bot -------------------------------------------------------------------------------
    const definition = routingBotDefinition(SEED_DEPARTMENTS);
    const native = { parent: this, provider: platform.providers.awsNative };
    const lexLogs = new aws.cloudwatch.LogGroup(
      `${name}-lex-logs`,
      { name: `/aws/lex/${platform.physicalName('routing-bot')}`, retentionInDays: platform.settings.logRetentionDays, tags: platform.tags },
      { parent: this },
    );
    const botRole = new aws.iam.Role(
      `${name}-bot-role`,
      {
        assumeRolePolicy: assumeRolePolicy('lexv2.amazonaws.com', { account, sourceArn: pulumi.interpolate`arn:aws:lex:${region}:${account}:bot/*` }),
        description: 'routing bot: speak with Polly, write conversation text logs',
        tags: platform.tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-bot-policy`,
      {
        role: botRole.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            // Polly has no resource-level permissions for synthesis.
            { Sid: 'Speak', Effect: 'Allow', Action: ['polly:SynthesizeSpeech'], Resource: '*' },
            {
              Sid: 'TextLogs',
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: pulumi.interpolate`${lexLogs.arn}:*`,
            },
          ],
        }),
      },
      { parent: this },
    );
    const bot = new awsNative.lex.Bot(
      `${name}-bot`,
      {
        name: platform.physicalName('routing-bot'),
        description: definition.description,
        roleArn: botRole.arn,
        dataPrivacy: { childDirected: false },
        idleSessionTtlInSeconds: definition.idleSessionTtlInSeconds,
        autoBuildBotLocales: true,
        botLocales: [botLocaleFrom(definition)],
        botTags: Object.entries(platform.tags).map(([key, value]) => ({ key, value })),
      },
      native,
    );
    const botVersion = new awsNative.lex.BotVersion(
      `${name}-bot-version`,
      {
        botId: bot.id,
        description: 'routing bot, built from the definition in src/domain/routing-bot.ts',
        botVersionLocaleSpecification: [{ localeId: definition.localeId, botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' } }],
      },
      native,
    );

    const lexHook = new LambdaFunction(
      `${name}-lex-hook`,
      {
        platform,
        service: SERVICE,
        handler: 'lex-hook',
        envSchema: handlerEnv['lex-hook'],
        timeoutSeconds: 3,
        telephony: true,
        description: 'routing: Lex V2 code hook (validates the department against the routing table)',
        statements: [{ Sid: 'ReadRoutingTable', Action: ['dynamodb:Scan'], Resource: departments.arn }],
        environment: { DEPARTMENTS_TABLE: departments.name },
      },
      { parent: this },
    );
    const botAlias = new awsNative.lex.BotAlias(
      `${name}-bot-alias`,
      {
        botId: bot.id,
        botAliasName: 'live',
        botVersion: botVersion.botVersion,
        description: 'the alias the SIP media application talks to',
        botAliasLocaleSettings: [
          {
            localeId: definition.localeId,
            botAliasLocaleSetting: {
              enabled: true,
              codeHookSpecification: { lambdaCodeHook: { codeHookInterfaceVersion: '1.0', lambdaArn: lexHook.arn } },
            },
          },
        ],
        conversationLogSettings: {
          textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: lexLogs.arn, logPrefix: 'routing-bot' } } }],
        },
        sentimentAnalysisSettings: { detectSentiment: false },
      },
      native,
    );
    new aws.lambda.Permission(
      `${name}-lex-hook-invoke`,
      { action: 'lambda:InvokeFunction', function: lexHook.functionName, principal: 'lexv2.amazonaws.com', sourceArn: botAlias.arn },
      { parent: this },
    );
    new awsNative.lex.ResourcePolicy(
      `${name}-bot-policy-chime`,
      {
        resourceArn: botAlias.arn,
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowChimePstnAudioUseBot',
              Effect: 'Allow',
              Principal: { Service: 'voiceconnector.chime.amazonaws.com' },
              Action: 'lex:StartConversation',
              Resource: botAlias.arn,
              Condition: {
                StringEquals: { 'AWS:SourceAccount': account },
                ArnEquals: { 'AWS:SourceArn': pulumi.interpolate`arn:aws:voiceconnector:${region}:${account}:*` },
              },
            },
          ],
        },
      },
      native,
    );

    // --- Voice Connector --------------------------------------------------------------------------
    const voiceConnector = new aws.chime.VoiceConnector(
      `${name}-voice-connector`,
      { name: platform.physicalName('routing-pbx'), awsRegion: region, requireEncryption: true, tags: platform.tags },
      { parent: this },
    );
    new aws.chime.VoiceConnectorLogging(
      `${name}-voice-connector-logging`,
      { voiceConnectorId: voiceConnector.id, enableSipLogs: true, enableMediaMetricLogs: true },
      { parent: this },
    );
    const voiceConnectorArn = pulumi.interpolate`arn:aws:chime:${region}:${account}:vc/${voiceConnector.id}`;

    // --- SIP media application --------------------------------------------------------------------
    const sma = new LambdaFunction(
      `${name}-sma`,
      {
        platform,
        service: SERVICE,
        handler: 'sma',
        envSchema: handlerEnv['sma'],
        // The handler answers within its own 900 ms deadline; Chime retries after 5 s.
        timeoutSeconds: 3,
        memoryMb: 1024,
        telephony: true,
        description: 'routing: SIP media application handler (Lex department → CallAndBridge, fallbacks)',
        statements: [
          { Sid: 'ReadRoutingTable', Action: ['dynamodb:Scan'], Resource: departments.arn },
          { Sid: 'PreloadBotSession', Action: ['lex:PutSession'], Resource: botAlias.arn },
          { Sid: 'PublishRoutingEvents', Action: ['events:PutEvents'], Resource: platform.bus.arn },
          { Sid: 'ReadTextingProjection', Action: ['dynamodb:GetItem'], Resource: texting.arn },
        ],
        environment: {
          DEPARTMENTS_TABLE: departments.name,
          SMS_TEXTING_TABLE: texting.name,
          VOICE_CONNECTOR_ARN: voiceConnectorArn,
          LEX_BOT_ID: bot.id,
          LEX_BOT_ALIAS_ID: botAlias.botAliasId,
          LEX_BOT_ALIAS_ARN: botAlias.arn,
          LEX_LOCALE_ID: definition.localeId,
          FALLBACK_OPERATOR: config.fallbackOperator,
          GREETING: config.greeting,
          VOICE_ID: config.voiceId,
        },
      },
      { parent: this },
    );
    // The telephony handlers never throw (a throw is dead air), so Lambda's Errors metric stays at zero even
    // when every caller is being sent to the fallback. Their ERROR log records are the signal instead.
    for (const [role, fn] of [
      ['sma', sma],
      ['lex-hook', lexHook],
    ] as const) {
      const metricName = `${role === 'sma' ? 'SmaHandler' : 'LexCodeHook'}Errors`;
      new aws.cloudwatch.LogMetricFilter(
        `${name}-${role}-error-logs`,
        {
          logGroupName: fn.logGroup.name,
          // Powertools JSON records carry the level; fallbacks, unreachable tables and failed side effects log ERROR.
          pattern: '{ $.level = "ERROR" }',
          metricTransformation: { name: metricName, namespace: `Switchboard/${platform.stage}/routing`, value: '1', defaultValue: '0' },
        },
        { parent: this },
      );
      anyOccurrenceAlarm(
        `${name}-${role}-error-logs-alarm`,
        {
          description: `routing ${role}: calls are being answered with fallbacks (ERROR records in ${fn.logGroup.name}); see its logs`,
          namespace: `Switchboard/${platform.stage}/routing`,
          metricName,
        },
        platform,
        { parent: this },
      );
    }

    const sipMediaApplication = createSipMediaApplication(name, { handler: sma, physicalName: 'routing', account }, platform, this);
    config.phoneNumbers.forEach((number) => {
      new aws.chime.SdkvoiceSipRule(
        `${name}-sip-rule-${number.slice(1)}`,
        {
          name: platform.physicalName(`routing-${number.slice(1)}`),
          triggerType: 'ToPhoneNumber',
          triggerValue: number,
          targetApplications: [{ awsRegion: region, priority: 1, sipMediaApplicationId: sipMediaApplication.id }],
        },
        { parent: this },
      );
    });

    // --- Asterisk PBX -----------------------------------------------------------------------------
    if (config.pbx) {
      const pbx = config.pbx;
      new aws.chime.VoiceConnectorOrigination(
        `${name}-voice-connector-origination`,
        {
          voiceConnectorId: voiceConnector.id,
          // A name, not an address: the task's IP changes on every start, the certificate's name does not.
          routes: [{ host: pbx.domainName, port: 5061, protocol: 'TCP', priority: 1, weight: 1 }],
          disabled: false,
        },
        { parent: this },
      );
      new aws.chime.VoiceConnectorTermination(
        `${name}-voice-connector-termination`,
        {
          voiceConnectorId: voiceConnector.id,
          callingRegions: [...config.callingRegions],
          // Replaced with the running task's /32 by the pbx-address function on every task start
          // (TEST-NET-1 until then: nothing can use the trunk before the PBX is up).
          cidrAllowLists: ['192.0.2.1/32'],
          cpsLimit: config.terminationCpsLimit,
          disabled: false,
        },
        { parent: this, ignoreChanges: ['cidrAllowLists'] },
      );
      const sipSecret = new aws.secretsmanager.Secret(
        `${name}-pbx-sip-secret`,
        { name: platform.physicalName('routing-pbx-sip'), description: 'Asterisk: SIP passwords of the softphone agents', tags: platform.tags },
        { parent: this },
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-pbx-sip-secret-value`,
        {
          secretId: sipSecret.id,
          secretString: pulumi.secret(JSON.stringify({ agent: randomBytes(18).toString('base64url') })),
        },
        // Generated once; rotate with `aws secretsmanager put-secret-value` and restart the task.
        { parent: this, ignoreChanges: ['secretString'] },
      );
      const hostedZoneArn = `arn:aws:route53:::hostedzone/${pbx.hostedZoneId}`;
      // A prebuilt image, or services/routing/asterisk built for the task's architecture (Docker at `pulumi up`).
      const image =
        pbx.image ??
        new awsx.ecr.Image(
          `${name}-asterisk-image`,
          {
            repositoryUrl: new awsx.ecr.Repository(`${name}-asterisk-repository`, { forceDelete: !platform.settings.protect }, { parent: this }).url,
            context: fileURLToPath(new URL('../asterisk/', import.meta.url)),
            platform: pbx.architecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64',
          },
          { parent: this },
        ).imageUri;
      const asterisk = new FargateService(
        `${name}-asterisk`,
        {
          platform,
          service: SERVICE,
          image,
          cpuArchitecture: pbx.architecture,
          cpu: 512,
          memoryMb: 1024,
          statements: [
            { Sid: 'SipCredentials', Action: ['secretsmanager:GetSecretValue'], Resource: sipSecret.arn },
            // certbot's Route 53 plugin proves the domain (DNS-01) for the TLS certificate.
            { Sid: 'CertificateChallenge', Action: ['route53:ChangeResourceRecordSets'], Resource: hostedZoneArn },
            // GetChange takes the change resource type; ListHostedZones none (IAM reference).
            { Sid: 'CertificateChallengeStatus', Action: ['route53:GetChange'], Resource: 'arn:aws:route53:::change/*' },
            { Sid: 'FindHostedZone', Action: ['route53:ListHostedZones'], Resource: '*' },
            // Department prompts are synthesised at start; Polly has no resource-level permissions.
            { Sid: 'SynthesizePrompts', Action: ['polly:SynthesizeSpeech'], Resource: '*' },
          ],
          ingress: [
            ...ranges.signalling.map((cidr) => ({
              protocol: 'tcp' as const,
              fromPort: 5061,
              cidrBlocks: [cidr],
              description: `Voice Connector SIP over TLS from ${cidr}`,
            })),
            ...ranges.media.map((cidr) => ({
              protocol: 'udp' as const,
              fromPort: RTP_PORTS.from,
              toPort: RTP_PORTS.to,
              cidrBlocks: [cidr],
              description: `Voice Connector SRTP media from ${cidr}`,
            })),
            ...(pbx.agentCidrs.length > 0
              ? [
                  {
                    protocol: 'tcp' as const,
                    fromPort: 8089,
                    cidrBlocks: [...pbx.agentCidrs],
                    description: 'agents: softphone SIP over secure WebSocket',
                  },
                  {
                    protocol: 'udp' as const,
                    fromPort: RTP_PORTS.from,
                    toPort: RTP_PORTS.to,
                    cidrBlocks: [...pbx.agentCidrs],
                    description: 'agents: softphone SRTP media',
                  },
                ]
              : []),
          ],
          environment: {
            PBX_DOMAIN: pbx.domainName,
            CERTIFICATE_EMAIL: pbx.certificateEmail,
            SIP_SECRET_ARN: sipSecret.arn,
            VOICE_CONNECTOR_HOST: pulumi.interpolate`${voiceConnector.outboundHostName}`,
            VOICE_CONNECTOR_CIDRS: ranges.signalling.join(','),
            PROMPT_DEPARTMENTS: SEED_DEPARTMENTS.map((d) => d.name).join(' '),
            VOICE_ID: config.voiceId,
            AWS_REGION: region,
          },
        },
        { parent: this },
      );

      const follower = new LambdaFunction(
        `${name}-pbx-address`,
        {
          platform,
          service: SERVICE,
          handler: 'pbx-address',
          envSchema: handlerEnv['pbx-address'],
          timeoutSeconds: 30,
          asyncInvocation: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 },
          description: 'routing: point the PBX DNS record and Voice Connector termination at the running Asterisk task',
          statements: [
            // DescribeNetworkInterfaces supports no resource-level permissions.
            { Sid: 'FindTaskAddress', Action: ['ec2:DescribeNetworkInterfaces'], Resource: '*' },
            { Sid: 'PointPbxRecord', Action: ['route53:ChangeResourceRecordSets'], Resource: hostedZoneArn },
            {
              Sid: 'AllowPbxTermination',
              Action: ['chime:GetVoiceConnectorTermination', 'chime:PutVoiceConnectorTermination'],
              Resource: voiceConnectorArn,
            },
          ],
          environment: { PBX_RECORD_NAME: pbx.domainName, PBX_HOSTED_ZONE_ID: pbx.hostedZoneId, VOICE_CONNECTOR_ID: voiceConnector.id },
        },
        { parent: this },
      );
      // ECS reports task state changes on the account's default bus. The FargateService component names
      // its ECS service physicalName(`${service}-${component name}`), which is the group the events carry.
      const taskRule = new aws.cloudwatch.EventRule(
        `${name}-pbx-task-started`,
        {
          description: 'Asterisk task RUNNING → follow its address',
          eventPattern: pulumi.jsonStringify({
            source: ['aws.ecs'],
            'detail-type': ['ECS Task State Change'],
            detail: {
              clusterArn: [platform.network.clusterArn],
              group: [`service:${platform.physicalName(`${SERVICE}-${name}-asterisk`)}`],
              lastStatus: ['RUNNING'],
            },
          }),
          tags: platform.tags,
        },
        { parent: this, dependsOn: [asterisk] },
      );
      // Events EventBridge could not deliver (throttling, permissions) land in their own queue; failures
      // inside the function go to the function's asynchronous-invocation DLQ.
      const deliveryDlq = createDeadLetterQueue(`${name}-pbx-task-started`, platform, this, 'ECS task events for the PBX address follower');
      new aws.sqs.QueuePolicy(
        `${name}-pbx-task-started-dlq-policy`,
        {
          queueUrl: deliveryDlq.queue.url,
          policy: pulumi.jsonStringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: deliveryDlq.queue.arn,
                Condition: { ArnEquals: { 'aws:SourceArn': taskRule.arn } },
              },
            ],
          }),
        },
        { parent: this },
      );
      new aws.cloudwatch.EventTarget(
        `${name}-pbx-task-started-target`,
        {
          rule: taskRule.name,
          arn: follower.arn,
          retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: deliveryDlq.queue.arn },
        },
        { parent: this },
      );
      new aws.lambda.Permission(
        `${name}-pbx-address-invoke`,
        { action: 'lambda:InvokeFunction', function: follower.functionName, principal: 'events.amazonaws.com', sourceArn: taskRule.arn },
        { parent: this },
      );
    }

    // --- call log and API -------------------------------------------------------------------------
    const callLogWriter = new LambdaFunction(
      `${name}-call-log`,
      {
        platform,
        service: SERVICE,
        handler: 'call-log',
        envSchema: handlerEnv['call-log'],
        asyncInvocation: {},
        description: 'routing: keeps the events routing emitted, per call, for GET /calls/{callId}',
        // Query: the writer reads a call's entries to keep its summary (the outcome comes from the final state).
        statements: [{ Sid: 'WriteCallLog', Action: ['dynamodb:PutItem', 'dynamodb:Query'], Resource: callLog.arn }],
        environment: { CALL_LOG_TABLE: callLog.name },
      },
      { parent: this },
    );
    new Subscription(
      `${name}-call-log-events`,
      { platform, contract: [...CALL_LOG_CONTRACTS], target: { function: callLogWriter } },
      { parent: this },
    );

    const textingRecorder = new LambdaFunction(
      `${name}-sms-texting`,
      {
        platform,
        service: SERVICE,
        handler: 'sms-texting',
        envSchema: handlerEnv['sms-texting'],
        asyncInvocation: {},
        description: 'routing: keeps its projection of who can be offered "continue by text" from sms opt-out/opt-in/failed-deflection facts',
        statements: [{ Sid: 'WriteTextingProjection', Action: ['dynamodb:PutItem'], Resource: texting.arn }],
        environment: { SMS_TEXTING_TABLE: texting.name },
      },
      { parent: this },
    );
    new Subscription(
      `${name}-sms-texting-events`,
      { platform, contract: [...SMS_TEXTING_CONTRACTS], target: { function: textingRecorder } },
      { parent: this },
    );

    const api = new LambdaFunction(
      `${name}-api`,
      {
        platform,
        service: SERVICE,
        handler: 'api',
        envSchema: handlerEnv['api'],
        timeoutSeconds: 15,
        description: 'routing: REST API (departments, calls)',
        statements: [
          {
            Sid: 'RoutingTable',
            Action: ['dynamodb:Scan', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
            Resource: departments.arn,
          },
          // GET /calls lists by day through the call log's by-day index.
          { Sid: 'ReadCallLog', Action: ['dynamodb:Query'], Resource: [callLog.arn, pulumi.interpolate`${callLog.arn}/index/*`] },
        ],
        environment: {
          DEPARTMENTS_TABLE: departments.name,
          CALL_LOG_TABLE: callLog.name,
          USER_POOL_ID: platform.userPool.id,
          USER_POOL_CLIENT_ID: platform.userPool.clientId,
        },
      },
      { parent: this },
    );
    const http = new HttpApi(
      `${name}-http`,
      { platform, function: api, routes: ['GET /{proxy+}', 'POST /{proxy+}', 'PUT /{proxy+}', 'DELETE /{proxy+}'] },
      { parent: this },
    );

    this.apiUrl = http.url;
    this.sipMediaApplicationId = sipMediaApplication.id;
    this.voiceConnectorId = voiceConnector.id;
    this.voiceConnectorOutboundHost = voiceConnector.outboundHostName;
    this.botAliasArn = botAlias.arn;
    this.departmentsTableName = departments.name;
    this.registerOutputs({
      apiUrl: this.apiUrl,
      sipMediaApplicationId: this.sipMediaApplicationId,
      voiceConnectorId: this.voiceConnectorId,
      botAliasArn: this.botAliasArn,
    });
  }
}
