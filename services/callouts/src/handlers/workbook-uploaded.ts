import type { S3Event } from 'aws-lambda';
import { WorkbookRefused, readCallJobWorkbook } from '../adapters/excel/read-call-job-workbook.ts';
import { awsRuntime, logger } from '../adapters/aws/runtime.ts';
import { getObjectStream } from '../adapters/aws/s3-objects.ts';
import { acceptDraft } from '../domain/intake.ts';
import { jobIdFromName } from '../domain/job.ts';

/**
 * A workbook dropped in the jobs bucket under uploads/ becomes a job named after the file (as in the seed).
 * Re-uploading the same file is a duplicate and calls nobody; an invalid file is logged with every row issue.
 * Errors propagate (S3 → Lambda async invoke retries, then the DLQ).
 */
export const handler = async (event: S3Event): Promise<void> => {
  const { s3, campaign, starter } = awsRuntime();
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const taskId = jobIdFromName(key);
    logger.appendKeys({ correlationId: taskId });
    let draft: Awaited<ReturnType<typeof readCallJobWorkbook>>;
    try {
      draft = await readCallJobWorkbook(await getObjectStream(s3, bucket, key), taskId);
    } catch (error) {
      // A limit is a property of the file: a retry cannot change it, so it is logged, not retried into the DLQ.
      if (!(error instanceof WorkbookRefused)) throw error;
      logger.warn('call job refused', { key, limit: error.limit, status: error.status, reason: error.message });
      continue;
    }
    const result = await acceptDraft(campaign, starter, { ...draft, correlationId: taskId });
    if (result.kind === 'invalid') logger.warn('call job refused', { key, issues: result.issues.slice(0, 200), issueCount: result.issues.length });
    else logger.info('call job accepted', { key, outcome: result.kind, jobId: result.job.jobId });
  }
};
