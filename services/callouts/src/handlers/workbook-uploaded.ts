import type { S3Event } from 'aws-lambda';
import { awsRuntime, logger } from '../adapters/aws/runtime.ts';
import { getObjectStream } from '../adapters/aws/s3-objects.ts';
import { acceptUploadedWorkbook } from '../application/accept-workbook.ts';

/**
 * A workbook dropped in the jobs bucket under uploads/ becomes a job named after the file (as in the seed).
 * Errors propagate (S3 → Lambda async invoke retries, then the DLQ); a file refused by a limit is logged, not retried.
 */
export const handler = async (event: S3Event): Promise<void> => {
  const { s3, campaign, starter, settings } = awsRuntime();
  for (const record of event.Records) {
    // S3 event keys are URL-encoded with '+' for spaces: decoded exactly once, here.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    logger.appendKeys({ correlationId: key });
    const outcome = await acceptUploadedWorkbook({ campaign, starter }, key, await getObjectStream(s3, record.s3.bucket.name || settings.JOBS_BUCKET, key));
    if (outcome.kind === 'refused') logger.warn('call job refused', { key, limit: outcome.limit, reason: outcome.reason });
    else if (outcome.result.kind === 'invalid') logger.warn('call job refused', { key, issues: outcome.result.issues.slice(0, 200), issueCount: outcome.result.issues.length });
    else logger.info('call job accepted', { key, outcome: outcome.kind, jobId: outcome.taskId });
  }
};
