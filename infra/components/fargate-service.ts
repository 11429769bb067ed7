/**
 * `FargateService`: a long-running container (Asterisk for routing, the device simulator for iot-triage) on
 * the stage's ECS cluster, via awsx.ecs.FargateService, with an explicit log group (stage retention), a task
 * role holding only the statements given and a security group admitting only the ingress rules given.
 */
import * as aws from '@pulumi/aws';
import * as awsx from '@pulumi/awsx';
import * as pulumi from '@pulumi/pulumi';
import { assertAcceptableStatements, assumeRolePolicy, policyDocument, type PolicyStatement } from './iam.ts';
import type { Platform } from './platform.ts';

export interface IngressRule {
  /** `tcp` or `udp` (SIP and RTP need udp); "all protocols" is not offered. */
  readonly protocol: 'tcp' | 'udp';
  readonly fromPort: number;
  /** @default fromPort */
  readonly toPort?: number;
  /** Source networks, e.g. the Voice Connector signalling CIDRs. */
  readonly cidrBlocks: readonly string[];
  /** Why this is open. */
  readonly description: string;
}

export interface FargateServiceArgs {
  /** The stage platform (cluster, subnets, settings, tags). */
  readonly platform: Platform;
  /** Owning service, e.g. `routing`. */
  readonly service: string;
  /** Container image (an ECR image URI or public image reference). */
  readonly image: pulumi.Input<string>;
  /**
   * Fargate CPU units (256, 512, 1024, 2048, 4096).
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Memory in MB, valid for the chosen CPU.
   * @default 512
   */
  readonly memoryMb?: number;
  /**
   * Running tasks.
   * @default 1
   */
  readonly desiredCount?: number;
  /**
   * What the task's code may call in AWS. No `"*"` or `"svc:*"` actions.
   * @default []
   */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Inbound traffic admitted by the task's security group (ports are also mapped on the container).
   * @default [] (no inbound traffic)
   */
  readonly ingress?: readonly IngressRule[];
  /**
   * Container environment.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The CPU architecture the image is built for; the task definition's `runtimePlatform` says the same, so an arm64
   * image never lands on an x86 host (exec format error).
   * @default 'X86_64' (Fargate's default)
   */
  readonly cpuArchitecture?: 'ARM64' | 'X86_64';
  /**
   * Overrides the image's command.
   * @default undefined (the image's CMD)
   */
  readonly command?: readonly string[];
}

const fargateMemory: Record<number, [number, number]> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
  4096: [8192, 30720],
};
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/;

export class FargateService extends pulumi.ComponentResource {
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly taskRole: aws.iam.Role;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly service: awsx.ecs.FargateService;

  constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:ecs:FargateService', name, {}, opts);
    const { platform } = args;
    const owner = `FargateService ${name}`;
    const cpu = args.cpu ?? 256;
    const memory = args.memoryMb ?? 512;
    const range = fargateMemory[cpu];
    if (!range) throw new Error(`${owner}: cpu must be one of ${Object.keys(fargateMemory).join(', ')}`);
    if (memory < range[0] || memory > range[1]) throw new Error(`${owner}: memoryMb ${memory} is outside ${range[0]}–${range[1]} for cpu ${cpu}`);
    const desiredCount = args.desiredCount ?? 1;
    if (!Number.isInteger(desiredCount) || desiredCount < 0) throw new Error(`${owner}: desiredCount must be a non-negative integer`);
    const statements = args.statements ?? [];
    assertAcceptableStatements(statements, owner);
    const ingress = args.ingress ?? [];
    for (const rule of ingress) {
      const toPort = rule.toPort ?? rule.fromPort;
      if (!Number.isInteger(rule.fromPort) || !Number.isInteger(toPort) || rule.fromPort < 1 || toPort > 65535 || toPort < rule.fromPort) {
        throw new Error(`${owner}: ingress ports ${rule.fromPort}–${toPort} are not a valid range`);
      }
      if (rule.cidrBlocks.length === 0 || rule.cidrBlocks.some((cidr) => !CIDR.test(cidr))) {
        throw new Error(`${owner}: ingress ${rule.description}: cidrBlocks must be IPv4 CIDRs`);
      }
      if (!rule.description) throw new Error(`${owner}: every ingress rule needs a description saying why it is open`);
    }

    const serviceName = platform.physicalName(`${args.service}-${name}`);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/ecs/${serviceName}`, retentionInDays: platform.settings.logRetentionDays, tags: platform.tags },
      { parent: this },
    );

    this.taskRole = new aws.iam.Role(
      `${name}-task-role`,
      {
        assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com', {
          account: platform.account,
          sourceArn: pulumi.interpolate`arn:aws:ecs:${platform.region}:${platform.account}:*`,
        }),
        description: `${serviceName} task: only what it needs`,
        tags: platform.tags,
      },
      { parent: this },
    );
    if (statements.length > 0) {
      new aws.iam.RolePolicy(`${name}-task-policy`, { role: this.taskRole.id, policy: policyDocument(statements) }, { parent: this });
    }

    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-security-group`,
      {
        vpcId: platform.network.vpcId,
        description: `${serviceName}: declared ingress only`,
        ingress: ingress.map((rule) => ({
          protocol: rule.protocol,
          fromPort: rule.fromPort,
          toPort: rule.toPort ?? rule.fromPort,
          cidrBlocks: [...rule.cidrBlocks],
          description: rule.description,
        })),
        // Tasks call AWS APIs and pull images over the internet (public subnets, no NAT).
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'AWS APIs and image pulls' }],
        tags: platform.tags,
      },
      { parent: this },
    );

    const portMappings = ingress.flatMap((rule) => {
      const ports: { containerPort: number; hostPort: number; protocol: string }[] = [];
      // Map ranges port by port up to a sane size; large RTP ranges are admitted by the group and reached via awsvpc.
      const toPort = rule.toPort ?? rule.fromPort;
      if (toPort - rule.fromPort < 16) {
        for (let port = rule.fromPort; port <= toPort; port++) ports.push({ containerPort: port, hostPort: port, protocol: rule.protocol });
      }
      return ports;
    });

    this.service = new awsx.ecs.FargateService(
      `${name}-service`,
      {
        name: serviceName,
        cluster: platform.network.clusterArn,
        desiredCount,
        networkConfiguration: { subnets: platform.network.publicSubnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: true },
        taskDefinitionArgs: {
          runtimePlatform: { cpuArchitecture: args.cpuArchitecture ?? 'X86_64', operatingSystemFamily: 'LINUX' },
          taskRole: { roleArn: this.taskRole.arn },
          logGroup: { existing: { name: this.logGroup.name } },
          container: {
            name: args.service,
            image: args.image,
            cpu,
            memory,
            essential: true,
            command: args.command ? [...args.command] : undefined,
            portMappings,
            environment: Object.entries({ SWITCHBOARD_STAGE: platform.stage, ...args.environment }).map(([key, value]) => ({ name: key, value })),
          },
        },
        tags: { ...platform.tags, service: args.service },
      },
      { parent: this },
    );
    this.registerOutputs({ logGroup: this.logGroup.name });
  }
}
