import { createHash } from 'node:crypto';

/** How a single call attempt ended, as reported by the contact flow or the dialer. */
export const callOutcomes = ['Completed', 'PartiallyCompleted', 'NoAnswer', 'Busy', 'Failed', 'NotCallable'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export type RetryPolicy = {
  /** Total attempts per receiver in a job (the first call included). */
  readonly maxAttempts: number;
  /** Minutes to wait before retrying, by outcome; outcomes not listed are final. */
  readonly retryAfterMinutes: Readonly<Partial<Record<CallOutcome, number>>>;
};

/**
 * Default: a receiver who did not pick up is tried again after 30 minutes, a busy line after 10, a
 * technical failure (timeout, Connect error) after 15 — at most 3 calls. A call someone answered is never
 * repeated, even if they hung up half-way (their answers so far are kept; calling back would annoy).
 */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  retryAfterMinutes: Object.freeze({ NoAnswer: 30, Busy: 10, Failed: 15 }),
});

export type RetryDecision = { retry: false } | { retry: true; afterMs: number };

export function decideRetry(outcome: CallOutcome, attemptsMade: number, policy: RetryPolicy): RetryDecision {
  const minutes = policy.retryAfterMinutes[outcome];
  if (minutes === undefined || attemptsMade >= policy.maxAttempts) return { retry: false };
  return { retry: true, afterMs: minutes * 60_000 };
}

/**
 * Connect's `ClientToken` (idempotent for 7 days): the same job, receiver and attempt always yield the same
 * token, so a redelivered message, a retried Lambda or a restarted runner cannot place the call twice.
 * Shaped as a UUID (Connect accepts up to 500 characters; a UUID keeps logs readable).
 */
export function clientTokenFor(jobId: string, receiverId: string, attempt: number): string {
  const hex = createHash('sha256').update(`callouts\u0000${jobId}\u0000${receiverId}\u0000${attempt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
