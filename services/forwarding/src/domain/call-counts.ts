/**
 * Forwarded calls counted per UTC day by outcome: what the console's Overview reads. Pure: the counting store is a
 * port (domain/ports.ts), the event comes in already parsed by the use case.
 */

/** The outcomes CallForwarded reports, in the order the API lists them. */
export const forwardOutcomes = ['answered', 'busy', 'noAnswer', 'refused', 'notForwarded', 'failed'] as const;
export type ForwardOutcome = (typeof forwardOutcomes)[number];

/** `YYYY-MM-DD`, the UTC day a count belongs to. */
export const utcDayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of an instant (an ISO timestamp with any offset, or a Date). */
export function utcDay(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${String(at)}`);
  return date.toISOString().slice(0, 10);
}

export interface ForwardedCallSummary {
  date: string;
  total: number;
  /** Every outcome, zero when none was counted: a missing key would read as "unknown", not "none". */
  byOutcome: Record<ForwardOutcome, number>;
}

/** Fills the outcomes a day has not seen with 0 and adds them up. */
export function summarise(date: string, counts: Partial<Record<ForwardOutcome, number>>): ForwardedCallSummary {
  const byOutcome = Object.fromEntries(forwardOutcomes.map((outcome) => [outcome, counts[outcome] ?? 0])) as Record<ForwardOutcome, number>;
  return { date, total: forwardOutcomes.reduce((sum, outcome) => sum + byOutcome[outcome], 0), byOutcome };
}
