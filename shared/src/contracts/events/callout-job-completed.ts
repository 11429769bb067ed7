import * as z from 'zod';
import { defineEvent } from '../define-event.ts';
import { calloutResultStatuses } from './callout-completed.ts';

/** callouts: every receiver of a job has a final status; the report is written. */
export const CalloutJobCompleted = defineEvent({
  source: 'switchboard.callouts',
  detailType: 'CalloutJobCompleted',
  version: '1.0',
  schema: () => z.object({
    jobId: z.string().min(1),
    requestId: z.string().optional(),
    counts: z.partialRecord(z.enum(calloutResultStatuses), z.number().int().nonnegative()),
    /** Object key of the Excel report in the reports bucket. */
    reportKey: z.string().optional(),
  }),
});
