/**
 * All stack configuration of the Switchboard stage program, in one typed, validated, frozen object.
 *
 * Two layers:
 * - the STAGE TABLE (stage-table.json, validated below): everything that differs between a development and a production stage lives here
 *   and nowhere else. A stack picks a row with `switchboard:profile` (defaults: stack `dev` → dev,
 *   stack `prod` → prod; any other stack name must say which profile it follows).
 * - the stack config (`Pulumi.<stack>.yaml`, namespace `switchboard:`): the values that are specific to one
 *   deployment (alarm e-mail, allowed browser origins, the Connect instance, each service's slice).
 *
 * `parseStackConfig` is pure (tested without Pulumi); `loadStackConfig` reads the running Pulumi program's
 * config, rejects unknown `switchboard:` keys (a typo must not silently fall back to a default) and parses it.
 */
import * as pulumi from '@pulumi/pulumi';
import * as z from 'zod';
import { serviceConfigSchemas } from './service-config-schemas.ts';
import stageTableJson from './stage-table.json' with { type: 'json' };

export const profileNames = ['dev', 'prod'] as const;
export type ProfileName = (typeof profileNames)[number];

/** CloudWatch Logs accepts only these retention periods (days). */
const cloudWatchRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** One row of the stage table. */
export const stageSettingsSchema = z
  .object({
    /** Days CloudWatch keeps every Lambda, API access and Fargate log group. */
    logRetentionDays: z
      .number()
      .refine((days) => (cloudWatchRetentionDays as readonly number[]).includes(days), 'not a CloudWatch Logs retention period'),
    /** Powertools / Lambda application log level. */
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    /** esbuild minifies the Lambda bundles (scripts/build.mjs reads the same row). */
    minify: z.boolean(),
    /** esbuild writes source maps and Lambdas run with `--enable-source-maps`. */
    sourcemaps: z.boolean(),
    /** Pulumi `protect` on stateful resources (tables, user pool, Connect instance and number, bus and archive). */
    protect: z.boolean(),
    /** An alarm e-mail address must be configured (`switchboard:alarmEmail`); alarms notify it. */
    alarmEmailRequired: z.boolean(),
    /** DynamoDB point-in-time recovery on every table. */
    pointInTimeRecovery: z.boolean(),
    /** DynamoDB table deletion protection and Cognito user pool deletion protection. */
    deletionProtection: z.boolean(),
    /** Days the EventBridge archive keeps events for replay. */
    eventArchiveRetentionDays: z.number().int().min(0),
    /** Seconds a message stays in a dead-letter queue before SQS drops it (60 s – 14 days). */
    deadLetterRetentionSeconds: z.number().int().min(60).max(1209600),
    /** Test conveniences may be deployed: fault-injection endpoints, device simulators. Never on prod. */
    testHooks: z.boolean(),
  })
  .strict();
export type StageSettings = Readonly<z.infer<typeof stageSettingsSchema>>;

/**
 * THE STAGE TABLE (infra/stage-table.json, shared with scripts/build.mjs). dev and prod differ exactly there;
 * the Pulumi mock tests deploy both and assert that every difference in the registered resources is explained
 * by a row of this table.
 */
export const stageTable: Readonly<Record<ProfileName, StageSettings>> = (() => {
  const parsed = z.object({ dev: stageSettingsSchema, prod: stageSettingsSchema }).safeParse(stageTableJson);
  if (!parsed.success) throw new Error(`infra/stage-table.json is invalid: ${parsed.error.message}`);
  return Object.freeze({ dev: Object.freeze(parsed.data.dev), prod: Object.freeze(parsed.data.prod) });
})();

const originSchema = z.string().superRefine((value, context) => {
  if (value.includes('*')) context.addIssue({ code: 'custom', message: 'a wildcard origin is not allowed; list the exact origins' });
  else if (!/^https?:\/\/[^/\s]+$/.test(value))
    context.addIssue({ code: 'custom', message: 'an origin is scheme://host[:port] with no path, e.g. https://ops.example.com' });
});

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, e.g. +15551234567');

/** The Amazon Connect instance callouts and sms share: created per stage, or an existing one. */
const connectSchema = z
  .discriminatedUnion('mode', [
    z.object({
      mode: z.literal('create'),
      /** Instance alias (globally unique: it is the instance's URL); default `${project}-${stage}-<name suffix>`. */
      instanceAlias: z
        .string()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}$/)
        .optional(),
      /** IANA time zone of the hours of operation. */
      timeZone: z.string().default('UTC'),
      /** Opening hours (24h "HH:MM"), every day listed in `days`. */
      opensAt: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .default('08:00'),
      closesAt: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .default('20:00'),
      days: z
        .array(z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']))
        .min(1)
        .default(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']),
      /** The phone number claimed for the instance (outbound caller id and SMS origination). */
      phoneNumber: z
        .object({
          countryCode: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .default('US'),
          type: z.enum(['DID', 'TOLL_FREE']).default('DID'),
          prefix: z
            .string()
            .regex(/^\+\d+$/)
            .optional(),
        })
        .default({ countryCode: 'US', type: 'DID' }),
    }),
    z.object({
      mode: z.literal('existing'),
      /** ARN of the existing instance: arn:aws:connect:<region>:<account>:instance/<id>. */
      instanceArn: z.string().regex(/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/, 'an Amazon Connect instance ARN'),
      /** Id of the queue outbound calls are placed from. */
      queueId: z.string().min(1),
      /** The claimed number used as caller id / SMS origination, in E.164. */
      phoneNumber: e164,
    }),
  ])
  .default({
    mode: 'create',
    timeZone: 'UTC',
    opensAt: '08:00',
    closesAt: '20:00',
    days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
    phoneNumber: { countryCode: 'US', type: 'DID' },
  });
export type ConnectConfig = z.infer<typeof connectSchema>;

/** The platform-level keys of the `switchboard:` namespace (service slices are added below). */
const platformKeysSchema = z.object({
  /** Which stage-table row this stack follows. */
  profile: z.enum(profileNames).optional(),
  /** Stage name used in every physical name; defaults to the stack name. */
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,15}$/, 'lowercase letters, digits and dashes, 2–16 characters, starting with a letter')
    .optional(),
  /** Where alarms (dead letters, errors) are e-mailed. Required where the stage table says so. */
  alarmEmail: z.email().optional(),
  /** Browser origins allowed by CORS on every HTTP API and as Cognito callback hosts. Never "*". */
  allowedOrigins: z.array(originSchema).default([]),
  /** Cognito hosted-UI domain prefix (globally unique per region); default `${project}-${stage}-<name suffix>`. */
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)
    .optional(),
  /**
   * What makes globally unique names (S3 buckets, the Cognito domain, the Connect alias) unique to this deployment.
   * Default: 8 hex digits derived from the account id and region, so two adopters' `dev` stacks never collide.
   */
  nameSuffix: z
    .string()
    .regex(/^[a-z0-9]{4,12}$/, '4–12 lowercase letters or digits')
    .optional(),
  /** Lambda concurrency: the account's quota in the region, and what each telephony handler reserves out of it. */
  lambda: z
    .object({
      /** The account's concurrent-executions quota in the region (new accounts: 10; the usual default: 1000). */
      accountConcurrency: z.number().int().min(10).default(1000),
      /**
       * Reserved for EACH telephony handler (SMA handlers, Lex code hooks, Connect contact-flow Lambdas), so a burst
       * of background work never leaves a caller waiting on a throttled handler. 0 = reserve nothing.
       */
      telephonyReservedConcurrency: z.number().int().min(0).max(1000).default(5),
    })
    .default({ accountConcurrency: 1000, telephonyReservedConcurrency: 5 }),
  connect: connectSchema,
});

type ServiceConfigs = { [K in keyof typeof serviceConfigSchemas]: z.output<(typeof serviceConfigSchemas)[K]> };

export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  readonly stage: string;
  readonly profile: ProfileName;
  /** The stage-table row of `profile`. */
  readonly settings: StageSettings;
  readonly region: string;
  readonly alarmEmail: string | undefined;
  readonly allowedOrigins: readonly string[];
  /** The configured hosted-UI domain prefix; undefined = the platform derives a unique one. */
  readonly authDomainPrefix: string | undefined;
  /** `switchboard:nameSuffix`; undefined = derived from account and region. */
  readonly nameSuffix: string | undefined;
  readonly lambda: { readonly accountConcurrency: number; readonly telephonyReservedConcurrency: number };
  readonly connect: ConnectConfig;
  /** Each service's config slice (`switchboard:<service>`), parsed by the schema the service exports. */
  readonly services: Readonly<ServiceConfigs>;
}

export class StackConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid stack config (Pulumi.<stack>.yaml, namespace "switchboard:"):\n  - ${problems.join('\n  - ')}`);
    this.name = 'StackConfigError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parse the `switchboard:` keys of one stack (already split from the namespace: `{ alarmEmail: '…' }`).
 * Collects every problem before throwing, so one `pulumi preview` shows them all.
 */
export function parseStackConfig(raw: Readonly<Record<string, unknown>>, context: { project: string; stack: string; region: string }): StackConfig {
  const problems: string[] = [];
  const known = new Set([...Object.keys(platformKeysSchema.shape), ...Object.keys(serviceConfigSchemas)]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) problems.push(`switchboard:${key}: unknown key (known: ${[...known].sort().join(', ')})`);
  }

  const platform = platformKeysSchema.safeParse(raw);
  if (!platform.success) {
    for (const issue of platform.error.issues) {
      problems.push(`switchboard:${issue.path.map(String).join('.')}: ${issue.message}`);
    }
  }

  const services: Record<string, unknown> = {};
  for (const [service, schema] of Object.entries(serviceConfigSchemas)) {
    // A service whose key is absent gets its schema's defaults: a stack need not mention every service.
    const parsed = (schema as z.ZodType).safeParse(raw[service] ?? {});
    if (parsed.success) services[service] = parsed.data;
    else for (const issue of parsed.error.issues) problems.push(`switchboard:${[service, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }

  let profile: ProfileName | undefined = platform.success ? platform.data.profile : undefined;
  if (!profile) {
    if (context.stack === 'dev' || context.stack === 'prod') profile = context.stack;
    else problems.push(`switchboard:profile: stack "${context.stack}" is neither dev nor prod; set switchboard:profile to dev or prod`);
  }
  const settings = profile ? stageTable[profile] : undefined;
  if (platform.success && settings?.alarmEmailRequired && !platform.data.alarmEmail) {
    problems.push(`switchboard:alarmEmail: required on a ${profile} stage (alarms must reach someone)`);
  }
  const stage = (platform.success ? platform.data.stage : undefined) ?? context.stack;
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(stage)) {
    problems.push(`stage "${stage}" (from the stack name) is not usable in physical names; set switchboard:stage`);
  }

  if (problems.length > 0 || !platform.success || !profile || !settings) throw new StackConfigError(problems);

  return deepFreeze({
    project: context.project,
    stack: context.stack,
    stage,
    profile,
    settings,
    region: context.region,
    alarmEmail: platform.data.alarmEmail,
    allowedOrigins: platform.data.allowedOrigins,
    authDomainPrefix: platform.data.authDomainPrefix,
    nameSuffix: platform.data.nameSuffix,
    lambda: platform.data.lambda,
    connect: platform.data.connect,
    services: services as ServiceConfigs,
  });
}

/** Stack config values are strings; structured ones (objects, lists) arrive as JSON text. */
function decodeConfigValue(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/** Read and validate the running program's stack config. Call once, at the top of infra/index.ts. */
export function loadStackConfig(): StackConfig {
  const project = pulumi.getProject();
  const prefix = `${project}:`;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = decodeConfigValue(value);
  }
  const region = new pulumi.Config('aws').get('region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new StackConfigError(['aws:region: required (pulumi config set aws:region eu-central-1)']);
  return parseStackConfig(raw, { project, stack: pulumi.getStack(), region });
}
