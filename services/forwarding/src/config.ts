/**
 * Configuration of the forwarding functions: environment → zod → frozen, read once at cold start. The infra
 * component sets these variables (services/forwarding/infra/index.ts); the local stage builds the same objects.
 *
 * `handlerEnv[<handler>]` is what that function needs and nothing more, so a misconfigured API cannot take the
 * phone line down with it, and the infra test parses every deployed function's environment with its own schema.
 *
 * zod/mini: the SMA parses its slice during the cold start a caller hears as silence, and this module is in its
 * bundle — classic zod here would put its 100 KB back there (shared/KIT.md, "zod/mini on cold paths").
 */
import * as z from '@switchboard/shared/zod-mini';
import { loadConfig } from '@switchboard/shared/config';
import type { PromptSettings } from './domain/sma-decision.ts';

const text = (min = 1) => z.string().check(z.minLength(min));
const integer = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

/** `US, CA` → ['US', 'CA']; empty (the default) → []. */
const countryList = () =>
  z.pipe(
    z.pipe(
      z._default(z.string(), ''),
      z.transform((value: string) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      ),
    ),
    z.array(z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 codes such as US,CA'))),
  );

/** Forward changes per user per window, as the README documents; the local stage uses the same default. */
export const DEFAULT_CHANGE_RATE_LIMIT = Object.freeze({ changes: 10, windowSeconds: 3600 });

const table = { FORWARDS_TABLE: text(3) };

const prompts = {
  PROMPTS_BUCKET: text(3),
  PLEASE_WAIT_KEY: z._default(text(), 'please_wait_while_we_try_to_connect_you.wav'),
  UNABLE_TO_CONNECT_KEY: z._default(text(), 'we_were_unable_to_connect_your_call.wav'),
  POLLY_VOICE_ID: z._default(text(), 'Joanna'),
  POLLY_LANGUAGE_CODE: z._default(text(2), 'en-US'),
};

export const handlerEnv = {
  /** The SIP media application: one table read and one event per call. */
  sma: z.object({
    ...table,
    EVENT_BUS_NAME: text(),
    ...prompts,
    /** The toll-fraud guard at dial time, as in the API (empty: the forwarded number's own country). */
    ALLOWED_COUNTRIES: countryList(),
    MAX_DESTINATIONS: integer(1, 5, 5),
  }),
  /** One round of a product switch (the Step Functions loop). */
  'switch-worker': z.object({
    ...table,
    SIP_MEDIA_APPLICATION_ID: text(),
    SWITCH_RETRY_SECONDS: integer(1, 300, 5),
    SWITCH_MAX_RELEASE_CHECKS: integer(1, 1000, 120),
  }),
  /** The CallForwarded subscriber: counts forwarded calls per UTC day (UpdateItem on the table, nothing else). */
  'call-counter': z.object({ ...table }),
  /** The self-service API. */
  api: z.object({
    ...table,
    EVENT_BUS_NAME: text(),
    SIP_MEDIA_APPLICATION_ID: text(),
    AWS_REGION: text(),
    SWITCH_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
    USER_POOL_ID: text(),
    USER_POOL_CLIENT_ID: text(),
    /** The self-service page's origin: CORS lets it read the API. */
    PAGE_ORIGIN: z.url(),
    /** The console's origin (admins manage numbers there): CORS lets it read the API too. Unset: the page only. */
    CONSOLE_ORIGIN: z.optional(z.url()),
    /** Empty: a destination must be in the forwarded number's own country. */
    ALLOWED_COUNTRIES: countryList(),
    MAX_DESTINATIONS: integer(1, 5, 5),
    RATE_LIMIT_CHANGES: integer(1, Number.MAX_SAFE_INTEGER, DEFAULT_CHANGE_RATE_LIMIT.changes),
    RATE_LIMIT_WINDOW_SECONDS: integer(60, Number.MAX_SAFE_INTEGER, DEFAULT_CHANGE_RATE_LIMIT.windowSeconds),
  }),
};

export type HandlerName = keyof typeof handlerEnv;
export type HandlerEnv<H extends HandlerName> = z.output<(typeof handlerEnv)[H]>;

export function loadHandlerEnv<H extends HandlerName>(handler: H, env: Record<string, string | undefined> = process.env): HandlerEnv<H> {
  return loadConfig(handlerEnv[handler], env) as HandlerEnv<H>;
}

export function promptSettings(config: HandlerEnv<'sma'>): PromptSettings {
  return {
    bucket: config.PROMPTS_BUCKET,
    pleaseWaitKey: config.PLEASE_WAIT_KEY,
    unableToConnectKey: config.UNABLE_TO_CONNECT_KEY,
    voiceId: config.POLLY_VOICE_ID,
    languageCode: config.POLLY_LANGUAGE_CODE,
  };
}
