import * as z from '../../zod-mini/index.ts';
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
    jobId: z.string().check(z.minLength(1)),
    /** The CalloutRequested requestId, when the job came from the bus. */
    requestId: z.optional(z.string()),
    receiverId: z.string().check(z.minLength(1)),
    phoneNumber: e164,
    status: z.enum(calloutResultStatuses),
    attempts: z.int().check(z.nonnegative()),
    answers: z.array(
      z.object({
        /** 1-based position of the question in the job. */
        questionIndex: z.int().check(z.nonnegative()),
        type: z.enum(calloutQuestionTypes),
        /** Normalised answer: OK, Yes, No, A–E, an ISO date, HH:MM, a number. */
        answer: z.string(),
        answeredAt: z.iso.datetime({ offset: true }),
      }),
    ),
    callbackContext: z.optional(stringAttributes),
    /** Why the receiver ended with this status, when there is more to say (refused number, opt-out, timeout). */
    error: z.optional(z.string().check(z.maxLength(500))),
    finishedAt: z.iso.datetime({ offset: true }),
  }),
});
