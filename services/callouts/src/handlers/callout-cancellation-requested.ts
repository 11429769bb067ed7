import { awsRuntime, logger } from '../adapters/aws/runtime.ts';
import { acceptCalloutCancellation } from '../domain/intake.ts';

/** CalloutCancellationRequested from the bus → the job of that requestId is cancelled (idempotent). Errors propagate: retries, then the DLQ. */
export const handler = async (event: unknown): Promise<void> => {
  const { campaign, starter } = awsRuntime();
  const result = await acceptCalloutCancellation(campaign, starter, event);
  logger.info('CalloutCancellationRequested handled', { outcome: result.kind, ...(result.kind === 'cancelled' ? { jobId: result.job.jobId, cancelled: result.cancelled } : {}) });
};
