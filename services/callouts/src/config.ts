import { loadConfig } from '@switchboard/shared/config';
import { e164Schema } from '@switchboard/shared/phone';
import * as z from 'zod';

/**
 * Lambda configuration: environment → zod → frozen, read once at cold start. The infra component sets
 * every variable; names are the physical resource names/ARNs of this stage.
 */
export const configSchema = z.object({
  STAGE: z.string().min(1),
  JOBS_TABLE: z.string().min(1),
  RESULTS_TABLE: z.string().min(1),
  CONTACTS_TABLE: z.string().min(1),
  DO_NOT_CALL_TABLE: z.string().min(1),
  ATTEMPTS_TABLE: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  /** Uploaded workbooks (uploads/…) and each round's items files (rounds/…). */
  JOBS_BUCKET: z.string().min(1),
  REPORTS_BUCKET: z.string().min(1),
  COMPLETION_TOPIC_ARN: z.string().startsWith('arn:'),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  CONNECT_INSTANCE_ID: z.string().min(1),
  /** Only the dial Lambda places calls; the flow is created after the other functions, so only it gets the id. */
  CONNECT_CONTACT_FLOW_ID: z.string().min(1).optional(),
  /** The claimed number calls come from (E.164). */
  CONNECT_SOURCE_PHONE_NUMBER: e164Schema,
  MAX_ATTEMPTS_PER_24H: z.coerce.number().int().min(1).max(20).default(3),
  /** How long a survey may wait for calling windows before receivers are SkippedOutsideWindow. */
  MAX_DEFERRAL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(7 * 24),
  REPORT_LINK_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(7 * 24 * 3600),
  /** StartOutboundVoiceContact calls per second per dial worker (the dial queue runs 2 workers: ≈ 2/s in all). */
  DIAL_RATE_PER_WORKER: z.coerce.number().positive().max(5).default(1),
  /** Countries the toll-fraud guard lets callouts dial (ISO alpha-2, comma-separated); default US,HK. */
  ALLOWED_COUNTRIES: z.string().default('US,HK'),
  /** The platform's spend-limits table (shared by every service that dials or texts); without it no daily ceiling applies. */
  SPEND_LIMITS_TABLE: z.string().min(1).optional(),
  CALLS_PER_USER_PER_DAY: z.coerce.number().int().min(0).default(10_000),
  CALLS_PER_STAGE_PER_DAY: z.coerce.number().int().min(0).default(50_000),
  USER_POOL_ID: z.string().optional(),
  USER_POOL_CLIENT_ID: z.string().optional(),
});
export type CalloutsConfig = z.output<typeof configSchema>;

let cached: Readonly<CalloutsConfig> | undefined;
export function config(): Readonly<CalloutsConfig> {
  cached ??= loadConfig(configSchema);
  return cached;
}

/** Spend limits for the shared limiter: callouts only dials (the texts ceiling is sms's; the shared table keeps both). */
export function callLimits(settings: { CALLS_PER_USER_PER_DAY: number; CALLS_PER_STAGE_PER_DAY: number }) {
  return { calls: { perUser: settings.CALLS_PER_USER_PER_DAY, perStage: settings.CALLS_PER_STAGE_PER_DAY }, texts: { perUser: 0, perStage: 0 } };
}
