import { awsRuntime, logger } from '../adapters/aws/runtime.ts';
import { acceptCalloutRequested } from '../domain/intake.ts';

/** CalloutRequested from the bus → a job (idempotent on requestId). Errors propagate: EventBridge retries, then the DLQ. */
export const handler = async (event: unknown): Promise<void> => {
  const { campaign, starter } = awsRuntime();
  const result = await acceptCalloutRequested(campaign, starter, event);
  if (result.kind === 'invalid') logger.warn('CalloutRequested refused', { issues: result.issues.slice(0, 200) });
  else logger.info('CalloutRequested accepted', { outcome: result.kind, jobId: result.job.jobId });
};
