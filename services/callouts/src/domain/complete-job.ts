import { CalloutJobCompleted } from '@switchboard/shared/contracts';
import type { CampaignDeps } from './campaign.ts';
import type { CalloutJob } from './job.ts';
import type { CompletionNotifier, ReportStore, StoredJob } from './ports.ts';
import { reportColumns, reportRow } from './report.ts';
import { type FinalStatus, type ReceiverResult, finalStatuses, isFinal } from './results.ts';

/** SigV4 presigned URLs are valid for at most 7 days (the seed used 30, which S3 refuses). */
export const maxPresignSeconds = 7 * 24 * 3600;

export type CompletionDeps = Pick<CampaignDeps, 'jobs' | 'results' | 'bus' | 'clock'> & {
  readonly reports: ReportStore;
  readonly notifier: CompletionNotifier;
  readonly renderWorkbook: (job: CalloutJob, results: readonly ReceiverResult[]) => Promise<Buffer>;
  /** Lifetime of the report link, capped at 7 days. */
  readonly reportLinkSeconds: number;
};

export function reportKeys(jobId: string) {
  return { excel: `reports/${jobId}/report.xlsx`, json: `reports/${jobId}/report.json` };
}

/**
 * The job's last step: report (Excel + JSON), status Completed, CalloutJobCompleted on the bus and a message
 * on the completion topic with a presigned link. Runs only when every receiver is final; idempotent.
 */
export async function completeJob(deps: CompletionDeps, jobId: string): Promise<{ completed: boolean; job?: StoredJob; url?: string }> {
  const job = await deps.jobs.getJob(jobId);
  // A cancelled job completes too (its report shows who was cancelled) but keeps the status Cancelled.
  if (!job || job.status === 'Completed' || job.completedAt || job.status === 'Paused') return { completed: false, ...(job ? { job } : {}) };
  const results: ReceiverResult[] = [];
  for await (const result of deps.results.all(jobId)) results.push(result);
  if (results.some((r) => !isFinal(r.status))) return { completed: false, job };
  // The report follows the source's row order (stores page by receiver id).
  results.sort((a, b) => a.row - b.row);

  const keys = reportKeys(jobId);
  const workbook = await deps.renderWorkbook(job, results);
  await deps.reports.put({ key: keys.excel, body: workbook, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const json = { taskId: jobId, columns: reportColumns(job), rows: results.map((r) => reportRow(job, r)) };
  await deps.reports.put({ key: keys.json, body: JSON.stringify(json), contentType: 'application/json' });
  const url = await deps.reports.presign(keys.excel, Math.min(deps.reportLinkSeconds, maxPresignSeconds));

  const now = deps.clock.now().toISOString();
  const finalStatus = job.status === 'Cancelled' ? 'Cancelled' : 'Completed';
  const updated = await deps.jobs.updateJob(jobId, { status: finalStatus, reportKey: keys.excel, reportJsonKey: keys.json, completedAt: now }, [
    job.status,
  ]);
  if (!updated) return { completed: false, job };
  const counts: Partial<Record<FinalStatus, number>> = {};
  for (const status of finalStatuses) {
    const n = results.filter((r) => r.status === status).length;
    if (n > 0) counts[status] = n;
  }
  await deps.bus.publish(
    CalloutJobCompleted,
    { jobId, ...(job.requestId ? { requestId: job.requestId } : {}), counts, reportKey: keys.excel },
    { correlationId: job.correlationId, id: `${jobId}:job-completed`, occurredAt: deps.clock.now() },
  );
  await deps.notifier.notify(`Call job ${jobId} completed`, {
    task_id: jobId,
    excel_report_key: keys.excel,
    json_report_key: keys.json,
    report_url: url,
    counts,
    ...(job.status === 'Cancelled' ? { cancelled: job.cancelReason ?? 'cancelled' } : {}),
  });
  return { completed: true, job: updated, url };
}
