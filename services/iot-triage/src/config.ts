/**
 * The Lambda functions' configuration: environment → zod → frozen object, read once at cold start. The Pulumi
 * component sets these variables; nothing else reads process.env.
 */
import * as z from 'zod';
import { loadConfig } from '@switchboard/shared/config';
import { detectionRuleSchema, defaultDetectionRules } from './domain/detectors.ts';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const emailList = z
  .string()
  .transform((value) => value.split(',').map((e) => e.trim()).filter(Boolean))
  .pipe(z.array(z.email()));

export const configSchema = z.object({
  STAGE: z.string().min(1),
  INCIDENTS_TABLE: z.string().min(1),
  DEVICES_TABLE: z.string().min(1),
  TICKETS_TABLE: z.string().min(1),
  RUNBOOK_TABLE: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  /** `https://<prefix>-ats.iot.<region>.amazonaws.com` (the account's data endpoint). */
  IOT_DATA_ENDPOINT: z.url(),
  SES_FROM_ADDRESS: z.email(),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Ticket recipients for sites with none of their own. */
  TICKET_EMAILS: emailList.default([]),
  /** Absent only on the agent's own action-group function (created before the agent, never invokes it). */
  AGENT_ID: z.string().min(1).optional(),
  AGENT_ALIAS_ID: z.string().min(1).optional(),
  /** The knowledge base the API re-indexes after a runbook edit (API function only). */
  KNOWLEDGE_BUCKET: z.string().min(1).optional(),
  KNOWLEDGE_BASE_ID: z.string().min(1).optional(),
  KNOWLEDGE_DATA_SOURCE_ID: z.string().min(1).optional(),
  ACK_TIMEOUT_SECONDS: seconds(300),
  RECOVERY_TIMEOUT_SECONDS: seconds(600),
  RECOVERY_READINGS: z.coerce.number().int().min(1).max(60).default(3),
  FLAP_WINDOW_SECONDS: seconds(1800),
  /** JSON array of detection rules; absent = the defaults in domain/detectors.ts. */
  DETECTION_RULES: z
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
    .optional(),
  /** Fault injection through the API: never on prod (the component refuses to set it there). */
  ALLOW_FAULT_INJECTION: z.stringbool().default(false),
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
});

export type IotTriageConfig = ReturnType<typeof readConfig>;

export function readConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(configSchema, env);
  return { ...config, detectionRules: config.DETECTION_RULES ?? defaultDetectionRules };
}
