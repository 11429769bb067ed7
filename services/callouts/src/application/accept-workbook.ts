import type { Readable } from 'node:stream';
import { WorkbookRefused, readCallJobWorkbook } from '../adapters/excel/read-call-job-workbook.ts';
import type { CampaignDeps, SubmitResult } from '../domain/campaign.ts';
import { type JobStarter, acceptDraft } from '../domain/intake.ts';
import { jobIdFromName } from '../domain/job.ts';

/**
 * A workbook dropped in the jobs bucket (S3 `uploads/` on AWS, the local object store's `callouts-jobs` bucket or
 * the inbox folder on the local stage) becomes a job named after the file, as in the seed. Re-uploading the same
 * file is a duplicate and calls nobody. A file refused by a reader limit is answered as `refused` (a retry cannot
 * change a file), every other failure propagates (the caller retries).
 */
export type WorkbookOutcome =
  | { readonly kind: 'refused'; readonly key: string; readonly taskId: string; readonly limit: string; readonly reason: string }
  | { readonly kind: SubmitResult['kind']; readonly key: string; readonly taskId: string; readonly result: SubmitResult };

export async function acceptUploadedWorkbook(
  deps: { readonly campaign: Pick<CampaignDeps, 'jobs' | 'results' | 'clock' | 'bus'>; readonly starter: JobStarter },
  key: string,
  body: Buffer | Readable,
): Promise<WorkbookOutcome> {
  const taskId = jobIdFromName(key);
  try {
    const draft = await readCallJobWorkbook(body, taskId);
    const result = await acceptDraft(deps.campaign, deps.starter, { ...draft, correlationId: taskId });
    return { kind: result.kind, key, taskId, result };
  } catch (error) {
    if (!(error instanceof WorkbookRefused)) throw error;
    return { kind: 'refused', key, taskId, limit: error.limit, reason: error.message };
  }
}
