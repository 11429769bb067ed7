/**
 * `LambdaFunction`: one handler of one service, bundled by scripts/build.mjs into dist/<service>/<handler>/,
 * on arm64 + nodejs22.x, with its own log group (stage retention), its own role holding only the statements
 * given, and — for functions invoked asynchronously (EventBridge, SNS, S3, IoT) — retries plus an encrypted
 * dead-letter queue that alarms.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type * as zc from 'zod/v4/core';
import { createDeadLetterQueue } from './dead-letter-queue.ts';
import { assertAcceptableStatements, assumeRolePolicy, policyDocument, type PolicyStatement } from './iam.ts';
import type { Platform } from './platform.ts';
import { anyOccurrenceAlarm } from './alarm.ts';

/** dist/ at the repository root (this file is infra/components/lambda-function.ts). */
export const defaultDistDir = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * Lets the Pulumi mock tests run without `npm run build`: a missing bundle (or one built for the other profile)
 * is replaced by an archive whose handler throws. Set only by infra/test; never set it for `pulumi up`.
 */
export const allowMissingBundlesEnv = 'SWITCHBOARD_ALLOW_MISSING_BUNDLES';

export interface AsyncInvocationArgs {
  /**
   * Lambda's own retries of a failed asynchronous invocation (0–2).
   * @default 2
   */
  readonly maximumRetryAttempts?: number;
  /**
   * Seconds an event may wait for a (re)try before it goes to the dead-letter queue (60–21600).
   * @default 3600
   */
  readonly maximumEventAgeSeconds?: number;
}

/** Variables every function gets from LambdaFunction itself (a handler's schema may read them; callers need not set them). */
export type PlatformEnvironmentKey =
  | 'SWITCHBOARD_STAGE'
  | 'POWERTOOLS_SERVICE_NAME'
  | 'POWERTOOLS_LOG_LEVEL'
  | 'EVENT_BUS_NAME'
  | 'NODE_OPTIONS'
  | 'AWS_REGION';

/**
 * The environment a handler's env schema asks for: each key of the schema's input (optional ones optional), values
 * as Pulumi inputs of strings. A renamed or missing key is a type error in the service's infra.
 */
export type EnvironmentFor<S extends zc.$ZodType> = {
  [K in keyof Omit<zc.input<S>, PlatformEnvironmentKey>]: pulumi.Input<string>;
};

export interface LambdaFunctionArgs<S extends zc.$ZodType = zc.$ZodType> {
  /** The stage platform (settings, names, tags). */
  readonly platform: Platform;
  /** Service folder under services/, e.g. `routing`. */
  readonly service: string;
  /** Handler file name under services/<service>/src/handlers/ without `.ts`, e.g. `sma-handler`. */
  readonly handler: string;
  /**
   * What the function may do, besides writing its own logs (and sending to its DLQ). No `"*"` or `"svc:*"` actions.
   * @default []
   */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Environment variables. `SWITCHBOARD_STAGE`, `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL` and
   * `EVENT_BUS_NAME` are set for every function (yours win on conflict).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>> & Partial<EnvironmentFor<S>>;
  /**
   * The handler's env schema (its service's `handlerEnv[handler]`, classic zod or zod/mini). Types `environment` by
   * it, and at deploy the resolved environment is parsed with it: a renamed key fails `pulumi up` before any
   * function is created, instead of crashing at cold start.
   * @default undefined (environment untyped)
   */
  readonly envSchema?: S;
  /**
   * A caller waits on this function (SMA handler, Lex code hook, Connect contact-flow Lambda): it reserves
   * `platform.telephonyReservedConcurrency` unless `reservedConcurrency` says otherwise.
   * @default false
   */
  readonly telephony?: boolean;
  /**
   * Seconds before Lambda stops the invocation (1–900). Telephony handlers should stay well under 5.
   * @default 10
   */
  readonly timeoutSeconds?: number;
  /**
   * Memory in MB (128–10240); CPU grows with it.
   * @default 512
   */
  readonly memoryMb?: number;
  /**
   * Concurrency reserved for (and capping) this function; e.g. to respect a downstream rate limit.
   * @default undefined (unreserved: shares the account pool)
   */
  readonly reservedConcurrency?: number;
  /**
   * Set when anything invokes the function asynchronously: adds retries and a dead-letter queue.
   * `Subscription` requires it on its Lambda targets.
   * @default undefined (synchronous callers only; no DLQ)
   */
  readonly asyncInvocation?: AsyncInvocationArgs;
  /**
   * Alarm (to the platform's alarm topic) when an invocation fails with an unhandled error. Telephony handlers
   * never throw, and async handlers throw only on real failures, so one error is worth a look.
   * @default true
   */
  readonly alarmOnErrors?: boolean;
  /**
   * Human description shown in the console.
   * @default `${service} ${handler}`
   */
  readonly description?: string;
  /**
   * Where the bundles are.
   * @default <repository>/dist
   */
  readonly distDir?: string;
}

function assertIntegerInRange(value: number | undefined, min: number, max: number, what: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${what} must be an integer in ${min}–${max}, got ${value}`);
}

export class LambdaFunction<S extends zc.$ZodType = zc.$ZodType> extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** Present when `asyncInvocation` was given. */
  readonly deadLetterQueue: aws.sqs.Queue | undefined;
  readonly arn: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly invokeArn: pulumi.Output<string>;

  /** The handler's env schema, when given (the env-parse test and the deploy-time check use it). */
  readonly envSchema: S | undefined;

  constructor(
    name: string,
    args: LambdaFunctionArgs<S> & (S extends zc.$ZodObject ? { readonly environment: EnvironmentFor<S> } : unknown),
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('switchboard:lambda:LambdaFunction', name, {}, opts);
    const { platform, service, handler } = args;
    const owner = `LambdaFunction ${name}`;

    if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`${owner}: service "${service}" must be a services/ folder name`);
    if (!/^[a-z][a-z0-9-]*$/.test(handler)) throw new Error(`${owner}: handler "${handler}" must be a kebab-case file name without .ts`);
    assertIntegerInRange(args.timeoutSeconds, 1, 900, `${owner}: timeoutSeconds`);
    assertIntegerInRange(args.memoryMb, 128, 10240, `${owner}: memoryMb`);
    assertIntegerInRange(args.reservedConcurrency, 0, 1000, `${owner}: reservedConcurrency`);
    assertIntegerInRange(args.asyncInvocation?.maximumRetryAttempts, 0, 2, `${owner}: asyncInvocation.maximumRetryAttempts`);
    assertIntegerInRange(args.asyncInvocation?.maximumEventAgeSeconds, 60, 21600, `${owner}: asyncInvocation.maximumEventAgeSeconds`);
    const statements = args.statements ?? [];
    assertAcceptableStatements(statements, owner);

    const functionName = platform.physicalName(`${service}-${handler}`);
    if (functionName.length > 64) throw new Error(`${owner}: function name ${functionName} exceeds Lambda's 64 characters; shorten the handler name`);

    const reserved = args.reservedConcurrency ?? (args.telephony ? platform.telephonyReservedConcurrency : undefined);
    if (reserved !== undefined) platform.reserveConcurrency(functionName, reserved);
    this.envSchema = args.envSchema;

    const code = bundleArchive(args.distDir ?? defaultDistDir, platform, owner, service, handler);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: platform.settings.logRetentionDays, tags: platform.tags },
      { parent: this },
    );

    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com'),
        description: `${functionName}: only what this handler needs`,
        tags: platform.tags,
      },
      { parent: this },
    );

    const dlq = args.asyncInvocation ? createDeadLetterQueue(name, platform, this, `asynchronous invocations of ${functionName}`) : undefined;
    this.deadLetterQueue = dlq?.queue;

    const ownStatements: PolicyStatement[] = [
      // Its own log group only; no logs:CreateLogGroup (the group exists, so Lambda never needs to create one).
      { Sid: 'WriteOwnLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: pulumi.interpolate`${this.logGroup.arn}:*` },
      ...(dlq ? [{ Sid: 'SendOwnDeadLetters', Action: ['sqs:SendMessage'], Resource: dlq.queue.arn }] : []),
      ...statements,
    ];
    const policy = new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.id, policy: policyDocument(ownStatements) }, { parent: this });

    const environment: Record<string, pulumi.Input<string>> = {
      SWITCHBOARD_STAGE: platform.stage,
      POWERTOOLS_SERVICE_NAME: service,
      POWERTOOLS_LOG_LEVEL: platform.settings.logLevel,
      EVENT_BUS_NAME: platform.bus.name,
      ...(platform.settings.sourcemaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      ...args.environment,
    };

    this.function = new aws.lambda.Function(
      `${name}-function`,
      {
        name: functionName,
        description: args.description ?? `${service} ${handler}`,
        role: this.role.arn,
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        code,
        timeout: args.timeoutSeconds ?? 10,
        memorySize: args.memoryMb ?? 512,
        reservedConcurrentExecutions: reserved ?? -1,
        environment: { variables: args.envSchema ? checkedEnvironment(owner, args.envSchema, environment, platform.region) : environment },
        loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name, applicationLogLevel: platform.settings.logLevel, systemLogLevel: 'INFO' },
        tags: { ...platform.tags, service },
      },
      // The policy must exist before the first invocation can log; the log group before Lambda would create its own.
      { parent: this, dependsOn: [policy, this.logGroup] },
    );

    if (dlq && args.asyncInvocation) {
      new aws.lambda.FunctionEventInvokeConfig(
        `${name}-async`,
        {
          functionName: this.function.name,
          maximumRetryAttempts: args.asyncInvocation.maximumRetryAttempts ?? 2,
          maximumEventAgeInSeconds: args.asyncInvocation.maximumEventAgeSeconds ?? 3600,
          destinationConfig: { onFailure: { destination: dlq.queue.arn } },
        },
        { parent: this, dependsOn: [policy] },
      );
    }

    if (args.alarmOnErrors ?? true) {
      anyOccurrenceAlarm(
        `${name}-errors-alarm`,
        {
          description: `${functionName} failed with an unhandled error: see log group /aws/lambda/${functionName}`,
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensions: { FunctionName: this.function.name },
        },
        platform,
        { parent: this },
      );
    }

    this.arn = this.function.arn;
    this.functionName = this.function.name;
    this.invokeArn = this.function.invokeArn;
    this.registerOutputs({ arn: this.arn, functionName: this.functionName, logGroup: this.logGroup.name });
  }
}

/** What scripts/build.mjs records about a dist/ folder. */
interface BuildInfo {
  readonly profile: string;
  readonly minify: boolean;
  readonly sourcemaps: boolean;
}

function readBuildInfo(distDir: string): BuildInfo | undefined {
  const file = path.join(distDir, 'build-info.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as BuildInfo;
}

function bundleArchive(distDir: string, platform: Platform, owner: string, service: string, handler: string): pulumi.asset.Archive {
  const bundleDir = path.join(distDir, service, handler);
  const bundle = path.join(bundleDir, 'index.mjs');
  const info = readBuildInfo(distDir);
  const { minify, sourcemaps } = platform.settings;
  const problem = !existsSync(bundle)
    ? `bundle ${bundle} is missing. Run \`npm run build -- --profile ${platform.profile}\` (builds services/${service}/src/handlers/${handler}.ts) before pulumi preview/up.`
    : !info
      ? `${path.join(distDir, 'build-info.json')} is missing; build with \`npm run build -- --profile ${platform.profile}\`.`
      : info.minify !== minify || info.sourcemaps !== sourcemaps
        ? `${distDir} holds a ${info.profile} build (minify ${info.minify}, sourcemaps ${info.sourcemaps}) but stage ${platform.stage} wants minify ${minify}, sourcemaps ${sourcemaps}: run \`npm run build -- --profile ${platform.profile}\`.`
        : undefined;
  if (!problem) return new pulumi.asset.FileArchive(bundleDir);
  if (process.env[allowMissingBundlesEnv] === '1') {
    return new pulumi.asset.AssetArchive({
      'index.mjs': new pulumi.asset.StringAsset(
        `export const handler = () => { throw new Error('${service}/${handler}: deployed without its bundle; run npm run build'); };\n`,
      ),
    });
  }
  throw new Error(`${owner}: ${problem}`);
}

/**
 * The environment, resolved and parsed with the handler's schema (plus the `AWS_REGION` Lambda itself sets): at `pulumi up` a missing or malformed variable
 * fails the deployment with the schema's message, naming the function.
 */
function checkedEnvironment(
  owner: string,
  schema: zc.$ZodType,
  environment: Record<string, pulumi.Input<string>>,
  region: string,
): pulumi.Output<Record<string, string>> {
  return pulumi.output(environment).apply(async (resolved) => {
    const { safeParseAsync } = await import('zod/v4/core');
    const result = await safeParseAsync(schema, { AWS_REGION: region, ...resolved });
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
      throw new Error(`${owner}: its environment does not satisfy the handler's env schema — ${problems.join('; ')}`);
    }
    return resolved as Record<string, string>;
  });
}
