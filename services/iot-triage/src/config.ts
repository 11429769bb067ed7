/**
 * The Lambda functions' environment: one zod schema per handler (`handlerEnv`), each naming only what that
 * function uses, read once at cold start into a frozen object. The Pulumi component sets these variables; nothing
 * else under src/ reads process.env.
 */
import * as z from 'zod';
import { loadConfig } from '@switchboard/shared/config';
import { parseAllowedCountries } from '@switchboard/shared/phone';
import { detectionRuleSchema, defaultDetectionRules, type DetectionRule } from './domain/detectors.ts';
import type { TriageSettings } from './application/triage-context.ts';

const name = () => z.string().min(1);
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const emailList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.email()));

const tables = {
  INCIDENTS_TABLE: name(),
  DEVICES_TABLE: name(),
};

/** What every function that moves an incident needs: its tables, the bus, the contacts' allow-list. */
const triageCore = {
  STAGE: name(),
  ...tables,
  EVENT_BUS_NAME: name(),
  /**
   * Countries site contacts may be called in (ISO alpha-2, comma-separated): the toll-fraud guard refuses the rest.
   * @default US
   */
  ALLOWED_COUNTRIES: z.string().optional(),
  ACK_TIMEOUT_SECONDS: seconds(300),
  RECOVERY_TIMEOUT_SECONDS: seconds(600),
  RECOVERY_READINGS: z.coerce.number().int().min(1).max(60).default(3),
  FLAP_WINDOW_SECONDS: seconds(1800),
};

/** What a function that runs runbook actions needs besides: tickets, e-mail, device commands, the runbook. */
const actions = {
  TICKETS_TABLE: name(),
  RUNBOOK_TABLE: name(),
  /** `https://<prefix>-ats.iot.<region>.amazonaws.com` (the account's data endpoint). */
  IOT_DATA_ENDPOINT: z.url(),
  SES_FROM_ADDRESS: z.email(),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Ticket recipients for sites with none of their own. */
  TICKET_EMAILS: emailList.default([]),
};

/** The agent that triages what the runbook does not cover (absent: such codes get a ticket only, no agent turn). */
const agent = {
  AGENT_ID: name().optional(),
  AGENT_ALIAS_ID: name().optional(),
};

/** JSON array of detection rules; absent = the defaults in domain/detectors.ts. */
const detectionRules = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(detectionRuleSchema))
  .optional();

const errorRule = z.object({ ...triageCore, ...actions, ...agent });
const telemetryQueue = z.object({ ...triageCore, ...actions, ...agent, DETECTION_RULES: detectionRules });
/** CalloutCompleted and the tick only escalate, acknowledge and reopen: no tickets, e-mail or device commands. */
const calloutCompleted = z.object(triageCore);
const escalationTick = z.object(triageCore);
/** The agent's own action group: runs actions, never calls the agent back (so no agent ids). */
const agentActions = z.object({ ...triageCore, ...actions });
const api = z.object({
  ...triageCore,
  TICKETS_TABLE: name(),
  RUNBOOK_TABLE: name(),
  IOT_DATA_ENDPOINT: z.url(),
  ...agent,
  /** The knowledge base the API re-indexes after a runbook edit. */
  KNOWLEDGE_BUCKET: name().optional(),
  KNOWLEDGE_BASE_ID: name().optional(),
  KNOWLEDGE_DATA_SOURCE_ID: name().optional(),
  /** Fault injection through the API: never on prod (the component refuses to set it there, the API checks STAGE). */
  ALLOW_FAULT_INJECTION: z.stringbool().default(false),
  USER_POOL_ID: name(),
  USER_POOL_CLIENT_ID: name(),
});

/** Runs at deploy time: starts (or reports) a knowledge-base ingestion job. */
const knowledgeIngestion = z.object({ KNOWLEDGE_BASE_ID: name(), KNOWLEDGE_DATA_SOURCE_ID: name() });

/** Each Lambda's environment schema, by handler (`src/handlers/<name>.ts`). */
export const handlerEnv = {
  'agent-actions': agentActions,
  api,
  'callout-completed': calloutCompleted,
  'error-rule': errorRule,
  'escalation-tick': escalationTick,
  'knowledge-ingestion': knowledgeIngestion,
  'telemetry-queue': telemetryQueue,
} as const;

export type HandlerName = keyof typeof handlerEnv;
export type HandlerEnv<H extends HandlerName> = z.output<(typeof handlerEnv)[H]>;

export function loadHandlerEnv<H extends HandlerName>(handler: H, env: Record<string, string | undefined> = process.env): HandlerEnv<H> {
  return loadConfig(handlerEnv[handler], env) as HandlerEnv<H>;
}

/** The triage settings every incident-moving function derives from its environment. */
export function triageSettings(env: z.output<z.ZodObject<typeof triageCore>> & { TICKET_EMAILS?: readonly string[] }): Partial<TriageSettings> {
  return {
    ackTimeoutMs: env.ACK_TIMEOUT_SECONDS * 1000,
    recoveryTimeoutMs: env.RECOVERY_TIMEOUT_SECONDS * 1000,
    recoveryReadings: env.RECOVERY_READINGS,
    flapWindowMs: env.FLAP_WINDOW_SECONDS * 1000,
    ...(env.TICKET_EMAILS ? { defaultTicketEmails: env.TICKET_EMAILS } : {}),
  };
}

/** Countries site contacts may be called in. */
export function allowedCountries(env: { ALLOWED_COUNTRIES?: string | undefined }): string[] {
  return parseAllowedCountries(env.ALLOWED_COUNTRIES, 'US');
}

export function detectionRulesOf(env: { DETECTION_RULES?: DetectionRule[] | undefined }): readonly DetectionRule[] {
  return env.DETECTION_RULES ?? defaultDetectionRules;
}
