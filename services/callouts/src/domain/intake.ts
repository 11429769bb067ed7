import { CalloutCancellationRequested, CalloutRequested } from '@switchboard/shared/contracts';
import type { SpendLimitBreach, SpendLimiter } from '@switchboard/shared/limits';
import { type CampaignDeps, type CancelResult, type SubmitResult, cancelJob, submitJob } from './campaign.ts';
import { draftFromCalloutRequested } from './intake-drafts.ts';
import type { JobDraft, ValidatedJob } from './job.ts';

/** Starts a stored job's orchestration: Step Functions StartExecution in AWS, the local runner locally. */
export interface JobStarter {
  /** Idempotent per job id (the execution name is the job id). */
  start(jobId: string): Promise<void>;
}

/**
 * Every intake ends here: validate and store, then start — only when the job is new. A duplicate (same id,
 * same content) starts nothing; the orchestration already running for it carries on.
 */
export async function acceptDraft(
  deps: Parameters<typeof submitJob>[0],
  starter: JobStarter,
  draft: JobDraft,
  options: Parameters<typeof submitJob>[2] = {},
): Promise<SubmitResult> {
  const result = await submitJob(deps, draft, options);
  if (result.kind === 'created') await starter.start(result.job.jobId);
  return result;
}

export type EventIntakeDeps = Parameters<typeof submitJob>[0] & {
  /**
   * The daily call ceilings (shared/limits). An event-driven job counts all its callable receivers as
   * `system:<requestedBy>` and against the stage's ceiling. Over a ceiling, a normal-priority job is stored with
   * every receiver NotCallable (the requester hears it per receiver); an urgent one is placed anyway and counted.
   */
  readonly spendLimiter?: SpendLimiter;
  /** An urgent job was counted past a ceiling (to log: someone should look at the day's spending). */
  readonly onCeilingPassed?: (limit: SpendLimitBreach, jobId: string) => void;
};

/**
 * CalloutRequested from the bus (at-least-once delivery). Invalid requests are logged and dropped — a retry
 * cannot fix them, and the requester learns nothing from a dead letter; valid ones are idempotent on requestId.
 */
export async function acceptCalloutRequested(deps: EventIntakeDeps, starter: JobStarter, event: unknown): Promise<SubmitResult> {
  const envelope = CalloutRequested.parse(event);
  const draft = draftFromCalloutRequested(envelope.data, envelope.metadata.correlationId);
  const { spendLimiter, onCeilingPassed, ...campaign } = deps;
  const urgent = envelope.data.priority === 'urgent';
  const admit = spendLimiter
    ? async (job: ValidatedJob) => {
        if (job.receivers.length === 0) return undefined;
        const decision = await spendLimiter.consume({
          kind: 'calls',
          userId: `system:${envelope.data.requestedBy}`,
          count: job.receivers.length,
          mandatory: urgent,
        });
        if (!decision.allowed) {
          const { name, max, resetsAt } = decision.limit;
          return { notCallable: `not called: the daily call ceiling ${name} (${max}) is reached until ${resetsAt}` };
        }
        if (decision.exceeded) onCeilingPassed?.(decision.exceeded, job.job.jobId);
        return undefined;
      }
    : campaign.admit;
  return acceptDraft({ ...campaign, ...(admit ? { admit } : {}) }, starter, draft, {
    requestId: envelope.data.requestId,
    ...(envelope.data.callbackContext ? { callbackContext: envelope.data.callbackContext } : {}),
    ...(envelope.data.priority ? { priority: envelope.data.priority } : {}),
  });
}

/**
 * CalloutCancellationRequested (iot-triage: the incident was acknowledged). The job made from that requestId
 * stops: receivers not yet called are Cancelled and never dialled, a call on the line ends without a retry, and the
 * orchestration is started once more so the job completes with its report. Idempotent: a finished, cancelled or
 * unknown job changes nothing (at-least-once delivery; the request may also overtake the CalloutRequested).
 */
export async function acceptCalloutCancellation(
  deps: Pick<CampaignDeps, 'jobs' | 'results' | 'clock' | 'bus'>,
  starter: JobStarter,
  event: unknown,
): Promise<CancelResult> {
  const { data } = CalloutCancellationRequested.parse(event);
  const result = await cancelJob(deps, data.requestId, `${data.reason} (${data.requestedBy})`);
  if (result.kind === 'cancelled') await starter.start(result.job.jobId);
  return result;
}
