import type { CampaignDeps } from './campaign.ts';
import { isFinal } from './results.ts';

/**
 * The Step Functions workflow calls receivers in rounds: each round is one Distributed Map over the receivers
 * due now (items file in S3); receivers waiting for a retry or their calling window are picked up by a later
 * round after a Wait state. This keeps retry waits out of the Map (a waiting child would hold a concurrency
 * slot) and bounds every execution's history whatever the job size.
 */
export type RoundPlan =
  | { readonly action: 'call'; readonly items: readonly { jobId: string; receiverId: string }[] }
  | { readonly action: 'wait'; readonly waitSeconds: number }
  | { readonly action: 'complete' }
  /** Paused or cancelled: the execution ends; resume starts a new one. */
  | { readonly action: 'stop' };

/** A round limit that no legitimate job reaches (3 attempts × window deferrals), so a stuck receiver cannot loop forever. */
export const maxRounds = 200;

export async function planRound(deps: Pick<CampaignDeps, 'jobs' | 'results' | 'clock'>, jobId: string, round: number): Promise<RoundPlan> {
  const job = await deps.jobs.getJob(jobId);
  if (!job) throw new Error(`unknown job ${jobId}`);
  if (job.status === 'Completed' || job.completedAt) return { action: 'complete' };
  if (job.status === 'Paused') return { action: 'stop' };
  if (job.status === 'Cancelled') {
    // Receivers are final except calls still on the line: complete once those have ended.
    for await (const result of deps.results.all(jobId)) if (!isFinal(result.status) && round < maxRounds) return { action: 'wait', waitSeconds: 10 };
    return { action: 'complete' };
  }
  const now = deps.clock.now().getTime();
  const items: { jobId: string; receiverId: string }[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  for await (const result of deps.results.all(jobId)) {
    if (isFinal(result.status)) continue;
    const notBefore = result.notBefore ? new Date(result.notBefore).getTime() : 0;
    if (notBefore > now) earliest = Math.min(earliest, notBefore);
    else items.push({ jobId, receiverId: result.receiverId });
  }
  if (items.length > 0 && round < maxRounds) return { action: 'call', items };
  if (Number.isFinite(earliest) && round < maxRounds) return { action: 'wait', waitSeconds: Math.max(1, Math.ceil((earliest - now) / 1000)) };
  return { action: 'complete' };
}
