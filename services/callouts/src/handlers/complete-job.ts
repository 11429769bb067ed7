import * as z from 'zod';
import { awsRuntime } from '../adapters/aws/runtime.ts';
import { completeJob } from '../domain/complete-job.ts';

/** Last workflow step: Excel + JSON report, CalloutJobCompleted, the completion SNS message with a 7-day link. */
export const handler = async (event: unknown) => {
  const { jobId } = z.object({ jobId: z.string().min(1) }).parse(event);
  const result = await completeJob(awsRuntime().completion, jobId);
  return { completed: result.completed, ...(result.job?.reportKey ? { reportKey: result.job.reportKey } : {}) };
};
