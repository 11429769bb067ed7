import type { EventBus } from '@switchboard/shared/bus';
import { CalloutCompleted } from '@switchboard/shared/contracts';
import { decideCompliance } from './compliance.ts';
import { type JobDraft, type JobIssue, type ValidatedJob, validateJob } from './job.ts';
import type { AttemptLog, AttemptReport, Clock, DoNotCallList, JobStore, ResultStore, StoredJob } from './ports.ts';
import { DialError, type Dialer } from './ports.ts';
import { questionTypeLabel } from './question-types.ts';
import { clientTokenFor, decideRetry } from './retry-policy.ts';
import { type FinalStatus, type ReceiverResult, countProgress, isFinal } from './results.ts';

/**
 * The campaign use cases — intake, one call attempt (compliance → dial), the outcome of an attempt
 * (retry or final), job completion. Both the Step Functions Lambdas and the local runner call these, so
 * the AWS and local orchestrations take the same steps.
 */
export type CampaignDeps = {
  readonly jobs: JobStore;
  readonly results: ResultStore;
  readonly doNotCall: DoNotCallList;
  readonly attemptLog: AttemptLog;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** At most K attempts per number per rolling 24 h, across jobs. */
  readonly maxAttemptsPer24h: number;
  /** How long a survey may wait for its calling window before the receiver is SkippedOutsideWindow. */
  readonly maxDeferralMs: number;
  /** Countries the toll-fraud guard admits (ISO alpha-2); default `defaultAllowedCountries`. */
  readonly allowedCountries?: readonly string[];
  /**
   * Called with a valid job before anything is stored — the spend limits (receivers per job for the caller's role,
   * calls per user and per stage per day). Throwing refuses the job; nothing is stored or called. Answering
   * `{ notCallable: reason }` stores the job with every receiver NotCallable for that reason (event intake: the
   * requester hears it through CalloutCompleted and the job's report instead of a dropped request).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: an admit hook that returns nothing admits the job (async functions return void)
  readonly admit?: (job: ValidatedJob, draft: JobDraft) => Promise<void | { readonly notCallable: string }>;
};

export type SubmitOptions = {
  readonly requestId?: string;
  readonly callbackContext?: Record<string, string>;
  readonly priority?: 'normal' | 'urgent';
};

export type SubmitResult =
  | { readonly kind: 'created'; readonly job: StoredJob; readonly issues: readonly JobIssue[] }
  /** Same id and same content: nothing new happens (duplicate event, re-uploaded file). */
  | { readonly kind: 'duplicate'; readonly job: StoredJob }
  /** Same id, different content: refused rather than silently calling a different list. */
  | { readonly kind: 'conflict'; readonly job: StoredJob }
  | { readonly kind: 'invalid'; readonly issues: readonly JobIssue[]; readonly warnings: readonly JobIssue[] };

export async function submitJob(
  deps: Pick<CampaignDeps, 'jobs' | 'results' | 'clock'> & Partial<Pick<CampaignDeps, 'bus' | 'allowedCountries' | 'admit'>>,
  draft: JobDraft,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const now = deps.clock.now();
  const existing = await deps.jobs.getJob(draft.taskId);
  const validation = validateJob(draft, { now, ...(deps.allowedCountries ? { allowedCountries: deps.allowedCountries } : {}) });
  if (!validation.ok) {
    // A duplicate of a stored job is still a duplicate even if re-validation would differ (e.g. a DNC change).
    if (existing) return { kind: 'duplicate', job: existing };
    return { kind: 'invalid', issues: validation.issues, warnings: validation.warnings };
  }
  if (existing) {
    return existing.contentHash === validation.value.job.contentHash ? { kind: 'duplicate', job: existing } : { kind: 'conflict', job: existing };
  }
  const admission = deps.admit ? await deps.admit(validation.value, draft) : undefined;
  const validated = admission ? refuseEveryReceiver(validation.value, admission.notCallable) : validation.value;
  const stored = storedJobFrom(validated, now, options);
  // Results first, job second: a job record only exists once all its rows do, so a crash in between leaves
  // orphan rows that the retried submission completes (putInitial skips existing rows) rather than a half job.
  await deps.results.putInitial(initialResults(validated, now));
  const { created, job } = await deps.jobs.createJob(stored);
  if (!created) return job.contentHash === stored.contentHash ? { kind: 'duplicate', job } : { kind: 'conflict', job };
  // Rows refused at intake (skip mode) are final from the start: their requester hears why no call was made.
  if (deps.bus) {
    for (const result of initialResults(validated, now)) {
      if (result.status === 'NotCallable') await publishCompleted({ ...deps, bus: deps.bus }, job, result, 'NotCallable', result.error);
    }
  }
  return { kind: 'created', job, issues: validation.issues };
}

/** The job as admitted when nobody may be called (a spend limit): every receiver is NotCallable for `reason`. */
function refuseEveryReceiver(validated: ValidatedJob, reason: string): ValidatedJob {
  return {
    ...validated,
    receivers: [],
    rejected: [
      ...validated.receivers.map((r) => ({ receiverId: r.receiverId, row: r.row, phoneNumber: r.phoneNumber, reason, fields: r.fields })),
      ...validated.rejected,
    ],
  };
}

function storedJobFrom(validated: ValidatedJob, now: Date, options: SubmitOptions): StoredJob {
  return {
    ...validated.job,
    status: 'Running',
    receiverCount: validated.receivers.length + validated.rejected.length,
    ...(options.requestId ? { requestId: options.requestId } : {}),
    ...(options.callbackContext ? { callbackContext: options.callbackContext } : {}),
    ...(options.priority === 'urgent' ? { priority: 'urgent' as const } : {}),
    warnings: validated.warnings.slice(0, 100),
    finalCounts: validated.rejected.length > 0 ? { NotCallable: validated.rejected.length } : {},
    updatedAt: now.toISOString(),
  };
}

export function initialResults(validated: ValidatedJob, now: Date): ReceiverResult[] {
  const at = now.toISOString();
  const blankAnswers = validated.job.questions.map(() => null);
  return [
    ...validated.receivers.map(
      (r): ReceiverResult => ({
        jobId: validated.job.jobId,
        receiverId: r.receiverId,
        row: r.row,
        phoneNumber: r.phoneNumber,
        timeZones: r.timeZones,
        fields: r.fields,
        status: 'Pending',
        attempts: [],
        answers: blankAnswers,
        updatedAt: at,
      }),
    ),
    ...validated.rejected.map(
      (r): ReceiverResult => ({
        jobId: validated.job.jobId,
        receiverId: r.receiverId,
        row: r.row,
        phoneNumber: r.phoneNumber,
        timeZones: [],
        fields: r.fields,
        status: 'NotCallable',
        error: r.reason,
        attempts: [],
        answers: blankAnswers,
        updatedAt: at,
      }),
    ),
  ];
}

/** The task token the contact flow reports an attempt with. Locally deterministic; in AWS the Step Functions token. */
export type StepResult =
  | { readonly kind: 'final'; readonly status: FinalStatus }
  | { readonly kind: 'deferred'; readonly until: Date; readonly reason: string }
  | { readonly kind: 'dialing'; readonly attempt: number; readonly clientToken: string }
  /** The job is paused or cancelled: leave the receiver as it is. */
  | { readonly kind: 'stopped' };

/**
 * Step 1 of an attempt: compliance. Records the attempt (status Dialing, ClientToken) BEFORE the call is
 * placed, so a crash after dialing resumes into the same attempt and the same ClientToken — Connect then
 * returns the existing contact instead of calling again.
 */
export async function prepareAttempt(deps: CampaignDeps, jobId: string, receiverId: string): Promise<StepResult> {
  const [job, result] = await Promise.all([deps.jobs.getJob(jobId), deps.results.get(jobId, receiverId)]);
  if (!job || !result) throw new Error(`unknown receiver ${jobId}/${receiverId}`);
  if (isFinal(result.status)) return { kind: 'final', status: result.status };
  if (job.status !== 'Running') return { kind: 'stopped' };
  const current = result.attempts[result.attempts.length - 1];
  if ((result.status === 'Dialing' || result.status === 'InCall') && current && current.outcome === undefined) {
    if (current.reportedOutcome !== undefined) {
      // The call ended and was reported, but the report never got saved (the waiter died with a crashed runner):
      // save it now rather than dial and wait for a report that will not come again.
      const outcome = await applyOutcome(deps, {
        jobId,
        receiverId,
        attempt: current.attempt,
        contactId: current.contactId ?? '',
        outcome: current.reportedOutcome,
        ...(current.flowNote ? { error: current.flowNote } : {}),
      });
      return outcome.kind === 'final' ? outcome : { kind: 'deferred', until: outcome.notBefore, reason: 'RetryDelay' };
    }
    return { kind: 'dialing', attempt: current.attempt, clientToken: current.clientToken };
  }
  const now = deps.clock.now();
  const notBefore = result.notBefore ? new Date(result.notBefore) : undefined;
  if (notBefore && notBefore > now) return { kind: 'deferred', until: notBefore, reason: result.waitReason ?? 'RetryDelay' };

  const decision = decideCompliance({
    purpose: job.purpose,
    now,
    timeZones: result.timeZones,
    window: job.callingWindow,
    onDoNotCallList: await deps.doNotCall.has(result.phoneNumber),
    recentAttempts: await deps.attemptLog.since(result.phoneNumber, new Date(now.getTime() - 24 * 3_600_000)),
    maxAttemptsPer24h: deps.maxAttemptsPer24h,
    urgent: job.priority === 'urgent',
  });
  if (decision.action === 'skip') {
    await finish(deps, job, result, decision.status, decision.reason);
    return { kind: 'final', status: decision.status };
  }
  if (decision.action === 'defer') {
    const deadline = new Date(job.createdAt).getTime() + deps.maxDeferralMs;
    if (decision.until.getTime() > deadline) {
      const reason =
        decision.reason === 'OutsideWindow'
          ? 'calling window did not open before the job deadline'
          : 'attempt limit per 24 h reached until after the job deadline';
      await finish(deps, job, result, 'SkippedOutsideWindow', reason);
      return { kind: 'final', status: 'SkippedOutsideWindow' };
    }
    await deps.results.update(jobId, receiverId, { status: 'WaitingRetry', notBefore: decision.until.toISOString(), waitReason: decision.reason });
    return { kind: 'deferred', until: decision.until, reason: decision.reason };
  }
  const attempt = result.attempts.length + 1;
  const clientToken = clientTokenFor(jobId, receiverId, attempt);
  await deps.results.update(jobId, receiverId, {
    status: 'Dialing',
    callAt: result.callAt ?? now.toISOString(),
    attempts: [...result.attempts, { attempt, clientToken, startedAt: now.toISOString() }],
  });
  await deps.attemptLog.record(result.phoneNumber, now, { jobId, receiverId, attempt });
  return { kind: 'dialing', attempt, clientToken };
}

/**
 * Before placing a prepared attempt: when the job stopped running meanwhile (paused, cancelled), the attempt that
 * was recorded but never dialled is removed again, so the receiver reads Pending (or Cancelled), not Dialing.
 * Returns true when the attempt was released.
 */
export async function releaseAttemptIfStopped(
  deps: Pick<CampaignDeps, 'jobs' | 'results' | 'bus' | 'clock'>,
  jobId: string,
  receiverId: string,
  attempt: number,
): Promise<boolean> {
  const [job, result] = await Promise.all([deps.jobs.getJob(jobId), deps.results.get(jobId, receiverId)]);
  if (!job || !result || job.status === 'Running') return false;
  // Already final (a cancel marked it): nothing to give back, and nothing to dial.
  if (isFinal(result.status)) return true;
  const current = result.attempts.find((a) => a.attempt === attempt);
  if (!current || current.contactId !== undefined || current.outcome !== undefined) return false;
  const attempts = result.attempts.filter((a) => a.attempt !== attempt);
  const released = await deps.results.update(jobId, receiverId, { status: 'Pending', attempts });
  if (job.status === 'Cancelled') await finish(deps, job, released, 'Cancelled', `job cancelled: ${job.cancelReason ?? 'cancelled'}`);
  return true;
}

export type DialResult =
  | { readonly kind: 'placed'; readonly contactId: string }
  | { readonly kind: 'throttled' }
  | { readonly kind: 'rejected'; readonly report: AttemptReport };

/** Step 2: StartOutboundVoiceContact with the attempt's ClientToken. Safe to repeat for the same attempt. */
export async function dialAttempt(
  deps: Pick<CampaignDeps, 'results'>,
  dialer: Dialer,
  input: { jobId: string; receiverId: string; attempt: number; clientToken: string; taskToken: string },
): Promise<DialResult> {
  const result = await deps.results.get(input.jobId, input.receiverId);
  if (!result) throw new Error(`unknown receiver ${input.jobId}/${input.receiverId}`);
  try {
    const { contactId } = await dialer.startOutboundVoiceContact({
      clientToken: input.clientToken,
      destinationPhoneNumber: result.phoneNumber,
      // No task token here: contact attributes end up in contact records; the token is kept in the contacts table.
      attributes: { jobId: input.jobId, receiverId: input.receiverId, attempt: String(input.attempt) },
    });
    await deps.results.linkContact(contactId, {
      jobId: input.jobId,
      receiverId: input.receiverId,
      attempt: input.attempt,
      taskToken: input.taskToken,
    });
    const attempts = result.attempts.map((a) => (a.attempt === input.attempt ? { ...a, contactId } : a));
    await deps.results.update(input.jobId, input.receiverId, { attempts });
    return { kind: 'placed', contactId };
  } catch (error) {
    if (!(error instanceof DialError)) throw error;
    if (error.kind === 'throttled') return { kind: 'throttled' };
    return {
      kind: 'rejected',
      report: {
        jobId: input.jobId,
        receiverId: input.receiverId,
        attempt: input.attempt,
        contactId: '',
        outcome: error.kind === 'not-callable' ? 'NotCallable' : 'Failed',
        error: error.message,
      },
    };
  }
}

export type OutcomeResult = { readonly kind: 'final'; readonly status: FinalStatus } | { readonly kind: 'retry'; readonly notBefore: Date };

/** Step 3: save an attempt's outcome, then retry by outcome or finish. Idempotent per attempt. */
export async function applyOutcome(deps: CampaignDeps, report: AttemptReport): Promise<OutcomeResult> {
  const [job, result] = await Promise.all([deps.jobs.getJob(report.jobId), deps.results.get(report.jobId, report.receiverId)]);
  if (!job || !result) throw new Error(`unknown receiver ${report.jobId}/${report.receiverId}`);
  const attempt = result.attempts.find((a) => a.attempt === report.attempt);
  if (isFinal(result.status)) return { kind: 'final', status: result.status };
  if (attempt?.outcome !== undefined) {
    // Already applied (a redelivered callback): answer as before.
    return result.notBefore ? { kind: 'retry', notBefore: new Date(result.notBefore) } : { kind: 'final', status: attempt.outcome };
  }
  const now = deps.clock.now();
  const attempts = result.attempts.map((a) =>
    a.attempt === report.attempt
      ? {
          ...a,
          ...(report.contactId ? { contactId: report.contactId } : {}),
          endedAt: now.toISOString(),
          outcome: report.outcome,
          ...(report.error ? { error: report.error } : {}),
        }
      : a,
  );
  const retry = decideRetry(report.outcome, result.attempts.length, job.retryPolicy);
  if (retry.retry && job.status !== 'Cancelled') {
    const notBefore = new Date(now.getTime() + retry.afterMs);
    await deps.results.update(report.jobId, report.receiverId, {
      status: 'WaitingRetry',
      notBefore: notBefore.toISOString(),
      waitReason: 'RetryDelay',
      attempts,
      ...(report.error ? { error: report.error } : {}),
    });
    return { kind: 'retry', notBefore };
  }
  const updated = await deps.results.update(report.jobId, report.receiverId, { attempts });
  await finish(deps, job, updated, report.outcome, report.error);
  return { kind: 'final', status: report.outcome };
}

/** Marks a receiver final and tells the requester (CalloutCompleted carries the answers so it can react). */
async function finish(
  deps: Pick<CampaignDeps, 'jobs' | 'results' | 'bus' | 'clock'>,
  job: StoredJob,
  result: ReceiverResult,
  status: FinalStatus,
  error?: string,
): Promise<void> {
  const updated = await deps.results.update(job.jobId, result.receiverId, { status, ...(error ? { error } : {}) });
  await deps.jobs.countFinal(job.jobId, status);
  // Cancelled receivers too (CalloutCompleted 1.2): whoever requested the callout hears that it ended.
  await publishCompleted(deps, job, updated, status, error);
}

/** CalloutCompleted for one receiver: the requester learns every outcome, and why a call was not made. */
async function publishCompleted(
  deps: Pick<CampaignDeps, 'results' | 'bus' | 'clock'>,
  job: StoredJob,
  updated: ReceiverResult,
  status: FinalStatus,
  error?: string,
): Promise<void> {
  const now = deps.clock.now();
  const answeredAt = await deps.results.answeredAt(job.jobId, updated.receiverId);
  await deps.bus
    .publish(
      CalloutCompleted,
      {
        jobId: job.jobId,
        ...(job.requestId ? { requestId: job.requestId } : {}),
        receiverId: updated.receiverId,
        phoneNumber: updated.phoneNumber,
        status,
        attempts: updated.attempts.length,
        answers: job.questions.flatMap((question) => {
          const answer = updated.answers[question.index - 1];
          if (answer === null || answer === undefined) return [];
          return [
            {
              questionIndex: question.index,
              type: questionTypeLabel[question.type],
              answer,
              answeredAt: answeredAt[question.index - 1] ?? now.toISOString(),
            },
          ];
        }),
        ...(job.callbackContext ? { callbackContext: { ...job.callbackContext } } : {}),
        ...((error ?? updated.error) ? { error: (error ?? updated.error ?? '').slice(0, 500) } : {}),
        finishedAt: now.toISOString(),
      },
      { correlationId: job.correlationId, id: `${job.jobId}:${updated.receiverId}:completed`, occurredAt: now },
    )
    .catch((publishError: unknown) => {
      // NotCallable rows from validation may carry a number that is not E.164; the contract refuses them. Rows
      // that were never callable are still in the report; only the event is skipped for them.
      if (status !== 'NotCallable') throw publishError;
    });
}

export type CancelResult =
  | { readonly kind: 'cancelled'; readonly job: StoredJob; readonly cancelled: number }
  /** Already cancelled or completed (a redelivered request, a second click): nothing changes. */
  | { readonly kind: 'unchanged'; readonly job: StoredJob }
  | { readonly kind: 'unknown' };

/**
 * Cancels a job: it stops being dialled at once (Cancelled), every receiver not yet final and not on a call is
 * marked Cancelled, and a call already on the line ends on its own without a retry. Idempotent. The orchestration
 * then completes the job (report, CalloutJobCompleted) as soon as the calls in flight have ended.
 */
export async function cancelJob(
  deps: Pick<CampaignDeps, 'jobs' | 'results' | 'bus' | 'clock'>,
  jobId: string,
  reason: string,
): Promise<CancelResult> {
  const job = await deps.jobs.getJob(jobId);
  if (!job) return { kind: 'unknown' };
  const updated = await deps.jobs.updateJob(jobId, { status: 'Cancelled', cancelReason: reason.slice(0, 500) }, ['Running', 'Paused']);
  if (!updated) return { kind: 'unchanged', job };
  let cancelled = 0;
  for await (const result of deps.results.all(jobId)) {
    if (isFinal(result.status) || onTheLine(result)) continue;
    await finish(deps, updated, result, 'Cancelled', `job cancelled: ${reason}`.slice(0, 500));
    cancelled += 1;
  }
  return { kind: 'cancelled', job: updated, cancelled };
}

/** An attempt was placed and has not ended: the call may be ringing or talking. */
function onTheLine(result: ReceiverResult): boolean {
  const current = result.attempts[result.attempts.length - 1];
  return (
    (result.status === 'Dialing' || result.status === 'InCall') &&
    current !== undefined &&
    current.outcome === undefined &&
    current.contactId !== undefined
  );
}

/** Counts of a job's receivers by status (the API's live progress). */
export async function jobProgress(results: ResultStore, jobId: string) {
  const statuses: ReceiverResult[] = [];
  for await (const result of results.all(jobId)) statuses.push(result);
  return countProgress(statuses);
}
