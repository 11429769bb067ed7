/**
 * Runtime configuration: environment → zod → frozen, read once at cold start. The infra component sets
 * every variable from stack config (services/sms/infra/config.ts); the local stage sets its own.
 */
import * as z from 'zod';
import { loadConfig } from '@switchboard/shared/config';

const minutes = (fallback: number) => z.coerce.number().int().min(1).max(10_080).default(fallback);

export const smsConfigSchema = z
  .object({
    STAGE: z.string().min(1).default('dev'),
    SMS_STATE_TABLE: z.string().min(3),
    SMS_OPT_OUTS_TABLE: z.string().min(3),
    SMS_FAQ_TABLE: z.string().min(3),
    EVENT_BUS_NAME: z.string().min(1),

    /** end-user-messaging (SendTextMessage, default) or pinpoint (SendMessages, legacy Pinpoint projects). */
    SMS_PROVIDER: z.enum(['end-user-messaging', 'pinpoint']).default('end-user-messaging'),
    /** Phone number, pool or sender id (ID or ARN) texts come from; for Pinpoint the origination number. */
    SMS_ORIGINATION_IDENTITY: z.string().min(1),
    SMS_CONFIGURATION_SET: z.string().optional(),
    SMS_MAX_PRICE: z.string().regex(/^\d+(\.\d+)?$/u).optional(),
    PINPOINT_APPLICATION_ID: z.string().optional(),
    /** Message parts per second the origination identity may send (10DLC, toll-free and short codes differ). */
    SMS_SEND_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
    SMS_SEND_BURST: z.coerce.number().int().min(1).max(1000).default(10),
    SMS_MAX_SEGMENTS_PER_MESSAGE: z.coerce.number().int().min(1).max(20).default(10),
    /** libphonenumber only, or also the carrier lookup (Pinpoint PhoneNumberValidate, charged per lookup). */
    SMS_PHONE_VALIDATION: z.enum(['libphonenumber', 'carrier-lookup']).default('libphonenumber'),
    DEFAULT_COUNTRY: z.string().length(2).default('US'),
    /** Send our own STOP confirmation; turn off when End User Messaging answers opt-out keywords itself. */
    SMS_SEND_OPT_OUT_CONFIRMATION: z.stringbool().default(true),

    CONNECT_INSTANCE_ID: z.string().min(1),
    CONNECT_CHAT_FLOW_ID: z.string().min(1),
    CHAT_STREAMING_TOPIC_ARN: z.string().startsWith('arn:'),
    CHAT_DURATION_MINUTES: z.coerce.number().int().min(60).max(10_080).default(1440),
    CHAT_DISPLAY_NAME: z.string().min(1).max(256).default('SMS customer'),

    LEX_BOT_ID: z.string().min(1),
    LEX_BOT_ALIAS_ID: z.string().min(1),
    LEX_LOCALE_ID: z.string().regex(/^[a-z]{2}_[A-Z]{2}$/u).default('en_US'),
    LEX_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),

    TOKEN_KMS_KEY_ID: z.string().min(1),

    /** Comma-separated words that hand the customer to an agent at once. */
    AGENT_KEYWORDS: z
      .string()
      .default('AGENT')
      .transform((value) => value.split(',').map((word) => word.trim()).filter((word) => word.length > 0)),
    MAX_UNANSWERED_BEFORE_ESCALATION: z.coerce.number().int().min(1).max(20).default(2),
    OFFER_TIMEOUT_MINUTES: minutes(60),
    IDLE_TIMEOUT_MINUTES: minutes(30),
    MAILBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
    /** Longer than the relay functions' timeout, so a lease only expires when its holder is gone. */
    MAILBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(900).default(60),
    REORDER_WINDOW_MS: z.coerce.number().int().min(0).max(10_000).default(0),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),

    USER_POOL_ID: z.string().optional(),
    USER_POOL_CLIENT_ID: z.string().optional(),
  })
  .refine((config) => config.SMS_PROVIDER !== 'pinpoint' || config.PINPOINT_APPLICATION_ID, {
    message: 'SMS_PROVIDER=pinpoint needs PINPOINT_APPLICATION_ID',
    path: ['PINPOINT_APPLICATION_ID'],
  });

export type SmsConfig = ReturnType<typeof readConfig>;

export function readConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(smsConfigSchema, env);
}
