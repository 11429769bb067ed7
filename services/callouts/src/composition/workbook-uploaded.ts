/**
 * workbook-uploaded: a workbook dropped in the jobs bucket under uploads/ becomes a job named after the file (as in
 * the seed). Errors propagate (S3 → Lambda async invoke retries, then the DLQ); a file refused by a limit is logged,
 * not retried. Reads with the streaming reader (adapters/excel), not exceljs.
 */
import type { S3Event } from 'aws-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { getObjectStream } from '../adapters/aws/s3-objects.ts';
import { StepFunctionsJobStarter } from '../adapters/aws/step-functions.ts';
import { acceptUploadedWorkbook } from '../application/accept-workbook.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps, logger } from './aws-parts.ts';

export function workbookUploadedHandler(env: HandlerEnv<'workbook-uploaded'> = loadHandlerEnv('workbook-uploaded')) {
  const campaign = campaignDeps(env);
  const starter = new StepFunctionsJobStarter(new SFNClient({}), env.STATE_MACHINE_ARN);
  const s3 = new S3Client({});
  return async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      // S3 event keys are URL-encoded with '+' for spaces: decoded exactly once, here.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      logger.appendKeys({ correlationId: key });
      const outcome = await acceptUploadedWorkbook(
        { campaign, starter },
        key,
        await getObjectStream(s3, record.s3.bucket.name || env.JOBS_BUCKET, key),
      );
      if (outcome.kind === 'refused') logger.warn('call job refused', { key, limit: outcome.limit, reason: outcome.reason });
      else if (outcome.result.kind === 'invalid')
        logger.warn('call job refused', { key, issues: outcome.result.issues.slice(0, 200), issueCount: outcome.result.issues.length });
      else logger.info('call job accepted', { key, outcome: outcome.kind, jobId: outcome.taskId });
    }
  };
}
