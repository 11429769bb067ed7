/**
 * The Lambda functions' environment: one schema per handler (`handlerEnv`), each naming only what that function
 * uses, read once at cold start into a frozen object (`loadHandlerEnv`). The infra component sets every variable
 * (typed by these schemas) and parses each function's environment with its handler's schema at deploy time.
 *
 * Written with zod/mini: the contact-flow Lambdas parse theirs while a callee waits on the line, and a bundle
 * that builds no classic zod schema carries no classic zod (shared/KIT.md, "zod/mini on cold paths").
 */
import { loadConfig } from '@switchboard/shared/config';
import { e164Message, isE164 } from '@switchboard/shared/phone';
import * as z from '@switchboard/shared/zod-mini';

const name = () => z.string().check(z.minLength(1));
const arn = () => z.string().check(z.startsWith('arn:'));
const integer = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

/** The result rows; each question answered and each call's contact link is written there. */
const results = { RESULTS_TABLE: name() };
const contacts = { CONTACTS_TABLE: name() };

/** What a call in progress reads and writes: the contact-flow Lambdas (a callee is on the line). */
const session = { ...results, ...contacts, JOBS_TABLE: name(), DO_NOT_CALL_TABLE: name() };

/** What every function that moves a job or a receiver needs: the tables, the bus, the calling rules. */
const campaign = {
  STAGE: name(),
  JOBS_TABLE: name(),
  ...results,
  DO_NOT_CALL_TABLE: name(),
  ATTEMPTS_TABLE: name(),
  EVENT_BUS_NAME: name(),
  MAX_ATTEMPTS_PER_24H: integer(1, 20, 3),
  /** How long a survey may wait for calling windows before receivers are SkippedOutsideWindow. */
  MAX_DEFERRAL_HOURS: integer(1, 24 * 30, 7 * 24),
  /** Countries the toll-fraud guard lets callouts dial (ISO alpha-2, comma-separated). */
  ALLOWED_COUNTRIES: z._default(z.string(), 'US,HK'),
};

/** Functions that start the job's workflow (intake, cancellation). */
const starts = { STATE_MACHINE_ARN: arn() };

/**
 * The daily call ceilings (shared/limits) for functions that accept jobs: the API (per user and per stage) and
 * CalloutRequested (per requesting system and per stage). Without the table no daily ceiling applies.
 */
const spendLimits = {
  SPEND_LIMITS_TABLE: z.optional(name()),
  CALLS_PER_USER_PER_DAY: integer(0, Number.MAX_SAFE_INTEGER, 10_000),
  CALLS_PER_STAGE_PER_DAY: integer(0, Number.MAX_SAFE_INTEGER, 50_000),
};

const reportLinks = { REPORTS_BUCKET: name(), REPORT_LINK_SECONDS: integer(60, 7 * 24 * 3600, 7 * 24 * 3600) };

const api = z.object({
  ...campaign,
  ...starts,
  ...spendLimits,
  ...reportLinks,
  USER_POOL_ID: name(),
  USER_POOL_CLIENT_ID: name(),
});

const contactFlow = z.object(session);

/** Each Lambda's environment schema, by handler (`src/handlers/<name>.ts`). */
export const handlerEnv = {
  api,
  'apply-outcome': z.object(campaign),
  'callout-cancellation-requested': z.object({ STAGE: name(), JOBS_TABLE: name(), ...results, EVENT_BUS_NAME: name(), ...starts }),
  'callout-requested': z.object({ ...campaign, ...starts, ...spendLimits }),
  'complete-job': z.object({ STAGE: name(), JOBS_TABLE: name(), ...results, EVENT_BUS_NAME: name(), ...reportLinks, COMPLETION_TOPIC_ARN: arn() }),
  /** DISCONNECTED contact events: the contact's attempt, reported to the waiting workflow. */
  'contact-disconnected': z.object({ ...results, ...contacts }),
  'contact-flow-end-call': contactFlow,
  'contact-flow-next-question': contactFlow,
  'contact-flow-record-answer': contactFlow,
  'contact-flow-start-call': contactFlow,
  dial: z.object({
    ...campaign,
    /** Each placed call's contact id → its attempt, for the contact-flow Lambdas and DISCONNECTED events. */
    ...contacts,
    CONNECT_INSTANCE_ID: name(),
    /** The flow is created after the other functions: only this function is given its id. */
    CONNECT_CONTACT_FLOW_ID: name(),
    /** The claimed number calls come from (E.164). */
    CONNECT_SOURCE_PHONE_NUMBER: z.string().check(z.refine(isE164, e164Message)),
    /** StartOutboundVoiceContact calls per second per dial worker (the dial queue runs 2 workers: ≈ 2/s in all). */
    DIAL_RATE_PER_WORKER: z._default(z.coerce.number().check(z.positive(), z.maximum(5)), 1),
  }),
  /** Each round's items file goes to the jobs bucket (rounds/…), read by the Distributed Map. */
  'plan-round': z.object({ ...campaign, JOBS_BUCKET: name() }),
  'prepare-attempt': z.object(campaign),
  'workbook-uploaded': z.object({ ...campaign, ...starts, JOBS_BUCKET: name() }),
} as const;

export type HandlerName = keyof typeof handlerEnv;
export type HandlerEnv<H extends HandlerName> = z.output<(typeof handlerEnv)[H]>;

export function loadHandlerEnv<H extends HandlerName>(handler: H, env: Record<string, string | undefined> = process.env): HandlerEnv<H> {
  return loadConfig(handlerEnv[handler], env) as HandlerEnv<H>;
}

/** Spend limits for the shared limiter: callouts only dials (the texts ceiling is sms's; the shared table keeps both). */
export function callLimits(settings: { CALLS_PER_USER_PER_DAY: number; CALLS_PER_STAGE_PER_DAY: number }) {
  return { calls: { perUser: settings.CALLS_PER_USER_PER_DAY, perStage: settings.CALLS_PER_STAGE_PER_DAY }, texts: { perUser: 0, perStage: 0 } };
}
