/**
 * `Platform`: what every service component receives — the stage's settings and the shared resources
 * (bus, user pool, Connect instance, network, alarm topic). Services code against this interface only;
 * `SwitchboardPlatform` (platform-component.ts) is the one implementation, built in infra/index.ts.
 */
import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import type { ProfileName, StageSettings } from '../config.ts';

export interface PlatformBus {
  /** `switchboard-<stage>`: what publishers put in `EventBusName` (env `EVENT_BUS_NAME`). */
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
}

export interface PlatformUserPool {
  readonly id: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** The app client every API's JWT authorizer accepts (tokens carry it as `client_id` / `aud`). */
  readonly clientId: pulumi.Output<string>;
  /** JWT issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly issuer: pulumi.Output<string>;
  /** The hosted-UI domain, `<prefix>.auth.<region>.amazoncognito.com` (the prefix is `switchboard:authDomainPrefix` or derived). */
  readonly domain: pulumi.Output<string>;
  /** The groups of the role model, by role. */
  readonly groups: Readonly<Record<string, string>>;
}

/** Explicit providers for packages other than @pulumi/aws, each configured from the stack's `aws:region`. */
export interface PlatformProviders {
  /** Pass as `{ provider: platform.providers.awsNative }` to every `@pulumi/aws-native` resource. */
  readonly awsNative: pulumi.ProviderResource;
}

/** The Amazon Connect instance callouts and sms share. */
export interface PlatformConnect {
  readonly instanceId: pulumi.Output<string>;
  readonly instanceArn: pulumi.Output<string>;
  /** Queue outbound calls are placed from (StartOutboundVoiceContact `QueueId`). */
  readonly queueId: pulumi.Output<string>;
  /** The claimed number, E.164: outbound caller id and SMS origination. */
  readonly phoneNumber: pulumi.Output<string>;
}

/** Where Fargate tasks run: public subnets (no NAT cost), ingress restricted per service by security group. */
export interface PlatformNetwork {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly clusterArn: pulumi.Output<string>;
}

export interface Platform {
  /** Pulumi project, `switchboard`. */
  readonly project: string;
  /** Stage name (default the stack name), part of every physical name. */
  readonly stage: string;
  /** Which stage-table row applies. */
  readonly profile: ProfileName;
  /** The stage-table row (log retention, log level, protect, PITR, …). */
  readonly settings: StageSettings;
  readonly region: string;
  /** Browser origins allowed by CORS (never "*"); may be empty (no browser access). */
  readonly allowedOrigins: readonly string[];
  /** The console's origin (`https://<id>.cloudfront.net`): in every API's CORS and a Cognito callback, with `allowedOrigins`. */
  readonly consoleOrigin: pulumi.Output<string>;
  /** Tags put on every resource the components create. */
  readonly tags: Readonly<Record<string, string>>;
  /** `${project}-${stage}-${name}`: the one way physical names are made (unique within the account and region). */
  physicalName(name: string): string;
  /**
   * `${project}-${stage}-${name}-${suffix}`: for names that must be unique across ALL of AWS (S3 buckets, …);
   * the suffix is `switchboard:nameSuffix` or derived from the account id and region.
   */
  globalName(name: string): pulumi.Output<string>;
  /**
   * Records a reserved-concurrency reservation and throws (at preview) when the stage's reservations would leave the
   * account fewer than the 100 unreserved executions Lambda keeps (`switchboard:lambda.accountConcurrency`).
   */
  reserveConcurrency(functionName: string, reserved: number): void;
  /** What each telephony handler reserves (`switchboard:lambda.telephonyReservedConcurrency`). */
  readonly telephonyReservedConcurrency: number;
  readonly providers: PlatformProviders;
  /** The account id (from the caller identity). */
  readonly account: pulumi.Output<string>;
  readonly bus: PlatformBus;
  readonly userPool: PlatformUserPool;
  readonly connect: PlatformConnect;
  readonly network: PlatformNetwork;
  /** SNS topic alarms notify (e-mailed to `switchboard:alarmEmail` when set). */
  readonly alarmTopicArn: pulumi.Output<string>;
}

/** Physical names as `${project}-${stage}-${name}`, validated so AWS limits fail at preview, not at deploy. */
export function makePhysicalName(project: string, stage: string): (name: string) => string {
  return (name: string) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new Error(`physicalName("${name}"): use lowercase letters, digits and dashes`);
    }
    return `${project}-${stage}-${name}`;
  };
}

/** 8 hex digits from account and region: the default uniqueness source of global names. */
export function derivedNameSuffix(account: string, region: string): string {
  return createHash('sha256').update(`${account}:${region}`).digest('hex').slice(0, 8);
}

/** Lambda keeps this many concurrent executions unreserved in every account and region. */
export const minimumUnreservedConcurrency = 100;

/**
 * A running total of reserved concurrency that refuses, with the reservations listed, what would leave the account
 * fewer than 100 unreserved executions (Lambda rejects PutFunctionConcurrency then: the deploy would fail half way).
 */
export function concurrencyBudget(accountConcurrency: number): (functionName: string, reserved: number) => void {
  const reservations: [string, number][] = [];
  return (functionName, reserved) => {
    if (reserved <= 0) return;
    reservations.push([functionName, reserved]);
    const total = reservations.reduce((sum, [, n]) => sum + n, 0);
    const available = accountConcurrency - minimumUnreservedConcurrency;
    if (total > available) {
      throw new Error(
        `reserved concurrency ${total} exceeds what the account can reserve (switchboard:lambda.accountConcurrency ${accountConcurrency} − ${minimumUnreservedConcurrency} kept unreserved = ${Math.max(available, 0)}): ` +
          `${reservations.map(([name, n]) => `${name} ${n}`).join(', ')}. Request a higher "Concurrent executions" quota (Service Quotas → AWS Lambda) and set switchboard:lambda.accountConcurrency to it, ` +
          `or lower switchboard:lambda.telephonyReservedConcurrency / the services' reservations (0 reserves nothing).`,
      );
    }
  };
}
