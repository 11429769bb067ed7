/**
 * Configuration of the forwarding functions: environment → zod → frozen, read once at cold start. The infra
 * component sets these variables (services/forwarding/infra/index.ts); the local stage builds the same objects.
 * Each function reads only the slice it needs, so a misconfigured API cannot take the phone line down with it.
 */
import * as z from 'zod';
import { loadConfig } from '@switchboard/shared/config';
import { defaultAllowedNumberTypes, type GuardPolicy } from './domain/toll-fraud-guard.ts';
import type { PromptSettings } from './domain/sma-decision.ts';

const list = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const countryList = list.pipe(z.array(z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 codes such as US,CA')));

const promptsSchema = {
  PROMPTS_BUCKET: z.string().min(3),
  PLEASE_WAIT_KEY: z.string().min(1).default('please_wait_while_we_try_to_connect_you.wav'),
  UNABLE_TO_CONNECT_KEY: z.string().min(1).default('we_were_unable_to_connect_your_call.wav'),
  POLLY_VOICE_ID: z.string().min(1).default('Joanna'),
  POLLY_LANGUAGE_CODE: z.string().min(2).default('en-US'),
};

/** Forward changes per user per window, as the README documents; the local stage uses the same default. */
export const DEFAULT_CHANGE_RATE_LIMIT = Object.freeze({ changes: 10, windowSeconds: 3600 });

export const smaConfigSchema = z.object({
  FORWARDS_TABLE: z.string().min(3),
  EVENT_BUS_NAME: z.string().min(1),
  ...promptsSchema,
});

export const switchWorkerConfigSchema = z.object({
  FORWARDS_TABLE: z.string().min(3),
  SIP_MEDIA_APPLICATION_ID: z.string().min(1),
  SWITCH_RETRY_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  SWITCH_MAX_RELEASE_CHECKS: z.coerce.number().int().min(1).max(1000).default(120),
});

export const apiConfigSchema = z.object({
  FORWARDS_TABLE: z.string().min(3),
  EVENT_BUS_NAME: z.string().min(1),
  SIP_MEDIA_APPLICATION_ID: z.string().min(1),
  AWS_REGION: z.string().min(1),
  SWITCH_STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
  /** The self-service page's origin: CORS lets it read the API. */
  PAGE_ORIGIN: z.url(),
  /** The console's origin (admins manage numbers there): CORS lets it read the API too. Unset: the page only. */
  CONSOLE_ORIGIN: z.url().optional(),
  /** Empty: a destination must be in the forwarded number's own country. */
  ALLOWED_COUNTRIES: countryList,
  MAX_DESTINATIONS: z.coerce.number().int().min(1).max(5).default(5),
  RATE_LIMIT_CHANGES: z.coerce.number().int().min(1).default(DEFAULT_CHANGE_RATE_LIMIT.changes),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(60).default(DEFAULT_CHANGE_RATE_LIMIT.windowSeconds),
});

export type SmaConfig = ReturnType<typeof loadSmaConfig>;
export type ApiConfig = ReturnType<typeof loadApiConfig>;
export type SwitchWorkerConfig = ReturnType<typeof loadSwitchWorkerConfig>;

export const loadSmaConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(smaConfigSchema, env);
export const loadApiConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(apiConfigSchema, env);
export const loadSwitchWorkerConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(switchWorkerConfigSchema, env);

export function promptSettings(config: { PROMPTS_BUCKET: string; PLEASE_WAIT_KEY: string; UNABLE_TO_CONNECT_KEY: string; POLLY_VOICE_ID: string; POLLY_LANGUAGE_CODE: string }): PromptSettings {
  return {
    bucket: config.PROMPTS_BUCKET,
    pleaseWaitKey: config.PLEASE_WAIT_KEY,
    unableToConnectKey: config.UNABLE_TO_CONNECT_KEY,
    voiceId: config.POLLY_VOICE_ID,
    languageCode: config.POLLY_LANGUAGE_CODE,
  };
}

export function guardPolicy(config: { ALLOWED_COUNTRIES: readonly string[]; MAX_DESTINATIONS: number }): GuardPolicy {
  return { allowedCountries: [...config.ALLOWED_COUNTRIES], allowedNumberTypes: defaultAllowedNumberTypes, maxDestinations: config.MAX_DESTINATIONS };
}
