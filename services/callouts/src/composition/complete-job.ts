/**
 * complete-job (the workflow's last step): Excel + JSON report, CalloutJobCompleted, the completion SNS message with
 * a link valid at most 7 days. The one function that writes a workbook (exceljs).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeBus } from '@switchboard/shared/bus';
import * as z from '@switchboard/shared/zod-mini';
import { DynamoJobStore, DynamoResultStore } from '../adapters/aws/dynamodb-stores.ts';
import { S3ReportStore } from '../adapters/aws/s3-objects.ts';
import { SnsCompletionNotifier } from '../adapters/aws/sns-notifier.ts';
import { reportWorkbookBuffer } from '../adapters/excel/write-report-workbook.ts';
import { completeJob } from '../domain/complete-job.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { clock, documentClient } from './aws-parts.ts';

const input = z.object({ jobId: z.string().check(z.minLength(1)) });

export function completeJobHandler(env: HandlerEnv<'complete-job'> = loadHandlerEnv('complete-job')) {
  const db = documentClient();
  const completion = {
    jobs: new DynamoJobStore(db, env.JOBS_TABLE),
    results: new DynamoResultStore(db, env.RESULTS_TABLE),
    bus: new EventBridgeBus({ busName: env.EVENT_BUS_NAME }),
    clock,
    reports: new S3ReportStore(new S3Client({}), env.REPORTS_BUCKET),
    renderWorkbook: reportWorkbookBuffer,
    reportLinkSeconds: env.REPORT_LINK_SECONDS,
    notifier: new SnsCompletionNotifier(new SNSClient({}), env.COMPLETION_TOPIC_ARN),
  };
  return async (event: unknown) => {
    const { jobId } = input.parse(event);
    const result = await completeJob(completion, jobId);
    return { completed: result.completed, ...(result.job?.reportKey ? { reportKey: result.job.reportKey } : {}) };
  };
}
