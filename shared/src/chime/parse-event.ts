import type * as z from '../zod-mini/index.ts';
import { smaEventSchema, type SmaEvent } from './event-schema';

/**
 * What could still be read from an event that failed validation — enough for a telephony handler to
 * answer anyway (hang up or apologise on the caller's leg) and to log which call it was.
 */
export interface SmaEventSalvage {
  invocationEventType?: string;
  /** `ActionData.Type`, when the event names the action it reports on. */
  actionType?: string;
  transactionId?: string;
  /** Legs with a string CallId, in event order (LEG-A first when the service sent it first). */
  legs: Array<{ callId: string; participantTag?: string; status?: string; from?: string; to?: string }>;
  /** The string-valued transaction attributes the event carried (the call's state as the handler last wrote it). */
  transactionAttributes: Record<string, string>;
}

export type ParseSmaEventResult = { ok: true; event: SmaEvent } | { ok: false; error: string; issues: z.core.$ZodIssue[]; salvage: SmaEventSalvage };

/** Formats zod issues as one line: `CallDetails.Participants.0.CallId: Invalid input; …`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Best-effort reading of the raw input; never throws (hostile getters included). */
export function salvageSmaEvent(input: unknown): SmaEventSalvage {
  const salvage: SmaEventSalvage = { legs: [], transactionAttributes: {} };
  try {
    const event = record(input);
    if (event === undefined) return salvage;
    const type = text(event['InvocationEventType']);
    if (type !== undefined) salvage.invocationEventType = type;
    const actionType = text(record(event['ActionData'])?.['Type']);
    if (actionType !== undefined) salvage.actionType = actionType;
    const details = record(event['CallDetails']);
    const transactionId = text(details?.['TransactionId']);
    if (transactionId !== undefined) salvage.transactionId = transactionId;
    const participants = details?.['Participants'];
    if (Array.isArray(participants)) {
      for (const candidate of participants) {
        const participant = record(candidate);
        const callId = text(participant?.['CallId']);
        if (callId === undefined) continue;
        const participantTag = text(participant?.['ParticipantTag']);
        const status = text(participant?.['Status']);
        const from = text(participant?.['From']);
        const to = text(participant?.['To']);
        salvage.legs.push({
          callId,
          ...(participantTag ? { participantTag: participantTag.toUpperCase() } : {}),
          ...(status ? { status } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        });
      }
    }
    const attributes = record(details?.['TransactionAttributes']);
    for (const [key, value] of Object.entries(attributes ?? {})) {
      if (typeof value === 'string' && Object.keys(salvage.transactionAttributes).length < 10) salvage.transactionAttributes[key] = value;
    }
  } catch {
    // Whatever was read before the throw is kept.
  }
  return salvage;
}

function context(salvage: SmaEventSalvage): string {
  const parts = [salvage.invocationEventType, salvage.transactionId ? `transaction ${salvage.transactionId}` : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Parses a SIP media application invocation event. Never throws: a telephony handler must answer
 * every invocation (a throw means the service retries, then drops the call), so it gets a result to
 * branch on — and, on failure, what could be salvaged to still reply on the caller's leg.
 */
export function parseSmaEvent(input: unknown): ParseSmaEventResult {
  try {
    const result = smaEventSchema.safeParse(input);
    if (result.success) return { ok: true, event: result.data };
    const salvage = salvageSmaEvent(input);
    return {
      ok: false,
      error: `invalid SIP media application event${context(salvage)}: ${describeIssues(result.error.issues)}`,
      issues: result.error.issues,
      salvage,
    };
  } catch (cause) {
    // safeParse does not throw for bad data; this guards against hostile inputs (throwing getters, proxies).
    const message = cause instanceof Error ? cause.message : String(cause);
    const salvage = salvageSmaEvent(input);
    return { ok: false, error: `invalid SIP media application event${context(salvage)}: ${message}`, issues: [], salvage };
  }
}
