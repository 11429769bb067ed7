/**
 * `Platform`: what every service component receives — the stage's settings and the shared resources
 * (bus, user pool, Connect instance, network, alarm topic). Services code against this interface only;
 * `SwitchboardPlatform` (platform-component.ts) is the one implementation, built in infra/index.ts.
 */
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
  /** Tags put on every resource the components create. */
  readonly tags: Readonly<Record<string, string>>;
  /** `${project}-${stage}-${name}`: the one way physical names are made. */
  physicalName(name: string): string;
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
