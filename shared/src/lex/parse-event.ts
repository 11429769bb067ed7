import type * as z from 'zod';
import { lexEventSchema, type LexEvent } from './event-schema';

export type ParseLexEventResult = { ok: true; event: LexEvent } | { ok: false; error: string; issues: z.core.$ZodIssue[] };

/** Parses a Lex V2 code-hook event without throwing (the hook answers the caller either way). */
export function parseLexEvent(input: unknown): ParseLexEventResult {
  try {
    const result = lexEventSchema.safeParse(input);
    if (result.success) return { ok: true, event: result.data };
    const error = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
    return { ok: false, error: `invalid Lex V2 code-hook event: ${error}`, issues: result.error.issues };
  } catch (cause) {
    return { ok: false, error: `invalid Lex V2 code-hook event: ${cause instanceof Error ? cause.message : String(cause)}`, issues: [] };
  }
}
