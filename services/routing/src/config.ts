/**
 * The routing service's runtime configuration: environment variables → zod → frozen object, read once
 * per cold start. The Pulumi component sets these on each Lambda; the local stage builds the same
 * objects in src/local.ts.
 *
 * Three slices, so a handler fails fast on what it needs and is not made to carry what it does not.
 */
import * as z from 'zod';
import { loadConfig } from '@switchboard/shared/config';
import { e164NumberSchema, extensionSchema, type Destination } from './domain/department.ts';
import type { RoutingSettings } from './domain/call-routing.ts';
import { ROUTING_BOT_LOCALE } from './domain/routing-bot.ts';

/** `+15555550100` → PSTN, `600000` → Voice Connector extension. */
const operatorSchema = z.union([
  e164NumberSchema.transform((number): Exclude<Destination, { type: 'operator' }> => ({ type: 'pstn', number })),
  extensionSchema.transform((extension): Exclude<Destination, { type: 'operator' }> => ({ type: 'voiceConnector', extension })),
]);

const tables = {
  /** Physical name of the routing table (departments). */
  DEPARTMENTS_TABLE: z.string().min(3),
};

export const smaConfigSchema = z.object({
  ...tables,
  EVENT_BUS_NAME: z.string().min(1),
  /** Voice Connector in front of the PBX: `arn:aws:chime:<region>:<account>:vc/<id>`. */
  VOICE_CONNECTOR_ARN: z.string().regex(/^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:vc\/[a-z0-9]+$/).optional(),
  LEX_BOT_ID: z.string().min(1),
  LEX_BOT_ALIAS_ID: z.string().min(1),
  LEX_BOT_ALIAS_ARN: z.string().regex(/^arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias\/[^/]+\/[^/]+$/),
  LEX_LOCALE_ID: z.string().default(ROUTING_BOT_LOCALE),
  /** Where callers go when the routing table is unreachable or has no open operator entry. */
  FALLBACK_OPERATOR: operatorSchema.optional(),
  BRIDGE_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(120).default(30),
  GREETING: z.string().min(1).max(300).default('Thank you for calling.'),
  VOICE_ID: z.string().default('Joanna'),
  VOICE_ENGINE: z.enum(['neural', 'standard']).default('neural'),
  LANGUAGE_CODE: z.string().default('en-US'),
  /** Whole-invocation I/O budget; Chime retries at 5 s, callers notice long before. */
  SMA_DEADLINE_MS: z.coerce.number().int().min(100).max(4000).default(900),
  /** How long a warm Lambda reuses the routing table it read. */
  DIRECTORY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});
export type SmaConfig = z.output<typeof smaConfigSchema>;

export const lexHookConfigSchema = z.object({
  ...tables,
  DIRECTORY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});

export const apiConfigSchema = z.object({
  ...tables,
  CALL_LOG_TABLE: z.string().min(3),
  USER_POOL_ID: z.string().regex(/^[a-z0-9-]+_[A-Za-z0-9]+$/),
  USER_POOL_CLIENT_ID: z.string().min(1),
});

export const callLogConfigSchema = z.object({ CALL_LOG_TABLE: z.string().min(3) });

export const loadSmaConfig = (env?: Record<string, string | undefined>) => loadConfig(smaConfigSchema, env);
export const loadLexHookConfig = (env?: Record<string, string | undefined>) => loadConfig(lexHookConfigSchema, env);
export const loadApiConfig = (env?: Record<string, string | undefined>) => loadConfig(apiConfigSchema, env);
export const loadCallLogConfig = (env?: Record<string, string | undefined>) => loadConfig(callLogConfigSchema, env);

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
  };
}
