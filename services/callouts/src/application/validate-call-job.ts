import { type JobDraft, type JobIssue, renderPrompts, validateJob } from '../domain/job.ts';

/** What a dry run answers: every issue and warning, and — when the job would be accepted — what it would do. */
export type CallJobCheck = {
  readonly valid: boolean;
  readonly issues: JobIssue[];
  readonly warnings: JobIssue[];
  readonly summary?: {
    readonly taskId: string;
    readonly purpose: string;
    /** Receivers that would be called, and rows kept for the report only (`on_invalid_rows: skip`). */
    readonly receivers: number;
    readonly skippedRows: number;
    readonly questions: { index: number; type: string; template: string }[];
    readonly callingWindow: { readonly start: string; readonly end: string };
    readonly extraColumns: string[];
    readonly maxAttempts: number;
  };
  /** The first receiver's prompts (SSML bodies), as `POST /jobs/preview` renders them. */
  readonly preview?: {
    readonly receiverId: string;
    readonly greeting: string;
    readonly questions: { index: number; type: string; prompt: string }[];
    readonly ending: string;
  };
};

/**
 * Validates a call job without storing or calling anything — the same validation `POST /jobs` runs, plus the
 * role's receivers-per-job limit as an issue, so the console can show every problem before a job starts. The
 * daily call limits are not consumed (nothing is spent by looking).
 */
export function validateCallJob(
  draft: JobDraft,
  options: { now: Date; allowedCountries?: readonly string[]; maxReceivers: number; roleNote: string },
): CallJobCheck {
  const validation = validateJob(draft, { now: options.now, ...(options.allowedCountries ? { allowedCountries: options.allowedCountries } : {}) });
  if (!validation.ok) return { valid: false, issues: [...validation.issues], warnings: [...validation.warnings] };
  const { job, receivers, rejected, warnings } = validation.value;
  const issues: JobIssue[] = [...validation.issues];
  let valid = true;
  if (receivers.length > options.maxReceivers) {
    issues.unshift({
      sheet: 'receivers',
      reason: `${receivers.length} receivers to call; ${options.roleNote} at most ${options.maxReceivers} per job`,
    });
    valid = false;
  }
  const first = receivers[0];
  let preview: CallJobCheck['preview'];
  if (first) {
    try {
      const prompts = renderPrompts(job, first);
      preview = { receiverId: first.receiverId, greeting: prompts.greeting, questions: [...prompts.questions], ending: prompts.ending };
    } catch {
      // Validation has rendered every prompt for every receiver already; a failure here leaves the preview out.
      preview = undefined;
    }
  }
  return {
    valid,
    issues,
    warnings: [...warnings],
    summary: {
      taskId: job.jobId,
      purpose: job.purpose,
      receivers: receivers.length,
      skippedRows: rejected.length,
      questions: job.questions.map((q) => ({ index: q.index, type: q.type, template: q.template })),
      callingWindow: { ...job.callingWindow },
      extraColumns: [...job.extraColumns],
      maxAttempts: job.retryPolicy.maxAttempts,
    },
    ...(preview ? { preview } : {}),
  };
}
