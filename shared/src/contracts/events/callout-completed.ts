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
  // 1.2
  'Cancelled',
] as const;

/**
 * callouts: one receiver's call is finished (final status, after retries), with the answers given.
 * 1.1 added `error` (optional): why the receiver ended as it did (e.g. "callee asked not to be called again").
 * 1.2 added the status `Cancelled`: the job was cancelled before this receiver was called (the API, or a
 * CalloutCancellationRequested); `error` says by whom and why. A consumer that switches on `status` must give
 * values it does not know a default — this one was added within the major version.
 */
export const CalloutCompleted = defineEvent({
  source: 'switchboard.callouts',
  detailType: 'CalloutCompleted',
  version: '1.2',
  schema: () =>
    z.object({
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
