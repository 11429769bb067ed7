import * as z from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164, stringAttributes } from '../common.ts';
import { calloutQuestionTypes } from './callout-requested.ts';

export const calloutResultStatuses = [
  'Completed',
  'PartiallyCompleted',
  'NoAnswer',
  'Busy',
  'Failed',
  'NotCallable',
  'SkippedDoNotCall',
  'SkippedOutsideWindow',
] as const;

/**
 * callouts: one receiver's call is finished (final status, after retries), with the answers given.
 * 1.1 added `error` (optional): why the receiver ended as it did (e.g. "callee asked not to be called again").
 */
export const CalloutCompleted = defineEvent({
  source: 'switchboard.callouts',
  detailType: 'CalloutCompleted',
  version: '1.1',
  schema: () => z.object({
    jobId: z.string().min(1),
    /** The CalloutRequested requestId, when the job came from the bus. */
    requestId: z.string().optional(),
    receiverId: z.string().min(1),
    phoneNumber: e164,
    status: z.enum(calloutResultStatuses),
    attempts: z.number().int().nonnegative(),
    answers: z.array(
      z.object({
        /** 1-based position of the question in the job. */
        questionIndex: z.number().int().nonnegative(),
        type: z.enum(calloutQuestionTypes),
        /** Normalised answer: OK, Yes, No, A–E, an ISO date, HH:MM, a number. */
        answer: z.string(),
        answeredAt: z.iso.datetime({ offset: true }),
      }),
    ),
    callbackContext: stringAttributes.optional(),
    /** Why the receiver ended with this status, when there is more to say (refused number, opt-out, timeout). */
    error: z.string().max(500).optional(),
    finishedAt: z.iso.datetime({ offset: true }),
  }),
});
