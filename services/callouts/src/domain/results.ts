import type { CallOutcome } from './retry-policy.ts';

/** Final statuses of a receiver in a job (the report's `status` column). */
export const finalStatuses = [
  'Completed',
  'PartiallyCompleted',
  'NoAnswer',
  'Busy',
  'Failed',
  'NotCallable',
  'SkippedDoNotCall',
  'SkippedOutsideWindow',
  /** The job was cancelled before this receiver was called (again). */
  'Cancelled',
] as const;
export type FinalStatus = (typeof finalStatuses)[number];
/** Working statuses while the job runs. `Dialing`: an attempt is recorded and the call may have been placed. */
export type WorkingStatus = 'Pending' | 'Dialing' | 'InCall' | 'WaitingRetry';
export type ReceiverStatus = FinalStatus | WorkingStatus;

export function isFinal(status: ReceiverStatus): status is FinalStatus {
  return (finalStatuses as readonly string[]).includes(status);
}

export type CallAttempt = {
  readonly attempt: number;
  readonly clientToken: string;
  readonly startedAt: string;
  readonly contactId?: string;
  readonly endedAt?: string;
  readonly outcome?: CallOutcome;
  readonly error?: string;
  /** Set by the flow's last Lambda: how the conversation ended (Completed, or PartiallyCompleted on opt-out). */
  readonly flowOutcome?: CallOutcome;
  readonly flowNote?: string;
  /** Set by the DISCONNECTED handler when it reports the attempt to the workflow (reported once). */
  readonly reportedOutcome?: CallOutcome;
};

/** One receiver of one job: the results table item (partition jobId, sort receiverId). */
export type ReceiverResult = {
  readonly jobId: string;
  readonly receiverId: string;
  readonly row: number;
  readonly phoneNumber: string;
  readonly timeZones: readonly string[];
  /** Every extra receiver column, copied to the report. */
  readonly fields: Readonly<Record<string, string>>;
  readonly status: ReceiverStatus;
  readonly attempts: readonly CallAttempt[];
  /** Answers by question position (index 0 = Question_1); null where not (yet) answered. */
  readonly answers: readonly (string | null)[];
  /** When the first call was placed (the seed's `call_at`). */
  readonly callAt?: string;
  readonly error?: string;
  /** Earliest time of the next attempt (retry delay, calling window, attempt cap). */
  readonly notBefore?: string;
  /** Why the receiver waits until `notBefore` (set with WaitingRetry, cleared when it leaves it). */
  readonly waitReason?: WaitReason;
  readonly updatedAt: string;
};

export type WaitReason = 'OutsideWindow' | 'RetryDelay' | 'AttemptLimit';

export type ProgressCounts = Record<ReceiverStatus, number> & { total: number; done: number };

export function emptyProgress(): ProgressCounts {
  return {
    total: 0,
    done: 0,
    Pending: 0,
    Dialing: 0,
    InCall: 0,
    WaitingRetry: 0,
    Completed: 0,
    PartiallyCompleted: 0,
    NoAnswer: 0,
    Busy: 0,
    Failed: 0,
    NotCallable: 0,
    SkippedDoNotCall: 0,
    SkippedOutsideWindow: 0,
    Cancelled: 0,
  };
}

export function countProgress(results: Iterable<Pick<ReceiverResult, 'status'>>): ProgressCounts {
  const counts = emptyProgress();
  for (const result of results) {
    counts.total += 1;
    counts[result.status] += 1;
    if (isFinal(result.status)) counts.done += 1;
  }
  return counts;
}
