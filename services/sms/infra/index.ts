/**
 * `switchboard:sms:SmsService` — everything the SMS deflection service deploys on a stage:
 *
 * - the three tables (state, opt-outs, FAQ; same definitions the local stage gives dynalite);
 * - two customer-managed KMS keys: one for the Connect tokens at rest (only the service's functions may use it),
 *   one for the two SNS topics (Connect and End User Messaging may publish through it);
 * - End User Messaging: configuration set, opt-out list, and the origination number (an existing one from config,
 *   or one requested here) with two-way SMS to the inbound topic through a role End User Messaging assumes;
 * - the chat streaming topic Connect's StartContactStreaming publishes to (only this account's Connect instance);
 * - the chat contact flow (greeting → the platform queue) unless an existing one is configured;
 * - the FAQ bot (Lex V2; its intents are generated from the FAQ table at import) and its `live` alias;
 * - five functions: inbound-sms and chat-stream (SNS), deflection-requested (EventBridge rule from the contract),
 *   idle-sweeper (Scheduler, every minute), api (HTTP API with the Cognito JWT authorizer).
 *
 * IAM: every function gets only its own statements; `connectparticipant` calls authenticate with the participant
 * token (no IAM); the token key's policy delegates to IAM, and only these roles are granted Encrypt/Decrypt.
 */
import * as aws from '@pulumi/aws';
import * as awsNative from '@pulumi/aws-native';
import * as pulumi from '@pulumi/pulumi';
import { getCountries } from 'libphonenumber-js';
import {
  HttpApi,
  LambdaFunction,
  Schedule,
  Subscription,
  Table,
  TopicSubscription,
  assumeRolePolicy,
  policyDocument,
  type Platform,
  type PolicyStatement,
} from '@switchboard/infra/components';
import { SmsDeflectionRequested } from '@switchboard/shared/contracts';
import { spendLimitsTable } from '@switchboard/shared/limits';
import { faqTable, optOutsTable, stateTable } from '../src/adapters/tables.ts';
import { chatContactFlow } from './chat-contact-flow.ts';
import { smsConfigSchema, type SmsStackConfig } from './config.ts';

export { smsConfigSchema, type SmsStackConfig };

const SERVICE = 'sms';

export interface SmsServiceArgs {
  /** The stage platform (bus, user pool, Connect instance, names, settings). */
  readonly platform: Platform;
  /** The `switchboard:sms` slice, parsed by `smsConfigSchema`. @default smsConfigSchema defaults (a simulator number on unprotected stages) */
  readonly config?: SmsStackConfig;
}

/** Administration of a key by the account (IAM decides who), with actions listed: no `kms:*`. */
function keyAdministration(account: pulumi.Input<string>) {
  return {
    Sid: 'AccountAdministersKeyThroughIam',
    Effect: 'Allow',
    Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
    Action: [
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:PutKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:EnableKeyRotation',
      'kms:ListResourceTags',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:UpdateKeyDescription',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:CreateAlias',
      'kms:DeleteAlias',
      'kms:ListAliases',
      'kms:ListGrants',
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ],
    Resource: '*',
  };
}

export class SmsService extends pulumi.ComponentResource {
  readonly apiUrl: pulumi.Output<string>;
  readonly inboundTopicArn: pulumi.Output<string>;
  readonly chatStreamTopicArn: pulumi.Output<string>;
  readonly originationIdentityArn: pulumi.Output<string>;
  readonly botId: pulumi.Output<string>;

  constructor(name: string, args: SmsServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:sms:SmsService', name, {}, opts);
    const { platform } = args;
    const parsed = smsConfigSchema.safeParse(args.config ?? undefined);
    if (!parsed.success) throw new Error(`SmsService ${name}: invalid config: ${parsed.error.message}`);
    const config = parsed.data;
    if (!config.originationIdentityArn && !config.newNumber && platform.settings.protect) {
      throw new Error(
        `SmsService ${name}: a protected stage needs switchboard:sms.originationIdentityArn or newNumber (with its registration); the simulator number default is for unprotected stages only`,
      );
    }
    const parent = { parent: this };
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const region = platform.region;

    // ── Tables ──────────────────────────────────────────────────────────────────────────────────────────
    const state = new Table(`${name}-state`, { platform, service: SERVICE, definition: stateTable }, parent);
    const optOuts = new Table(`${name}-opt-outs`, { platform, service: SERVICE, definition: optOutsTable }, parent);
    const faq = new Table(`${name}-faq`, { platform, service: SERVICE, definition: faqTable }, parent);
    // Texts per user and per stage per day (shared/limits): one counter item per key and UTC day, expiring by TTL.
    const spendLimits = new Table(`${name}-spend-limits`, { platform, service: SERVICE, definition: spendLimitsTable }, parent);

    // ── Keys ────────────────────────────────────────────────────────────────────────────────────────────
    const tokenKey = new aws.kms.Key(
      `${name}-token-key`,
      {
        description: `${platform.physicalName('sms')}: Amazon Connect participant and connection tokens at rest`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify({ Version: '2012-10-17', Statement: [keyAdministration(account)] }),
        tags: platform.tags,
      },
      { parent: this, protect: platform.settings.protect },
    );
    new aws.kms.Alias(`${name}-token-key-alias`, { name: `alias/${platform.physicalName('sms-tokens')}`, targetKeyId: tokenKey.keyId }, parent);
    const topicKey = new aws.kms.Key(
      `${name}-topic-key`,
      {
        description: `${platform.physicalName('sms')}: SNS topics carrying customer texts and chat messages`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            keyAdministration(account),
            {
              Sid: 'ConnectPublishesEncryptedChatItems',
              Effect: 'Allow',
              Principal: { Service: 'connect.amazonaws.com' },
              Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:SourceAccount': account } },
            },
          ],
        }),
        tags: platform.tags,
      },
      { parent: this, protect: platform.settings.protect },
    );

    // ── Topics ──────────────────────────────────────────────────────────────────────────────────────────
    const inboundTopic = new aws.sns.Topic(
      `${name}-inbound`,
      { name: platform.physicalName('sms-inbound'), kmsMasterKeyId: topicKey.arn, tags: platform.tags },
      parent,
    );
    const chatTopic = new aws.sns.Topic(
      `${name}-chat-stream`,
      { name: platform.physicalName('sms-chat-stream'), kmsMasterKeyId: topicKey.arn, tags: platform.tags },
      parent,
    );
    new aws.sns.TopicPolicy(
      `${name}-chat-stream-policy`,
      {
        arn: chatTopic.arn,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ConnectInstanceStreamsChats',
              Effect: 'Allow',
              Principal: { Service: 'connect.amazonaws.com' },
              Action: ['sns:Publish'],
              Resource: chatTopic.arn,
              Condition: { StringEquals: { 'aws:SourceAccount': account }, ArnEquals: { 'aws:SourceArn': platform.connect.instanceArn } },
            },
          ],
        }),
      },
      parent,
    );

    // ── End User Messaging ──────────────────────────────────────────────────────────────────────────────
    const native = { parent: this, provider: platform.providers.awsNative };
    // Second line behind the service's number guard: texts to any country outside the allow-list are blocked by
    // End User Messaging itself, for every message sent through this configuration set.
    const allowedCountries = new Set(config.allowedCountries ?? [config.defaultCountry]);
    const protect = new awsNative.smsvoice.ProtectConfiguration(
      `${name}-protect`,
      {
        countryRuleSet: {
          sms: getCountries()
            .filter((country) => !allowedCountries.has(country))
            .map((countryCode) => ({ countryCode, protectStatus: 'BLOCK' as const })),
        },
        deletionProtectionEnabled: platform.settings.deletionProtection,
        tags: Object.entries(platform.tags).map(([key, value]) => ({ key, value })),
      },
      native,
    );
    const configurationSet = new awsNative.smsvoice.ConfigurationSet(
      `${name}-configuration-set`,
      {
        // (The CloudFormation type has no default message type: the service sends every text as TRANSACTIONAL.)
        configurationSetName: platform.physicalName('sms'),
        protectConfigurationId: protect.protectConfigurationId,
        tags: Object.entries(platform.tags).map(([key, value]) => ({ key, value })),
      },
      native,
    );
    const optOutList = new aws.pinpoint.Smsvoicev2OptOutList(
      `${name}-opt-out-list`,
      { name: platform.physicalName('sms-opt-outs'), tags: platform.tags },
      parent,
    );
    const twoWayRole = new aws.iam.Role(
      `${name}-two-way-role`,
      {
        assumeRolePolicy: assumeRolePolicy('sms-voice.amazonaws.com', {
          account,
          sourceArn: pulumi.interpolate`arn:aws:sms-voice:${region}:${account}:*`,
        }),
        description: 'End User Messaging publishes inbound texts to the inbound topic',
        tags: platform.tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-two-way-policy`,
      {
        role: twoWayRole.id,
        policy: policyDocument([
          { Sid: 'PublishInboundTexts', Action: ['sns:Publish'], Resource: inboundTopic.arn },
          { Sid: 'EncryptForTopic', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: topicKey.arn },
        ]),
      },
      parent,
    );
    let originationIdentityArn: pulumi.Output<string>;
    if (config.originationIdentityArn) {
      originationIdentityArn = pulumi.output(config.originationIdentityArn);
    } else {
      const request = config.newNumber ?? { isoCountryCode: 'US', numberType: 'SIMULATOR' as const };
      const number = new aws.pinpoint.Smsvoicev2PhoneNumber(
        `${name}-number`,
        {
          isoCountryCode: request.isoCountryCode,
          messageType: 'TRANSACTIONAL',
          numberCapabilities: ['SMS'],
          numberType: request.numberType,
          ...(request.registrationId ? { registrationId: request.registrationId } : {}),
          optOutListName: optOutList.name,
          // The service answers STOP/HELP itself (and records the opt-out in its own list as well).
          selfManagedOptOutsEnabled: true,
          twoWayChannelEnabled: true,
          twoWayChannelArn: inboundTopic.arn,
          twoWayChannelRole: twoWayRole.arn,
          deletionProtectionEnabled: platform.settings.protect,
          tags: platform.tags,
        },
        { parent: this, protect: platform.settings.protect },
      );
      originationIdentityArn = number.arn;
    }

    // ── Connect chat contact flow ───────────────────────────────────────────────────────────────────────
    const contactFlowId: pulumi.Output<string> = config.chatContactFlowId
      ? pulumi.output(config.chatContactFlowId)
      : new aws.connect.ContactFlow(
          `${name}-chat-flow`,
          {
            instanceId: platform.connect.instanceId,
            name: platform.physicalName('sms-chat'),
            description: 'SMS deflection chats: greeting, then the platform queue',
            type: 'CONTACT_FLOW',
            content: pulumi
              .all([platform.connect.instanceArn, platform.connect.queueId])
              .apply(([instanceArn, queueId]) =>
                JSON.stringify(chatContactFlow({ queueArn: `${instanceArn}/queue/${queueId}`, greeting: config.queueGreeting })),
              ),
            tags: platform.tags,
          },
          parent,
        ).contactFlowId;

    // ── FAQ bot (Lex V2): intents are generated from the FAQ table by the API at import ───────────────
    const botRole = new aws.iam.Role(
      `${name}-bot-role`,
      {
        assumeRolePolicy: assumeRolePolicy('lexv2.amazonaws.com', { account, sourceArn: pulumi.interpolate`arn:aws:lex:${region}:${account}:bot/*` }),
        description: 'FAQ bot: text only, needs no permissions',
        tags: platform.tags,
      },
      parent,
    );
    const bot = new awsNative.lex.Bot(
      `${name}-bot`,
      {
        name: platform.physicalName('sms-faq-bot'),
        description: 'SMS deflection FAQ bot; one intent per FAQ entry (faq_<id>), generated from the FAQ table',
        roleArn: botRole.arn,
        dataPrivacy: { childDirected: false },
        idleSessionTtlInSeconds: 300,
        autoBuildBotLocales: false,
        botLocales: [{ localeId: config.lexLocaleId, nluConfidenceThreshold: 0.4 }],
        botTags: Object.entries(platform.tags).map(([key, value]) => ({ key, value })),
      },
      // The API generates the locale's intents at run time (faq_<id>); an update that sent botLocales again would
      // replace them with the declared, intent-less locale. The locale is created once and left to the service.
      { ...native, ignoreChanges: ['botLocales'] },
    );
    const botAlias = new awsNative.lex.BotAlias(
      `${name}-bot-alias`,
      {
        botId: bot.id,
        botAliasName: 'live',
        description: 'The alias the service asks; the sweeper points it at each new version built from the FAQ',
        botAliasLocaleSettings: [{ localeId: config.lexLocaleId, botAliasLocaleSetting: { enabled: true } }],
        sentimentAnalysisSettings: { detectSentiment: false },
      },
      { ...native, ignoreChanges: ['botVersion'] },
    );
    const botArn = pulumi.interpolate`arn:aws:lex:${region}:${account}:bot/${bot.id}`;

    // ── Functions ───────────────────────────────────────────────────────────────────────────────────────
    const dynamo = (actions: string[], tables: Table[]): PolicyStatement => ({
      Sid: `Tables${actions.map((a) => a.replace('dynamodb:', '')).join('')}`.slice(0, 100),
      Action: actions,
      Resource: tables.flatMap((t) => [t.arn, pulumi.interpolate`${t.arn}/index/*`]),
    });
    const conversationTables = dynamo(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      [state, optOuts, faq],
    );
    const sendSms: PolicyStatement =
      config.provider === 'pinpoint'
        ? {
            Sid: 'SendSms',
            Action: ['mobiletargeting:SendMessages'],
            Resource: pulumi.interpolate`arn:aws:mobiletargeting:${region}:${account}:apps/${config.pinpointApplicationId ?? ''}/messages`,
          }
        : { Sid: 'SendSms', Action: ['sms-voice:SendTextMessage'], Resource: [originationIdentityArn, configurationSet.arn] };
    const tokens: PolicyStatement = { Sid: 'ConnectTokensAtRest', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: tokenKey.arn };
    const startChats: PolicyStatement = {
      Sid: 'StartChats',
      Action: ['connect:StartChatContact', 'connect:StartContactStreaming'],
      Resource: [
        pulumi.interpolate`${platform.connect.instanceArn}/contact/*`,
        pulumi.interpolate`${platform.connect.instanceArn}/contact-flow/${contactFlowId}`,
      ],
    };
    const askBot: PolicyStatement = { Sid: 'AskFaqBot', Action: ['lex:RecognizeText'], Resource: botAlias.arn };
    const publish: PolicyStatement = { Sid: 'PublishEvents', Action: ['events:PutEvents'], Resource: platform.bus.arn };
    const validateNumbers: PolicyStatement[] =
      config.phoneValidation === 'carrier-lookup'
        ? [
            {
              Sid: 'CarrierLookup',
              Action: ['mobiletargeting:PhoneNumberValidate'],
              Resource: pulumi.interpolate`arn:aws:mobiletargeting:${region}:${account}:phone/number/validate`,
            },
          ]
        : [];

    const environment: Record<string, pulumi.Input<string>> = {
      STAGE: platform.stage,
      SMS_STATE_TABLE: state.name,
      SMS_OPT_OUTS_TABLE: optOuts.name,
      SMS_FAQ_TABLE: faq.name,
      SMS_PROVIDER: config.provider,
      SMS_ORIGINATION_IDENTITY: originationIdentityArn,
      SMS_CONFIGURATION_SET: configurationSet.configurationSetName.apply((n) => n ?? platform.physicalName('sms')),
      ...(config.pinpointApplicationId ? { PINPOINT_APPLICATION_ID: config.pinpointApplicationId } : {}),
      // One token bucket in the state table shared by every instance: the number's MPS holds across all of them.
      SMS_SEND_RATE_PER_SECOND: String(config.sendRatePerSecond),
      SMS_SEND_BURST: String(config.sendBurst),
      SMS_PHONE_VALIDATION: config.phoneValidation,
      DEFAULT_COUNTRY: config.defaultCountry,
      // End User Messaging answers nothing itself (self-managed opt-outs): the service sends the confirmation.
      SMS_SEND_OPT_OUT_CONFIRMATION: 'true',
      CONNECT_INSTANCE_ID: platform.connect.instanceId,
      CONNECT_CHAT_FLOW_ID: contactFlowId,
      CHAT_STREAMING_TOPIC_ARN: chatTopic.arn,
      LEX_BOT_ID: bot.id,
      LEX_BOT_ALIAS_ID: botAlias.botAliasId,
      LEX_LOCALE_ID: config.lexLocaleId,
      TOKEN_KMS_KEY_ID: tokenKey.arn,
      AGENT_KEYWORDS: config.agentKeywords.join(','),
      MAX_UNANSWERED_BEFORE_ESCALATION: String(config.maxUnansweredBeforeEscalation),
      OFFER_TIMEOUT_MINUTES: String(config.offerTimeoutMinutes),
      IDLE_TIMEOUT_MINUTES: String(config.idleTimeoutMinutes),
      REORDER_WINDOW_MS: String(config.reorderWindowMs),
      // Twice the relay functions' 30 s timeout: a lease only expires when its holder is gone.
      MAILBOX_LEASE_SECONDS: '60',
      USER_POOL_ID: platform.userPool.id,
      USER_POOL_CLIENT_ID: platform.userPool.clientId,
      SPEND_LIMITS_TABLE: spendLimits.name,
    };
    const countTexts: PolicyStatement = { Sid: 'CountTexts', Action: ['dynamodb:UpdateItem'], Resource: spendLimits.arn };
    const fn = (
      handler: string,
      description: string,
      statements: PolicyStatement[],
      extra: { async?: boolean; timeoutSeconds?: number; reserved?: boolean } = {},
    ) =>
      new LambdaFunction(
        `${name}-${handler}`,
        {
          platform,
          service: SERVICE,
          handler,
          description: `sms: ${description}`,
          statements,
          environment,
          timeoutSeconds: extra.timeoutSeconds ?? 30,
          ...(extra.reserved ? { reservedConcurrency: config.senderConcurrency } : {}),
          ...(extra.async ? { asyncInvocation: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 } } : {}),
        },
        parent,
      );

    const relayStatements = [conversationTables, sendSms, tokens, startChats, askBot, publish];
    const inboundSms = fn('inbound-sms', 'inbound texts (two-way SMS → SNS) into the number’s ordered mailbox', relayStatements, {
      async: true,
      reserved: true,
    });
    const chatStream = fn('chat-stream', 'Connect chat streaming (SNS) → texts to the customer', relayStatements, { async: true, reserved: true });
    const deflectionRequested = fn(
      'deflection-requested',
      'SmsDeflectionRequested → opt-in offer',
      [conversationTables, sendSms, publish, countTexts, ...validateNumbers],
      { async: true, reserved: true },
    );
    const lexPublish: PolicyStatement = {
      Sid: 'PublishFaqBotVersions',
      Action: ['lex:DescribeBotLocale', 'lex:DescribeBotAlias', 'lex:DescribeBotVersion', 'lex:CreateBotVersion', 'lex:UpdateBotAlias'],
      Resource: [botArn, botAlias.arn],
    };
    const sweeper = fn(
      'idle-sweeper',
      'ends idle conversations, redrives stuck mailboxes, promotes the built FAQ bot',
      [...relayStatements, lexPublish],
      {
        async: true,
        timeoutSeconds: 120,
      },
    );
    const lexModel: PolicyStatement = {
      Sid: 'GenerateFaqIntents',
      Action: ['lex:ListIntents', 'lex:CreateIntent', 'lex:UpdateIntent', 'lex:DeleteIntent', 'lex:BuildBotLocale'],
      Resource: botArn,
    };
    const api = fn(
      'api',
      'REST API (conversations, FAQ, opt-outs, metrics)',
      [
        dynamo(
          [
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:Query',
            'dynamodb:Scan',
            'dynamodb:BatchWriteItem',
          ],
          [state, optOuts, faq],
        ),
        sendSms,
        tokens,
        startChats,
        publish,
        lexModel,
        countTexts,
        ...validateNumbers,
      ],
      { timeoutSeconds: 29 },
    );

    // SNS → Lambda, each topic only to its function.
    new TopicSubscription(`${name}-inbound`, { topic: inboundTopic, function: inboundSms }, parent);
    new TopicSubscription(`${name}-chat-stream`, { topic: chatTopic, function: chatStream }, parent);

    new Subscription(
      `${name}-deflection-requested`,
      { platform, contract: SmsDeflectionRequested, target: { function: deflectionRequested } },
      parent,
    );

    // A missed sweep is harmless: the next one, a minute later, finds the same idle conversations.
    new Schedule(
      `${name}-sweep`,
      { platform, name: 'sms-sweep', scheduleExpression: 'rate(1 minute)', target: sweeper, description: 'sweeps' },
      parent,
    );

    const http = new HttpApi(`${name}-http`, { platform, function: api }, parent);

    this.apiUrl = http.url;
    this.inboundTopicArn = inboundTopic.arn;
    this.chatStreamTopicArn = chatTopic.arn;
    this.originationIdentityArn = originationIdentityArn;
    this.botId = bot.id;
    this.registerOutputs({
      apiUrl: this.apiUrl,
      inboundTopicArn: this.inboundTopicArn,
      chatStreamTopicArn: this.chatStreamTopicArn,
      originationIdentityArn,
      botId: this.botId,
    });
  }
}
