import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** routing: a call could not be routed as intended; `outcome` says what the caller got instead. */
export const CallRoutingFailed = defineEvent({
  source: 'switchboard.routing',
  detailType: 'CallRoutingFailed',
  version: '1.0',
  schema: () =>
    z.object({
      callId: z.string().check(z.minLength(1)),
      callerNumber: z.optional(e164),
      department: z.optional(z.string()),
      /**
       * Where it failed. routing 0.1.0 sends: `bot` (no department recognised, or the bot conversation failed),
       * `lookup` (routing table unreachable, or the department vanished mid-call), `hours` (closed, no after-hours
       * destination), `bridge` (busy, no answer, nothing left to dial), `caller` (hung up before being routed),
       * `handler` (the PSTN audio service rejected a response), `action` (a Speak or Hangup failed).
       * A free string so new stages stay additive.
       */
      stage: z.string().check(z.minLength(1)),
      reason: z.string().check(z.minLength(1)),
      outcome: z.enum(['overflow', 'operator', 'hangup']),
    }),
});
