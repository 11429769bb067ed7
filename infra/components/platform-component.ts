/**
 * `SwitchboardPlatform`: everything the five services share on one stage — the bus (+ archive + schema
 * registry), the Cognito user pool, the Amazon Connect instance, the network and ECS cluster for Fargate
 * tasks, and the alarm topic. It implements the `Platform` interface the service components receive.
 */
import * as aws from '@pulumi/aws';
import * as awsNative from '@pulumi/aws-native';
import * as awsx from '@pulumi/awsx';
import * as pulumi from '@pulumi/pulumi';
import type { AnyEventContract } from '@switchboard/shared/contracts';
import type { ProfileName, StackConfig, StageSettings } from '../config.ts';
import { ConnectInstance } from './connect-instance.ts';
import { EventBus } from './event-bus.ts';
import {
  concurrencyBudget,
  derivedNameSuffix,
  makePhysicalName,
  type Platform,
  type PlatformBus,
  type PlatformConnect,
  type PlatformNetwork,
  type PlatformProviders,
  type PlatformUserPool,
} from './platform.ts';
import { platformRoles } from './roles.ts';
import { StaticSite } from './static-site.ts';
import { UserPool } from './user-pool.ts';

export interface SwitchboardPlatformArgs {
  /** The parsed stack config (`loadStackConfig()`). */
  readonly config: StackConfig;
  /** Contracts published in the schema registry; normally `allContracts` from @switchboard/shared/contracts. */
  readonly contracts: readonly AnyEventContract[];
}

export class SwitchboardPlatform extends pulumi.ComponentResource implements Platform {
  readonly project: string;
  readonly stage: string;
  readonly profile: ProfileName;
  readonly settings: StageSettings;
  readonly region: string;
  readonly allowedOrigins: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly physicalName: (name: string) => string;
  readonly globalName: (name: string) => pulumi.Output<string>;
  readonly reserveConcurrency: (functionName: string, reserved: number) => void;
  readonly telephonyReservedConcurrency: number;
  readonly providers: PlatformProviders;
  readonly account: pulumi.Output<string>;
  /** The suffix of every global name (`switchboard:nameSuffix` or derived from account and region). */
  readonly nameSuffix: pulumi.Output<string>;
  readonly bus: PlatformBus;
  readonly userPool: PlatformUserPool;
  readonly connect: PlatformConnect;
  readonly network: PlatformNetwork;
  readonly alarmTopicArn: pulumi.Output<string>;
  /** The console's hosting (private bucket + CloudFront); the stage program uploads the build into it. */
  readonly console: StaticSite;
  readonly consoleOrigin: pulumi.Output<string>;

  constructor(name: string, args: SwitchboardPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:platform:SwitchboardPlatform', name, {}, opts);
    const { config } = args;
    if (args.contracts.length === 0) throw new Error(`SwitchboardPlatform ${name}: no event contracts given for the schema registry`);

    this.project = config.project;
    this.stage = config.stage;
    this.profile = config.profile;
    this.settings = config.settings;
    this.region = config.region;
    this.allowedOrigins = config.allowedOrigins;
    this.tags = Object.freeze({ project: config.project, stage: config.stage, 'managed-by': 'pulumi' });
    this.physicalName = makePhysicalName(config.project, config.stage);
    const stageName = `${config.project}-${config.stage}`;
    const { settings } = config;

    this.account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.nameSuffix = config.nameSuffix
      ? pulumi.output(config.nameSuffix)
      : this.account.apply((account) => derivedNameSuffix(account, config.region));
    const suffixLength = config.nameSuffix?.length ?? 8;
    this.globalName = (name: string) => {
      const base = this.physicalName(name);
      // S3 bucket names (the strictest global names here) are at most 63 characters.
      if (base.length + 1 + suffixLength > 63)
        throw new Error(`globalName("${name}"): ${base}-<suffix> exceeds 63 characters; shorten the name or the stage`);
      return pulumi.interpolate`${base}-${this.nameSuffix}`;
    };
    this.reserveConcurrency = concurrencyBudget(config.lambda.accountConcurrency);
    this.telephonyReservedConcurrency = config.lambda.telephonyReservedConcurrency;

    // aws-native reads only `aws-native:region`, never `aws:region`: one explicit provider from the stack's region,
    // passed to every aws-native resource (the invariants refuse one that relies on the default provider).
    this.providers = { awsNative: new awsNative.Provider(`${name}-aws-native`, { region: config.region as awsNative.Region }, { parent: this }) };

    // Encrypted with a key of its own: the AWS-managed SNS key's policy cannot let CloudWatch publish, so alarms
    // through it would never arrive. This key lets CloudWatch (alarms of this account only) and SNS use it.
    const alarmsKey = new aws.kms.Key(
      `${name}-alarms-key`,
      {
        description: `${stageName}: the alarm topic`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AccountAdministersKeyThroughIam',
              Effect: 'Allow',
              Principal: { AWS: pulumi.interpolate`arn:aws:iam::${this.account}:root` },
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
            },
            {
              Sid: 'CloudWatchAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:SourceAccount': this.account } },
            },
          ],
        }),
        tags: this.tags,
      },
      { parent: this },
    );
    const alarms = new aws.sns.Topic(
      `${name}-alarms`,
      { name: this.physicalName('alarms'), kmsMasterKeyId: alarmsKey.arn, tags: this.tags },
      { parent: this },
    );
    if (config.alarmEmail) {
      new aws.sns.TopicSubscription(`${name}-alarms-email`, { topic: alarms.arn, protocol: 'email', endpoint: config.alarmEmail }, { parent: this });
    }
    this.alarmTopicArn = alarms.arn;

    const eventBus = new EventBus(
      `${name}-events`,
      {
        busName: stageName,
        contracts: args.contracts,
        archiveRetentionDays: settings.eventArchiveRetentionDays,
        protect: settings.protect,
        tags: this.tags,
      },
      { parent: this },
    );
    this.bus = { name: eventBus.name, arn: eventBus.arn };

    // The console comes before the user pool and every API: its origin is a Cognito callback and in each API's CORS.
    const domainPrefix = config.authDomainPrefix ? pulumi.output(config.authDomainPrefix) : pulumi.interpolate`${stageName}-${this.nameSuffix}`;
    this.console = new StaticSite(
      `${name}-console`,
      {
        platform: this,
        name: 'console',
        description: 'the Switchboard console',
        connectSources: [
          // The APIs' hosts exist only after the APIs, whose CORS names this site's origin: the header can name the
          // region's API Gateway domain; index.html's own CSP then narrows it to each API (infra/README.md).
          `https://*.execute-api.${config.region}.amazonaws.com`,
          // Sign-in: the user pool's OpenID configuration, then the hosted UI's token endpoint.
          `https://cognito-idp.${config.region}.amazonaws.com`,
          pulumi.interpolate`https://${domainPrefix}.auth.${config.region}.amazoncognito.com`,
          // The agents' softphone registers with the PBX over WSS (Asterisk's TLS HTTP server), when one is deployed.
          ...(config.services.routing.pbx ? [`wss://${config.services.routing.pbx.domainName}:8089`] : []),
        ],
      },
      { parent: this },
    );
    this.consoleOrigin = this.console.url;

    const userPool = new UserPool(
      `${name}-users`,
      {
        poolName: stageName,
        domainPrefix,
        groups: platformRoles,
        allowedOrigins: config.allowedOrigins,
        appOrigins: [this.consoleOrigin],
        region: config.region,
        deletionProtection: settings.deletionProtection,
        protect: settings.protect,
        tags: this.tags,
      },
      { parent: this },
    );
    this.userPool = {
      id: userPool.id,
      arn: userPool.arn,
      clientId: userPool.clientId,
      issuer: userPool.issuer,
      domain: userPool.domain,
      groups: userPool.groups,
    };

    const connect = new ConnectInstance(
      `${name}-connect`,
      { config: config.connect, defaultAlias: pulumi.interpolate`${stageName}-${this.nameSuffix}`, protect: settings.protect, tags: this.tags },
      { parent: this },
    );
    this.connect = { instanceId: connect.instanceId, instanceArn: connect.instanceArn, queueId: connect.queueId, phoneNumber: connect.phoneNumber };

    // Public subnets only: Fargate tasks (Asterisk, the device simulator) get public IPs and no NAT gateway is paid
    // for; their security groups admit only declared ingress.
    const vpc = new awsx.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: '10.40.0.0/16',
        numberOfAvailabilityZones: 2,
        natGateways: { strategy: 'None' },
        subnetStrategy: 'Auto',
        subnetSpecs: [{ type: 'Public', cidrMask: 20 }],
        tags: { ...this.tags, Name: stageName },
      },
      { parent: this },
    );
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { name: stageName, settings: [{ name: 'containerInsights', value: 'enabled' }], tags: this.tags },
      { parent: this },
    );
    this.network = { vpcId: vpc.vpcId, publicSubnetIds: vpc.publicSubnetIds, clusterArn: cluster.arn };

    this.registerOutputs({
      busName: this.bus.name,
      userPoolId: this.userPool.id,
      userPoolClientId: this.userPool.clientId,
      connectInstanceId: this.connect.instanceId,
    });
  }
}
