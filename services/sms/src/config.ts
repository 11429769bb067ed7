/**
 * Runtime configuration, one schema per handler: environment → zod → frozen object, read once at cold start.
 * `handlerEnv[<handler>]` is what that function needs and nothing more, so a function fails fast at cold start on
 * a missing or invalid variable of its own and is never made to carry another's. The infra component sets every
 * variable from stack config (services/sms/infra/); the local stage composes the same objects in src/composition.
 *
 * zod/mini: the relay functions a customer waits on parse these during their cold start.
 */
import * as z from '@switchboard/shared/zod-mini';
import { loadConfig } from '@switchboard/shared/config';

const text = () => z.string().check(z.minLength(1));
const integer = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);
const minutes = (fallback: number) => integer(1, 10_080, fallback);
const flag = (fallback: boolean) =>
  z._default(
    z.pipe(
      z.enum(['true', 'false', '1', '0']),
      z.transform((value) => value === 'true' || value === '1'),
    ),
    fallback,
  );

/** Tables and the bus: every function. */
const stores = {
  STAGE: z._default(text(), 'dev'),
  SMS_STATE_TABLE: z.string().check(z.minLength(3)),
  SMS_OPT_OUTS_TABLE: z.string().check(z.minLength(3)),
  SMS_FAQ_TABLE: z.string().check(z.minLength(3)),
  EVENT_BUS_NAME: text(),
  /** Days a conversation and its transcript are kept after the last activity. */
  RETENTION_DAYS: integer(1, 3650, 90),
};

/** Sending texts (End User Messaging SendTextMessage). */
const sending = {
  /** Phone number, pool or sender id (ID or ARN) texts come from. */
  SMS_ORIGINATION_IDENTITY: text(),
  SMS_CONFIGURATION_SET: z.optional(z.string()),
  SMS_MAX_PRICE: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?$/u, 'must be a price such as 0.05'))),
  /** Message parts per second the origination identity may send (10DLC, toll-free and short codes differ). */
  SMS_SEND_RATE_PER_SECOND: z._default(z.coerce.number().check(z.positive(), z.maximum(1000)), 1),
  SMS_SEND_BURST: integer(1, 1000, 10),
  SMS_MAX_SEGMENTS_PER_MESSAGE: integer(1, 20, 10),
  /** Send our own STOP confirmation; turn off when End User Messaging answers opt-out keywords itself. */
  SMS_SEND_OPT_OUT_CONFIRMATION: flag(true),
};

/** The conversation rules and the mailbox. */
const conversation = {
  /** Comma-separated words that hand the customer to an agent at once. */
  AGENT_KEYWORDS: z._default(
    z.pipe(
      z.string(),
      z.transform((value) =>
        value
          .split(',')
          .map((word) => word.trim())
          .filter((word) => word.length > 0),
      ),
    ),
    ['AGENT'],
  ),
  MAX_UNANSWERED_BEFORE_ESCALATION: integer(1, 20, 2),
  OFFER_TIMEOUT_MINUTES: minutes(60),
  IDLE_TIMEOUT_MINUTES: minutes(30),
  MAILBOX_MAX_ATTEMPTS: integer(1, 50, 5),
  /** Longer than the relay functions' timeout, so a lease only expires when its holder is gone. */
  MAILBOX_LEASE_SECONDS: integer(5, 900, 60),
  REORDER_WINDOW_MS: integer(0, 10_000, 0),
  CHAT_DISPLAY_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(256)), 'SMS customer'),
};

/** The Connect chat and its tokens at rest. */
const chat = {
  CONNECT_INSTANCE_ID: text(),
  CONNECT_CHAT_FLOW_ID: text(),
  CHAT_STREAMING_TOPIC_ARN: z.string().check(z.startsWith('arn:')),
  CHAT_DURATION_MINUTES: integer(60, 10_080, 1440),
  TOKEN_KMS_KEY_ID: text(),
};

/** The FAQ bot (Lex V2). */
const bot = {
  LEX_BOT_ID: text(),
  LEX_BOT_ALIAS_ID: text(),
  LEX_LOCALE_ID: z._default(z.string().check(z.regex(/^[a-z]{2}_[A-Z]{2}$/u, 'must be a Lex locale such as en_US')), 'en_US'),
  LEX_MIN_CONFIDENCE: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1)), 0.6),
};

/** Who may be offered a text: the number check and the carrier lookup. */
const deflection = {
  /** libphonenumber only, or also the carrier lookup (phone-number validation, charged per lookup). */
  SMS_PHONE_VALIDATION: z._default(z.enum(['libphonenumber', 'carrier-lookup']), 'libphonenumber'),
  DEFAULT_COUNTRY: z._default(z.string().check(z.length(2)), 'US'),
  /** Attempts at texting the offer (one per delivery of the request) before the deflection is reported failed. */
  MAX_OFFER_ATTEMPTS: integer(1, 10, 3),
  /** Countries texts may go to (ISO alpha-2, comma-separated); empty → DEFAULT_COUNTRY. The toll-fraud guard refuses the rest. */
  ALLOWED_COUNTRIES: z._default(z.string(), ''),
  /** The platform's spend-limits table (physical name); without it no daily limit is counted. */
  SPEND_LIMITS_TABLE: z.optional(z.string().check(z.minLength(3))),
  /** Deflection offers per requester (a user of the API, or the routing IVR) per UTC day. */
  TEXTS_PER_USER_PER_DAY: integer(1, 1_000_000, 200),
  /** Deflection offers per stage per UTC day. */
  TEXTS_PER_STAGE_PER_DAY: integer(1, 10_000_000, 5000),
};

const relay = z.object({ ...stores, ...sending, ...conversation, ...chat, ...bot });

/** Every sms function's environment schema, by handler name (`src/handlers/<name>.ts`). */
export const handlerEnv = {
  'inbound-sms': relay,
  'chat-stream': relay,
  'idle-sweeper': relay,
  'deflection-requested': z.object({ ...stores, ...sending, ...deflection }),
  api: z.object({
    ...stores,
    ...sending,
    ...conversation,
    ...chat,
    ...bot,
    ...deflection,
    USER_POOL_ID: z.string().check(z.regex(/^[a-z0-9-]+_[A-Za-z0-9]+$/u, 'must be a Cognito user pool id such as us-east-1_AbC123')),
    USER_POOL_CLIENT_ID: text(),
  }),
} as const;

export type HandlerName = keyof typeof handlerEnv;
export type HandlerEnv<H extends HandlerName> = z.output<(typeof handlerEnv)[H]>;
export type RelayEnv = HandlerEnv<'inbound-sms'>;

export function loadHandlerEnv<H extends HandlerName>(handler: H, env: Record<string, string | undefined> = process.env): HandlerEnv<H> {
  return loadConfig(handlerEnv[handler], env) as HandlerEnv<H>;
}
