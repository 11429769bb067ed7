/**
 * The routing service's runtime configuration: environment variables → zod → frozen object, read once
 * per cold start. The Pulumi component sets these on each Lambda; the local stage builds the same
 * objects in src/local.ts.
 *
 * Three slices, so a handler fails fast on what it needs and is not made to carry what it does not.
 */
import * as z from '@switchboard/shared/zod-mini';
import { loadConfig } from '@switchboard/shared/config';
import { e164NumberSchema, extensionSchema, type Destination } from './domain/department.ts';
import type { RoutingSettings } from './domain/call-routing.ts';
import { ROUTING_BOT_LOCALE } from './domain/routing-bot.ts';

// zod/mini, like the domain schemas: the SMA handler loads this during its cold start.

type DialledOperator = Exclude<Destination, { type: 'operator' }>;

/** `+15555550100` → PSTN, `600000` → Voice Connector extension. */
const operatorSchema = z.union(
  [
    z.pipe(
      e164NumberSchema,
      z.transform((number): DialledOperator => ({ type: 'pstn', number })),
    ),
    z.pipe(
      extensionSchema,
      z.transform((extension): DialledOperator => ({ type: 'voiceConnector', extension })),
    ),
  ],
  { error: 'must be an E.164 number such as +15555550100 or PBX extension digits such as 600000' },
);

/** An integer environment variable within bounds, with its default. */
const integerVariable = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

const text = () => z.string().check(z.minLength(1));

/** `US,CA` → ['US', 'CA']; default the deployment's own country. */
const countryList = () =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'comma-separated ISO country codes such as US,CA')),
      z.transform((list: string) => list.split(',')),
    ),
    ['US'],
  );

const tables = {
  /** Physical name of the routing table (departments). */
  DEPARTMENTS_TABLE: z.string().check(z.minLength(3)),
};

/** How long a warm Lambda reuses the routing table it read. */
const directoryCacheSeconds = () => integerVariable(0, 3600, 30);

export const smaConfigSchema = z.object({
  ...tables,
  EVENT_BUS_NAME: text(),
  /** Voice Connector in front of the PBX: `arn:aws:chime:<region>:<account>:vc/<id>`. */
  VOICE_CONNECTOR_ARN: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:vc\/[a-z0-9]+$/))),
  LEX_BOT_ID: text(),
  LEX_BOT_ALIAS_ID: text(),
  LEX_BOT_ALIAS_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias\/[^/]+\/[^/]+$/)),
  LEX_LOCALE_ID: z._default(z.string(), ROUTING_BOT_LOCALE),
  /** Where callers go when the routing table is unreachable or has no open operator entry. */
  FALLBACK_OPERATOR: z.optional(operatorSchema),
  BRIDGE_TIMEOUT_SECONDS: integerVariable(5, 120, 30),
  /**
   * ISO 3166 countries sms texts (comma-separated, e.g. "US,CA"): "continue by text" is offered only to
   * mobile numbers there. The same list as the sms service's allow-list.
   */
  SMS_ALLOWED_COUNTRIES: countryList(),
  /** ISO countries a PSTN bridge may dial (comma-separated); every number is re-checked at call time. */
  ALLOWED_COUNTRIES: countryList(),
  /** Routing's projection of who sms can text; without it no SMS offer is made (callers stay in the queue). */
  SMS_TEXTING_TABLE: z.optional(z.string().check(z.minLength(3))),
  /** A number of this account shown as caller id when a SIP caller has no E.164 From or To (optional). */
  CALLER_ID_NUMBER: z.optional(e164NumberSchema),
  GREETING: z._default(z.string().check(z.minLength(1), z.maxLength(300)), 'Thank you for calling.'),
  VOICE_ID: z._default(z.string(), 'Joanna'),
  VOICE_ENGINE: z._default(z.enum(['neural', 'standard']), 'neural'),
  LANGUAGE_CODE: z._default(z.string(), 'en-US'),
  /** Whole-invocation I/O budget; Chime retries at 5 s, callers notice long before. */
  SMA_DEADLINE_MS: integerVariable(100, 4000, 900),
  DIRECTORY_CACHE_SECONDS: directoryCacheSeconds(),
});
export type SmaConfig = z.output<typeof smaConfigSchema>;

export const lexHookConfigSchema = z.object({
  ...tables,
  DIRECTORY_CACHE_SECONDS: directoryCacheSeconds(),
});

export const apiConfigSchema = z.object({
  ...tables,
  CALL_LOG_TABLE: z.string().check(z.minLength(3)),
  USER_POOL_ID: z.string().check(z.regex(/^[a-z0-9-]+_[A-Za-z0-9]+$/)),
  USER_POOL_CLIENT_ID: text(),
  /** ISO countries a department's PSTN numbers may be in (the toll-fraud guard's allow-list). */
  ALLOWED_COUNTRIES: countryList(),
});

export const callLogConfigSchema = z.object({ CALL_LOG_TABLE: z.string().check(z.minLength(3)) });

/** The subscriber that keeps routing's projection of who sms can text (SmsOptedOut, SmsOptedIn, SmsDeflectionFailed). */
export const smsTextingConfigSchema = z.object({ SMS_TEXTING_TABLE: z.string().check(z.minLength(3)) });

/** The follower that keeps the PBX's DNS record and the Voice Connector's allow list on the running Asterisk task. */
export const pbxAddressConfigSchema = z.object({
  /** The PBX's DNS name in the hosted zone (`pbx.<stage>.<domain>`). */
  PBX_RECORD_NAME: z.string().check(z.minLength(3)),
  PBX_HOSTED_ZONE_ID: text(),
  VOICE_CONNECTOR_ID: text(),
});

/**
 * Each Lambda's env schema, keyed by its handler name (= `src/handlers/<name>.ts` = `dist/routing/<name>/`). The infra's
 * LambdaFunction types the deployed environment by it and a Pulumi mock test parses every deployed environment with it,
 * so a renamed key fails a test instead of a cold start.
 */
export const handlerEnv = {
  sma: smaConfigSchema,
  'lex-hook': lexHookConfigSchema,
  api: apiConfigSchema,
  'call-log': callLogConfigSchema,
  'sms-texting': smsTextingConfigSchema,
  'pbx-address': pbxAddressConfigSchema,
} as const;

export const loadSmaConfig = (env?: Record<string, string | undefined>) => loadConfig(smaConfigSchema, env);
export const loadLexHookConfig = (env?: Record<string, string | undefined>) => loadConfig(lexHookConfigSchema, env);
export const loadApiConfig = (env?: Record<string, string | undefined>) => loadConfig(apiConfigSchema, env);
export const loadCallLogConfig = (env?: Record<string, string | undefined>) => loadConfig(callLogConfigSchema, env);
export const loadSmsTextingConfig = (env?: Record<string, string | undefined>) => loadConfig(smsTextingConfigSchema, env);
export const loadPbxAddressConfig = (env?: Record<string, string | undefined>) => loadConfig(pbxAddressConfigSchema, env);

/** The decision's settings from the SMA configuration. */
export function routingSettingsFrom(config: Readonly<SmaConfig> | ReturnType<typeof loadSmaConfig>): RoutingSettings {
  return {
    voiceConnectorArn: config.VOICE_CONNECTOR_ARN,
    fallbackOperator: config.FALLBACK_OPERATOR ? { ...config.FALLBACK_OPERATOR } : undefined,
    bridgeTimeoutSeconds: config.BRIDGE_TIMEOUT_SECONDS,
    bot: { aliasArn: config.LEX_BOT_ALIAS_ARN, localeId: config.LEX_LOCALE_ID },
    voice: { VoiceId: config.VOICE_ID, Engine: config.VOICE_ENGINE, LanguageCode: config.LANGUAGE_CODE },
    greeting: config.GREETING,
    languageCode: config.LANGUAGE_CODE,
    callerIdNumber: config.CALLER_ID_NUMBER,
    smsAllowedCountries: [...config.SMS_ALLOWED_COUNTRIES],
    allowedCountries: [...config.ALLOWED_COUNTRIES],
  };
}
