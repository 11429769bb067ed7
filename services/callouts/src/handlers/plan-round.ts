import * as z from 'zod';
import { awsRuntime } from '../adapters/aws/runtime.ts';
import { putJson } from '../adapters/aws/s3-objects.ts';
import { planRound } from '../domain/rounds.ts';

/** Workflow step: which receivers to call in this round (items file for the Distributed Map), wait, or complete. */
const input = z.object({ jobId: z.string().min(1), round: z.coerce.number().int().min(0) });

export const handler = async (event: unknown) => {
  const { jobId, round } = input.parse(event);
  const { campaign, s3, settings } = awsRuntime();
  const plan = await planRound(campaign, jobId, round);
  if (plan.action !== 'call') return plan;
  const itemsKey = `rounds/${jobId}/${round}.json`;
  await putJson(s3, settings.JOBS_BUCKET, itemsKey, plan.items);
  return { action: 'call', itemsKey, count: plan.items.length };
};
