import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** forwarding: how a call to a forwarded number ended. */
export const CallForwarded = defineEvent({
  source: 'switchboard.forwarding',
  detailType: 'CallForwarded',
  version: '1.1',
  schema: () =>
    z.object({
      callId: z.string().check(z.minLength(1)),
      phoneNumber: e164,
      /** 0-based index of the last destination tried; null when none was tried. */
      destinationIndex: z.nullable(z.int().check(z.nonnegative())),
      outcome: z.enum(['answered', 'busy', 'noAnswer', 'refused', 'notForwarded', 'failed']),
      /** Seconds connected for an answered call; otherwise from the call's arrival to its end. */
      durationSeconds: z.number().check(z.nonnegative()),
      /** Who ended the call (1.1): the caller, the destination, or the platform (message played, then Hangup). */
      endedBy: z.optional(z.enum(['caller', 'destination', 'platform'])),
    }),
});
