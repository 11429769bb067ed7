import type { CalloutJob, JobIssue } from './job.ts';
import type { CallOutcome } from './retry-policy.ts';
import type { CallAttempt, FinalStatus, ReceiverResult, ReceiverStatus } from './results.ts';

/**
 * The ports the callouts domain talks through. AWS adapters (DynamoDB, Connect, Step Functions, S3, SNS)
 * and local stand-ins implement the same interfaces, so handlers and the local runner share all logic.
 */

export type JobStatus = 'Running' | 'Paused' | 'Cancelled' | 'Completed';

export type StoredJob = CalloutJob & {
  readonly status: JobStatus;
  readonly receiverCount: number;
  /** CalloutRequested.requestId, when the job came from the bus. */
  readonly requestId?: string;
  /** Returned untouched in CalloutCompleted. */
  readonly callbackContext?: Readonly<Record<string, string>>;
  readonly warnings?: readonly JobIssue[];
  readonly reportKey?: string;
  readonly reportJsonKey?: string;
  /** CalloutRequested 1.1: urgent receivers are exempt from the per-number attempt limit (not from do-not-call). */
  readonly priority?: 'normal' | 'urgent';
  /** Who cancelled the job and why (API user or CalloutCancellationRequested). */
  readonly cancelReason?: string;
  readonly completedAt?: string;
  /** Receivers that reached each final status — the list's live progress (GET /jobs/{id} counts exactly). */
  readonly finalCounts: Readonly<Partial<Record<FinalStatus, number>>>;
  readonly updatedAt: string;
};

export type Page<T> = { readonly items: readonly T[]; readonly cursor?: string };

export interface JobStore {
  /** Creates the job unless one with the same id exists; returns the stored job either way. */
  createJob(job: StoredJob): Promise<{ created: boolean; job: StoredJob }>;
  getJob(jobId: string): Promise<StoredJob | undefined>;
  /** Updates status (and optional fields); `expected` guards against racing transitions (e.g. resume a cancelled job). */
  updateJob(
    jobId: string,
    patch: Partial<Pick<StoredJob, 'status' | 'reportKey' | 'reportJsonKey' | 'completedAt' | 'cancelReason'>>,
    expected?: readonly JobStatus[],
  ): Promise<StoredJob | undefined>;
  listJobs(options: { limit: number; cursor?: string }): Promise<Page<StoredJob>>;
  /** Jobs in one status (the local runner resumes the Running ones after a restart). */
  listJobsByStatus(status: JobStatus): Promise<readonly StoredJob[]>;
  /** Adds one receiver to a final status's count (atomic). */
  countFinal(jobId: string, status: FinalStatus): Promise<void>;
}

export type ResultPatch = Partial<Pick<ReceiverResult, 'status' | 'callAt' | 'error' | 'notBefore' | 'waitReason'>> & {
  readonly attempts?: readonly CallAttempt[];
};

export interface ResultStore {
  /** Writes the initial rows of a job; rows that already exist are left untouched (re-submission is a no-op). */
  putInitial(results: readonly ReceiverResult[]): Promise<void>;
  get(jobId: string, receiverId: string): Promise<ReceiverResult | undefined>;
  update(jobId: string, receiverId: string, patch: ResultPatch): Promise<ReceiverResult>;
  /** Stores one answer as soon as it is given, so a hang-up keeps the answers so far. */
  recordAnswer(jobId: string, receiverId: string, questionIndex: number, answer: string, answeredAt: string): Promise<void>;
  /** Answer timestamps by question position, for CalloutCompleted. */
  answeredAt(jobId: string, receiverId: string): Promise<readonly (string | null)[]>;
  list(jobId: string, options: { limit: number; cursor?: string }): Promise<Page<ReceiverResult>>;
  /** Every result of a job, page by page (the report and resume read this). */
  all(jobId: string): AsyncIterable<ReceiverResult>;
  /** Remembers which attempt a Connect contact belongs to (contact events carry only the contact id). */
  linkContact(contactId: string, ref: ContactRef): Promise<void>;
  contactRef(contactId: string): Promise<ContactRef | undefined>;
}

export type ContactRef = { readonly jobId: string; readonly receiverId: string; readonly attempt: number; readonly taskToken: string };

export type DoNotCallEntry = {
  readonly phoneNumber: string;
  readonly reason: string;
  readonly source: 'api' | 'callee' | 'import';
  readonly addedAt: string;
};

export interface DoNotCallList {
  has(phoneNumber: string): Promise<boolean>;
  add(entry: DoNotCallEntry): Promise<void>;
  remove(phoneNumber: string): Promise<boolean>;
  list(options: { limit: number; cursor?: string }): Promise<Page<DoNotCallEntry>>;
}

/** Every call attempt to a number across jobs, for the per-24 h cap. */
export interface AttemptLog {
  record(phoneNumber: string, at: Date, ref: { jobId: string; receiverId: string; attempt: number }): Promise<void>;
  since(phoneNumber: string, since: Date): Promise<readonly Date[]>;
}

export type OutboundCallRequest = {
  readonly clientToken: string;
  readonly destinationPhoneNumber: string;
  /** Contact attributes: jobId, receiverId, attempt — read back by the contact-flow Lambdas. */
  readonly attributes: Readonly<Record<string, string>>;
};

/** Why Connect refused to place a call. `throttled` is not an attempt: the same call is tried again shortly. */
export class DialError extends Error {
  override readonly name = 'DialError';
  constructor(
    readonly kind: 'not-callable' | 'throttled' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** Amazon Connect StartOutboundVoiceContact. */
export interface Dialer {
  startOutboundVoiceContact(request: OutboundCallRequest): Promise<{ contactId: string }>;
}

/** What the contact flow (or the disconnect handler) reports for one attempt. */
export type AttemptReport = {
  readonly jobId: string;
  readonly receiverId: string;
  readonly attempt: number;
  readonly contactId: string;
  readonly outcome: CallOutcome;
  readonly error?: string;
};

/** Step Functions task-token callbacks (SendTaskSuccess / SendTaskHeartbeat); locally, the runner's registry. */
export interface WorkflowCallbacks {
  succeed(taskToken: string, report: AttemptReport): Promise<void>;
  heartbeat(taskToken: string): Promise<void>;
}

export type StoredObject = { readonly key: string; readonly body: Buffer | string; readonly contentType: string };
export interface ReportStore {
  put(object: StoredObject): Promise<void>;
  /** A time-limited download link; SigV4 allows at most 7 days. */
  presign(key: string, expiresInSeconds: number): Promise<string>;
}

/** The completion SNS topic (e-mail subscribers, as in the seed). */
export interface CompletionNotifier {
  notify(subject: string, message: Record<string, unknown>): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export type { ReceiverStatus };
