import type { CalloutJob } from './job.ts';
import type { ReceiverResult } from './results.ts';

/**
 * The call report, one row per receiver, columns as the seed's report: task_id, receiver_id, call_at,
 * status, error, phone_number, every extra receiver column, Question_1…n — then attempts (calls made, with
 * retries), last so the seed's layout is unchanged for whoever reads it by position.
 */
export function reportColumns(job: Pick<CalloutJob, 'extraColumns' | 'questions'>): string[] {
  return [
    'task_id', 'receiver_id', 'call_at', 'status', 'error', 'phone_number',
    ...job.extraColumns,
    ...job.questions.map((q) => `Question_${q.index}`),
    'attempts',
  ];
}

export type ReportRow = Record<string, string | number | null>;

export function reportRow(job: Pick<CalloutJob, 'jobId' | 'extraColumns' | 'questions'>, result: ReceiverResult): ReportRow {
  // Null prototype: extra columns named `__proto__` or `constructor` are cells like any other.
  const row: ReportRow = Object.assign(Object.create(null) as ReportRow, {
    task_id: job.jobId,
    receiver_id: result.receiverId,
    call_at: result.callAt ?? null,
    status: result.status,
    error: result.error ?? null,
    phone_number: result.phoneNumber,
    attempts: result.attempts.length,
  });
  for (const column of job.extraColumns) row[column] = result.fields[column] ?? null;
  for (const question of job.questions) row[`Question_${question.index}`] = result.answers[question.index - 1] ?? null;
  return row;
}

/**
 * Spreadsheet formula injection (CWE-1236): a text cell that starts — after any leading whitespace — with `=`, `+`,
 * `-` or `@`, or starts with a tab, CR or LF, may be evaluated when the report is opened, edited or re-saved as CSV.
 * Receiver columns, headers and answers come from outside, so such text gets a leading `'` — but real values are
 * written as what they are, so they read back exactly: a number in text ("-7", "2.5") becomes that number, and a
 * phone number ("+85291234567") stays the same text (a text cell is never a formula in .xlsx; no apostrophe).
 * (Same rule as `neutraliseCell` in `@switchboard/shared/spreadsheet`; callouts switches to it once it is on main.)
 */
export function neutraliseCell(value: string | number | null): string | number | null {
  if (typeof value !== 'string') return value;
  if (/^-?\d+(\.\d+)?$/.test(value) && String(Number(value)) === value) return Number(value);
  if (/^\+[1-9]\d{5,14}$/.test(value)) return value;
  return /^(?:[\t\r\n]|\s*[=+\-@])/.test(value) ? `'${value}` : value;
}
