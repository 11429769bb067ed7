import * as z from 'zod';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** forwarding: how a call to a forwarded number ended. */
export const CallForwarded = defineEvent({
  source: 'switchboard.forwarding',
  detailType: 'CallForwarded',
  version: '1.1',
  schema: () => z.object({
    callId: z.string().min(1),
    phoneNumber: e164,
    /** 0-based index of the last destination tried; null when none was tried. */
    destinationIndex: z.number().int().nonnegative().nullable(),
    outcome: z.enum(['answered', 'busy', 'noAnswer', 'refused', 'notForwarded', 'failed']),
    /** Seconds connected for an answered call; otherwise from the call's arrival to its end. */
    durationSeconds: z.number().nonnegative(),
    /** Who ended the call (1.1): the caller, the destination, or the platform (message played, then Hangup). */
    endedBy: z.enum(['caller', 'destination', 'platform']).optional(),
  }),
});
