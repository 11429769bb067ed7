import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** routing: a call was handed to a destination (the bridge was requested; CallRoutingFailed follows if it fails). */
export const CallRouted = defineEvent({
  source: 'switchboard.routing',
  detailType: 'CallRouted',
  version: '1.0',
  schema: () =>
    z.object({
      callId: z.string().check(z.minLength(1)),
      callerNumber: z.optional(e164),
      calledNumber: z.optional(e164),
      /** Department name from the routing table, or "operator". */
      department: z.string().check(z.minLength(1)),
      destination: z.object({
        kind: z.enum(['voiceConnector', 'pstn']),
        /** Voice Connector extension or E.164 number. */
        target: z.string().check(z.minLength(1)),
      }),
      /**
       * Why this destination: `open` (the department's own destination), `afterHours` (closed: its after-hours
       * destination), `overflow` (the first choice was busy or did not answer), `operator` (the chain reached the
       * operator, or the routing table was unreachable), `unrecognised` (no known department after the retries).
       */
      reason: z.enum(['open', 'afterHours', 'overflow', 'operator', 'unrecognised']),
      inputMode: z.optional(z.enum(['Speech', 'DTMF', 'Text'])),
      attempt: z.int().check(z.minimum(1)),
    }),
});
