import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { calloutResultStatuses } from './callout-completed.ts';

/**
 * callouts: every receiver of a job has a final status; the report is written.
 * 1.1: `counts` may hold `Cancelled` (CalloutCompleted 1.2's status) — receivers of a cancelled job never called.
 */
export const CalloutJobCompleted = defineEvent({
  source: 'switchboard.callouts',
  detailType: 'CalloutJobCompleted',
  version: '1.1',
  schema: () =>
    z.object({
      jobId: z.string().check(z.minLength(1)),
      requestId: z.optional(z.string()),
      counts: z.partialRecord(z.enum(calloutResultStatuses), z.int().check(z.nonnegative())),
      /** Object key of the Excel report in the reports bucket. */
      reportKey: z.optional(z.string()),
    }),
});
