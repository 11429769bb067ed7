import type { z } from 'zod';
import { smaEventSchema, type SmaEvent } from './event-schema';

export type ParseSmaEventResult =
  | { ok: true; event: SmaEvent }
  | { ok: false; error: string; issues: z.core.$ZodIssue[] };

/** Formats zod issues as one line: `CallDetails.Participants.0.CallId: Invalid input; …`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses a SIP media application invocation event. Never throws: a telephony handler must answer
 * every invocation (a throw means the service retries, then drops the call), so it gets a result to
 * branch on and can still reply with a Hangup or an apology.
 */
export function parseSmaEvent(input: unknown): ParseSmaEventResult {
  try {
    const result = smaEventSchema.safeParse(input);
    if (result.success) return { ok: true, event: result.data };
    return { ok: false, error: `invalid SIP media application event: ${describeIssues(result.error.issues)}`, issues: result.error.issues };
  } catch (cause) {
    // safeParse does not throw for bad data; this guards against hostile inputs (throwing getters, proxies).
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: `invalid SIP media application event: ${message}`, issues: [] };
  }
}
