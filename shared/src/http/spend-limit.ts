/**
 * A spend-limit refusal as an HTTP answer: 429 Too Many Requests, `Retry-After` in seconds (RFC 9110 §10.2.3),
 * and a problem body naming the limit, so a client can tell "you sent too many texts today" from a throttle.
 */
import type { SpendDecision, SpendLimiter, SpendRequest } from '../limits/spend-limiter.ts';
import { HttpProblem } from './problem.ts';

const nouns = { calls: 'calls', texts: 'texts' } as const;

/** The 429 problem for a refused decision. */
export function spendLimitProblem(refusal: Extract<SpendDecision, { allowed: false }>): HttpProblem {
  const { limit, retryAfterSeconds } = refusal;
  const whose = limit.scope === 'user' ? 'your' : "this stage's";
  return new HttpProblem(429, 'Too Many Requests', {
    detail: `This would pass ${whose} limit of ${limit.max} ${nouns[limit.kind]} per day (UTC day ${limit.window}; ${limit.requested} requested). It resets at ${limit.resetsAt}.`,
    headers: { 'retry-after': String(retryAfterSeconds) },
    limit: limit.name,
    max: limit.max,
    requested: limit.requested,
    resetsAt: limit.resetsAt,
  });
}

/** Consume from `limiter` or throw the 429 problem (inside a route handler of a kit app). */
export async function enforceSpendLimit(limiter: SpendLimiter, request: SpendRequest): Promise<void> {
  const decision = await limiter.consume(request);
  if (!decision.allowed) throw spendLimitProblem(decision);
}
