import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** routing: a call was handed to a destination (the bridge was requested; CallRoutingFailed follows if it fails). */
export const CallRouted = defineEvent({
  source: 'switchboard.routing',
  detailType: 'CallRouted',
  version: '1.0',
  schema: z.object({
    callId: z.string().min(1),
    callerNumber: e164.optional(),
    calledNumber: e164.optional(),
    /** Department name from the routing table, or "operator". */
    department: z.string().min(1),
    destination: z.object({
      kind: z.enum(['voiceConnector', 'pstn']),
      /** Voice Connector extension or E.164 number. */
      target: z.string().min(1),
    }),
    /** Why this destination: the department was open, closed (after hours), the first choice failed (overflow), … */
    reason: z.enum(['open', 'afterHours', 'overflow', 'operator', 'unrecognised']),
    inputMode: z.enum(['Speech', 'DTMF', 'Text']).optional(),
    attempt: z.number().int().min(1),
  }),
});
