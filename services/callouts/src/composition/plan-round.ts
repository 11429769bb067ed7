/** plan-round (workflow step): which receivers to call in this round (the Distributed Map's items file in S3), wait, or complete. */
import { S3Client } from '@aws-sdk/client-s3';
import * as z from '@switchboard/shared/zod-mini';
import { putJson } from '../adapters/aws/s3-objects.ts';
import { planRound } from '../domain/rounds.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps } from './aws-parts.ts';

const input = z.object({ jobId: z.string().check(z.minLength(1)), round: z.coerce.number().check(z.int(), z.minimum(0)) });

export function planRoundHandler(env: HandlerEnv<'plan-round'> = loadHandlerEnv('plan-round')) {
  const campaign = campaignDeps(env);
  const s3 = new S3Client({});
  return async (event: unknown) => {
    const { jobId, round } = input.parse(event);
    const plan = await planRound(campaign, jobId, round);
    if (plan.action !== 'call') return plan;
    const itemsKey = `rounds/${jobId}/${round}.json`;
    await putJson(s3, env.JOBS_BUCKET, itemsKey, plan.items);
    return { action: 'call', itemsKey, count: plan.items.length };
  };
}
