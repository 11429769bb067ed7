import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/**
 * iot-triage: the operator of the previous call-out attempt did not acknowledge in time (or the call failed), so
 * the next contact of the site is called — or, when `exhausted`, nobody is left to call.
 * 1.1 added `failure` (optional): why the previous attempt reached nobody (no answer, do-not-call, refused number).
 */
export const IncidentEscalated = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentEscalated',
  version: '1.1',
  schema: () =>
    z.object({
      incidentId: z.string().check(z.minLength(1)),
      deviceId: z.string().check(z.minLength(1)),
      code: z.string().check(z.minLength(1)),
      /** The attempt now placed (absent when exhausted). */
      attempt: z.optional(z.int().check(z.positive())),
      reason: z.enum(['notAcknowledgedInTime', 'callNotCompleted']),
      exhausted: z.boolean(),
      failure: z.optional(z.string().check(z.maxLength(500))),
    }),
});
