import * as z from 'zod';
import { awsRuntime } from '../adapters/aws/runtime.ts';
import { applyOutcome } from '../domain/campaign.ts';
import { callOutcomes } from '../domain/retry-policy.ts';

/** Map item step 3: save the attempt's outcome; retry later (next round) or finish with CalloutCompleted. */
const input = z.object({
  report: z.object({
    jobId: z.string(), receiverId: z.string(), attempt: z.coerce.number().int().min(1), contactId: z.string().default(''),
    outcome: z.enum(callOutcomes), error: z.string().optional(),
  }),
});

export const handler = async (event: unknown) => {
  const { report } = input.parse(event);
  const outcome = await applyOutcome(awsRuntime().campaign, { ...report, ...(report.error ? { error: report.error } : {}) });
  return outcome.kind === 'retry' ? { kind: 'retry', notBefore: outcome.notBefore.toISOString() } : outcome;
};
