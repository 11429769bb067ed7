/** apply-outcome (map item step 3): save the attempt's outcome; retry later (a later round) or finish with CalloutCompleted. */
import * as z from '@switchboard/shared/zod-mini';
import { applyOutcome } from '../domain/campaign.ts';
import { callOutcomes } from '../domain/retry-policy.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps } from './aws-parts.ts';

const input = z.object({
  report: z.object({
    jobId: z.string(),
    receiverId: z.string(),
    attempt: z.coerce.number().check(z.int(), z.minimum(1)),
    contactId: z._default(z.string(), ''),
    outcome: z.enum(callOutcomes),
    error: z.optional(z.string()),
  }),
});

export function applyOutcomeHandler(env: HandlerEnv<'apply-outcome'> = loadHandlerEnv('apply-outcome')) {
  const campaign = campaignDeps(env);
  return async (event: unknown) => {
    const { report } = input.parse(event);
    const { error, ...rest } = report;
    const outcome = await applyOutcome(campaign, { ...rest, ...(error ? { error } : {}) });
    return outcome.kind === 'retry' ? { kind: 'retry', notBefore: outcome.notBefore.toISOString() } : outcome;
  };
}
