import type * as z from 'zod';
import { connectEventSchema, type ConnectEvent } from './event-schema';

export type ParseConnectEventResult = { ok: true; event: ConnectEvent } | { ok: false; error: string; issues: z.core.$ZodIssue[] };

/** Parses a contact-flow Lambda event without throwing, so the handler can choose what the flow sees. */
export function parseConnectEvent(input: unknown): ParseConnectEventResult {
  try {
    const result = connectEventSchema.safeParse(input);
    if (result.success) return { ok: true, event: result.data };
    const error = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
    return { ok: false, error: `invalid Amazon Connect contact-flow event: ${error}`, issues: result.error.issues };
  } catch (cause) {
    return { ok: false, error: `invalid Amazon Connect contact-flow event: ${cause instanceof Error ? cause.message : String(cause)}`, issues: [] };
  }
}
