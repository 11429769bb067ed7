import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/**
 * A request to the callouts service: stop calling for the job a CalloutRequested started (its `requestId`).
 * Receivers not yet finished are marked cancelled and never dialled again; a call already ringing ends on its own.
 * iot-triage sends one when an operator acknowledges or resolves an incident, so the next contact is not called.
 * Idempotent: cancelling a finished or unknown job changes nothing.
 */
export const CalloutCancellationRequested = defineEvent({
  source: 'switchboard.callouts',
  detailType: 'CalloutCancellationRequested',
  version: '1.0',
  schema: () =>
    z.object({
      /** The requestId of the CalloutRequested to cancel (it is also the job id). */
      requestId: z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'letters, digits and _ . : - only, at most 128')),
      /** Who asked, e.g. "switchboard.iot-triage". */
      requestedBy: z.string().check(z.minLength(1)),
      /** Shown on the job and in its report, e.g. "incident acknowledged by operator". */
      reason: z.string().check(z.minLength(1), z.maxLength(500)),
    }),
});
