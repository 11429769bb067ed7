import type { CalloutJob } from './job.ts';
import type { ReceiverResult } from './results.ts';

/**
 * The call report, one row per receiver, columns as the seed's report: task_id, receiver_id, call_at,
 * status, error, phone_number, every extra receiver column, Question_1…n — then attempts (calls made, with
 * retries), last so the seed's layout is unchanged for whoever reads it by position.
 */
export function reportColumns(job: Pick<CalloutJob, 'extraColumns' | 'questions'>): string[] {
  return [
    'task_id',
    'receiver_id',
    'call_at',
    'status',
    'error',
    'phone_number',
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
