import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** routing: a call could not be routed as intended; `outcome` says what the caller got instead. */
export const CallRoutingFailed = defineEvent({
  source: 'switchboard.routing',
  detailType: 'CallRoutingFailed',
  version: '1.0',
  schema: z.object({
    callId: z.string().min(1),
    callerNumber: e164.optional(),
    department: z.string().optional(),
    /** Where it failed: bot, lookup, bridge, handler … */
    stage: z.string().min(1),
    reason: z.string().min(1),
    outcome: z.enum(['overflow', 'operator', 'hangup']),
  }),
});
