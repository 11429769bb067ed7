import * as z from 'zod';
import { awsRuntime } from '../adapters/aws/runtime.ts';
import { prepareAttempt } from '../domain/campaign.ts';

/** Map item step 1: compliance (DNC, window, 24 h cap) and recording the attempt with its ClientToken. */
const input = z.object({ jobId: z.string().min(1), receiverId: z.string().min(1) });

export const handler = async (event: unknown) => {
  const { jobId, receiverId } = input.parse(event);
  const step = await prepareAttempt(awsRuntime().campaign, jobId, receiverId);
  return step.kind === 'deferred' ? { kind: step.kind, until: step.until.toISOString(), reason: step.reason } : step;
};
