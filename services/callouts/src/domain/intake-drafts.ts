import * as z from 'zod';
import type { EventData } from '@switchboard/shared/contracts';
import type { CalloutRequested } from '@switchboard/shared/contracts';
import type { JobDraft } from './job.ts';

/**
 * The JSON intake: the seed's call-task message (task_id, greeting, ending, questions, receivers — what its
 * SQS queue accepted), with our optional settings. Receivers are free-form objects: every field other than
 * id/receiver_id/phone_number/time_zone is an extra column. Field-level checks live in `validateJob`, so JSON
 * and Excel get the same row-precise errors (rows are 1-based positions in the arrays).
 */
type Scalar = string | number | boolean | null;
const isScalar = (value: unknown): value is Scalar => value === null || ['string', 'number', 'boolean'].includes(typeof value);
/**
 * A receiver object. Not `z.record`: zod builds its output with plain assignment, which drops a key named
 * `__proto__`; the copy here has no prototype, so every column — `__proto__`, `constructor` — stays data.
 */
export const receiverValues = z.custom<Record<string, Scalar>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isScalar),
  { message: 'each receiver must be an object whose values are strings, numbers, booleans or null' },
);
export const toReceiverRecord = (value: Record<string, Scalar>): Record<string, Scalar> =>
  Object.assign(Object.create(null) as Record<string, Scalar>, value);
const receiverRecord = receiverValues.transform(toReceiverRecord);
/** How the API documents a receiver (zod-to-openapi cannot describe a custom check by itself). */
export const receiverOpenApi = {
  type: 'object',
  description: 'id (or receiver_id), phone_number, optional time_zone; every other field is an extra column',
  additionalProperties: { nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
} as const;
export const callTaskSchema = z.object({
  task_id: z.string().min(1).max(128),
  purpose: z.enum(['survey', 'notification', 'operational']).optional(),
  greeting: z.string().default(''),
  ending: z.string().default(''),
  phone_prefix: z.union([z.string(), z.number()]).transform(String).optional(),
  time_zone: z.string().optional(),
  calling_window: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
  on_invalid_rows: z.enum(['reject', 'skip']).optional(),
  max_attempts: z.number().int().optional(),
  questions: z.array(z.object({ question_type: z.string(), question_template: z.string() })).max(50),
  receivers: z.array(receiverRecord).max(50_001),
});
export type CallTask = z.input<typeof callTaskSchema>;

export function draftFromCallTask(task: z.output<typeof callTaskSchema>, extra: { correlationId?: string; requestedBy?: string } = {}): JobDraft {
  return {
    taskId: task.task_id,
    source: 'api',
    purpose: task.purpose,
    greeting: task.greeting,
    ending: task.ending,
    phonePrefix: task.phone_prefix,
    timeZone: task.time_zone,
    callingWindow: task.calling_window,
    onInvalidRows: task.on_invalid_rows,
    maxAttempts: task.max_attempts,
    ...(extra.correlationId ? { correlationId: extra.correlationId } : {}),
    ...(extra.requestedBy ? { requestedBy: extra.requestedBy } : {}),
    questions: task.questions.map((q, i) => ({ row: i + 1, type: q.question_type, template: q.question_template })),
    receivers: task.receivers.map((values, i) => ({ row: i + 1, values })),
  };
}

/** A CalloutRequested from the bus: the requestId is the job id, so a redelivered event is the same job. */
export function draftFromCalloutRequested(data: EventData<typeof CalloutRequested>, correlationId: string): JobDraft {
  return {
    taskId: data.requestId,
    source: 'event',
    purpose: data.purpose,
    greeting: data.greeting,
    ending: data.ending,
    onInvalidRows: data.onInvalidRows,
    correlationId,
    requestedBy: data.requestedBy,
    questions: data.questions.map((q, i) => ({ row: i + 1, type: q.type, template: q.template })),
    receivers: data.receivers.map((r, i) => ({
      row: i + 1,
      values: { ...(r.attributes ?? {}), id: r.receiverId, phone_number: r.phoneNumber, ...(r.timeZone ? { time_zone: r.timeZone } : {}) },
    })),
  };
}
