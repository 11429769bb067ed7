/**
 * The campaign pages' logic, kept pure so the unit tests cover it: progress by category, why receivers wait
 * ("waiting for 08:00 in Asia/Hong_Kong"), validation issues as table rows (from a dry run or from a problem),
 * calls over time against the concurrency cap, and an SSML prompt as the text a callee hears.
 */
import type { components } from '../../api/generated/callouts.ts';
import type { Problem } from '../../api/problem.ts';

export type CalloutJob = components['schemas']['CalloutJob'];
export type ReceiverResult = components['schemas']['ReceiverResult'];
export type JobIssue = components['schemas']['JobIssue'];
export type CallJobCheck = components['schemas']['CallJobCheck'];
export type Waiting = NonNullable<CalloutJob['waiting']>[number];

/** The six categories the console shows, each the receiver statuses it counts. */
export const progressCategories = [
  { id: 'pending', label: 'Pending', statuses: ['Pending', 'WaitingRetry'] },
  { id: 'dialing', label: 'Dialing', statuses: ['Dialing', 'InCall'] },
  { id: 'completed', label: 'Completed', statuses: ['Completed', 'PartiallyCompleted'] },
  { id: 'failed', label: 'Failed', statuses: ['NoAnswer', 'Busy', 'Failed', 'NotCallable', 'SkippedOutsideWindow'] },
  { id: 'do-not-call', label: 'Do not call', statuses: ['SkippedDoNotCall'] },
  { id: 'cancelled', label: 'Cancelled', statuses: ['Cancelled'] },
] as const;
export type ProgressCategory = (typeof progressCategories)[number]['id'];

export interface ProgressSummary {
  total: number;
  done: number;
  /** Percentage of receivers that are final (0–100, whole numbers). */
  percent: number;
  counts: Record<ProgressCategory, number>;
}

/**
 * Counts by category from a job's `progress`. GET /jobs/{id} counts every status; the list counts only final
 * ones (from the job's counters), so there "not final yet" is pending: total − done − what is known to be dialing.
 */
export function progressSummary(job: Pick<CalloutJob, 'receiverCount' | 'progress'>): ProgressSummary {
  const progress = job.progress ?? {};
  const total = progress.total ?? job.receiverCount;
  const counts = Object.fromEntries(progressCategories.map((c) => [c.id, c.statuses.reduce((sum, s) => sum + (progress[s] ?? 0), 0)])) as Record<
    ProgressCategory,
    number
  >;
  const final = counts.completed + counts.failed + counts['do-not-call'] + counts.cancelled;
  const done = progress.done ?? final;
  const working = counts.pending + counts.dialing;
  // The list has no working counts: whatever is not final (nor known to be dialing) is still to be called.
  if (working === 0 && total > done) counts.pending = total - done;
  return { total, done, percent: total === 0 ? 100 : Math.floor((done / total) * 100), counts };
}

const clock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
const day = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const weekday = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(iso));

/**
 * Why receivers wait, in words: an opening of the calling window in the receiver's zone ("waiting for 08:00 in
 * Asia/Hong_Kong", with the day when it is not today there), a retry or attempt-limit time in the viewer's zone.
 */
export function describeWaiting(waiting: Waiting, now: Date, viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const count = waiting.receivers === 1 ? '1 receiver' : `${waiting.receivers} receivers`;
  const at = waiting.nextAttemptAt;
  switch (waiting.reason) {
    case 'OutsideWindow': {
      const zone = waiting.timeZones?.[0];
      if (!at || !zone) return `${count} outside the calling window`;
      const when = day(at, zone) === day(now.toISOString(), zone) ? clock(at, zone) : `${clock(at, zone)} on ${weekday(at, zone)}`;
      const more = (waiting.timeZones?.length ?? 0) > 1 ? ` (and ${waiting.timeZones!.length - 1} more zones)` : '';
      return `${count} waiting for ${when} in ${zone}${more}`;
    }
    case 'RetryDelay':
      return at ? `${count} to retry at ${clock(at, viewerZone)}` : `${count} waiting to retry`;
    case 'AttemptLimit':
      return at ? `${count} at the daily attempt limit, next at ${clock(at, viewerZone)}` : `${count} at the daily attempt limit`;
    case 'Paused':
      return `${count} paused`;
  }
}

export interface IssueRow {
  key: string;
  severity: 'error' | 'warning';
  sheet: string;
  row?: number;
  column?: string;
  reason: string;
}

/** A dry run's issues (errors) and warnings as rows, errors first, each group by sheet order then row. */
export function issueRows(check: Pick<CallJobCheck, 'issues' | 'warnings'>): IssueRow[] {
  const order: Record<string, number> = { job: 0, configures: 1, questions: 2, receivers: 3 };
  const rows = (issues: readonly JobIssue[], severity: IssueRow['severity']) =>
    [...issues]
      .sort((a, b) => (order[a.sheet] ?? 9) - (order[b.sheet] ?? 9) || (a.row ?? 0) - (b.row ?? 0))
      .map((issue, index) => ({
        key: `${severity}-${index}`,
        severity,
        sheet: issue.sheet,
        ...(issue.row !== undefined ? { row: issue.row } : {}),
        ...(issue.column !== undefined ? { column: issue.column } : {}),
        reason: issue.reason,
      }));
  return [...rows(check.issues, 'error'), ...rows(check.warnings, 'warning')];
}

/**
 * A failed request as issue rows: a 422 from POST /jobs carries `jobIssues`; the JSON schema's issues name a path
 * (`body.receivers.2.phone_number` → receivers, row 3, phone_number: JSON rows are 1-based positions, as callouts
 * numbers them); anything else (a refused workbook, 413) is one job-level row with the problem's detail.
 */
export function problemIssueRows(problem: Problem): IssueRow[] {
  const jobIssues = Array.isArray(problem.jobIssues) ? (problem.jobIssues as JobIssue[]) : undefined;
  if (jobIssues) return issueRows({ issues: jobIssues, warnings: Array.isArray(problem.warnings) ? (problem.warnings as JobIssue[]) : [] });
  if (problem.issues?.length) {
    return problem.issues.map((issue, index) => {
      const parts = issue.path.split('.').filter((p) => p !== 'body');
      const [first, position, ...rest] = parts;
      if ((first === 'receivers' || first === 'questions') && position !== undefined && /^\d+$/.test(position)) {
        return {
          key: `error-${index}`,
          severity: 'error' as const,
          sheet: first,
          row: Number(position) + 1,
          ...(rest.length ? { column: rest.join('.') } : {}),
          reason: issue.message,
        };
      }
      return {
        key: `error-${index}`,
        severity: 'error' as const,
        sheet: 'job',
        ...(parts.length ? { column: parts.join('.') } : {}),
        reason: issue.message,
      };
    });
  }
  return [{ key: 'error-0', severity: 'error', sheet: 'job', reason: problem.detail ?? problem.title }];
}

export interface CallsOverTime {
  bucketMs: number;
  /** Bucket start times. */
  x: Date[];
  /** Calls placed in each bucket. */
  placed: number[];
  /** Most calls on the line at once in each bucket. */
  onTheLine: number[];
  peak: number;
}

/**
 * Calls over time from the attempts: calls placed per bucket (bars) and the most calls on the line at once in each
 * bucket (line), to draw against the concurrency cap. An attempt with no end is still on the line at `now`.
 * Buckets are sized so the chart has at most `maxBuckets` of them (at least 1 s each).
 */
export function callsOverTime(results: readonly Pick<ReceiverResult, 'attemptHistory'>[], now: Date, maxBuckets = 40): CallsOverTime | undefined {
  const spans = results
    .flatMap((r) => r.attemptHistory.map((a) => ({ start: Date.parse(a.startedAt), end: a.endedAt ? Date.parse(a.endedAt) : now.getTime() })))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end));
  if (spans.length === 0) return undefined;
  const from = Math.min(...spans.map((s) => s.start));
  const to = Math.max(from + 1, ...spans.map((s) => s.end));
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);
  const bucketMs = steps.find((step) => Math.ceil((to - from) / step) <= maxBuckets) ?? Math.ceil((to - from) / maxBuckets);
  const origin = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.max(1, Math.ceil((to - origin) / bucketMs));
  const placed = new Array<number>(count).fill(0);
  const onTheLine = new Array<number>(count).fill(0);
  for (const span of spans) placed[Math.min(count - 1, Math.floor((span.start - origin) / bucketMs))]! += 1;
  // The most concurrent calls within a bucket: sweep the starts and ends in time order.
  const events = spans
    .flatMap((s) => [
      { at: s.start, delta: 1 },
      { at: s.end, delta: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let live = 0;
  let peak = 0;
  let next = 0;
  for (let bucket = 0; bucket < count; bucket += 1) {
    const start = origin + bucket * bucketMs;
    const end = start + bucketMs;
    // The state at the bucket's start (a call that ended exactly then is off the line), then every change inside it.
    while (next < events.length && events[next]!.at <= start) live += events[next++]!.delta;
    let most = live;
    while (next < events.length && events[next]!.at < end) {
      live += events[next]!.delta;
      most = Math.max(most, live);
      next += 1;
    }
    onTheLine[bucket] = most;
    peak = Math.max(peak, most);
  }
  return { bucketMs, x: placed.map((_, i) => new Date(origin + i * bucketMs)), placed, onTheLine, peak };
}

/** What a callee hears from an SSML body: the text without tags, entities decoded, whitespace collapsed. */
export function ssmlToText(ssml: string): string {
  return ssml
    .replace(/<break\b[^>]*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The answers a receiver gave, by question (1-based), for the detail table. */
export function answersByQuestion(
  job: Pick<CalloutJob, 'questions'>,
  result: Pick<ReceiverResult, 'answers'>,
): { index: number; type: string; answer: string | null }[] {
  return job.questions.map((q) => ({ index: q.index, type: q.type, answer: result.answers[q.index - 1] ?? null }));
}

export const statusIndicator: Record<string, 'success' | 'error' | 'warning' | 'info' | 'pending' | 'in-progress' | 'stopped'> = {
  Running: 'in-progress',
  Paused: 'stopped',
  Cancelled: 'stopped',
  Completed: 'success',
  Pending: 'pending',
  WaitingRetry: 'pending',
  Dialing: 'in-progress',
  InCall: 'in-progress',
  PartiallyCompleted: 'warning',
  NoAnswer: 'error',
  Busy: 'error',
  Failed: 'error',
  NotCallable: 'error',
  SkippedDoNotCall: 'stopped',
  SkippedOutsideWindow: 'warning',
};

/** Example JSON job for the editor: the seed's call-task shape. */
export const exampleJsonJob = {
  task_id: 'reminder-json',
  greeting: 'Hi {{ username }}, this is the school office.',
  ending: 'Thank you, goodbye.',
  phone_prefix: '+852',
  purpose: 'notification',
  calling_window: { start: '08:00', end: '21:00' },
  questions: [
    { question_type: 'Yes/No', question_template: 'The book report is due on Friday. Are you ready?' },
    { question_type: 'OK', question_template: 'Say OK to confirm you heard this message.' },
  ],
  receivers: [
    { id: 'student-1', phone_number: '91234567', username: 'Ann' },
    { id: 'student-2', phone_number: '61234567', username: 'Bo' },
  ],
};
