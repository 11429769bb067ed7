import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164, stringAttributes } from '../common.ts';

/**
 * A request to the sms service: text this caller an offer to continue by SMS. Routing's IVR sends it when a caller
 * accepts "press 2 to continue by text"; any system may send it. Requests carry the handling service's source.
 */
export const SmsDeflectionRequested = defineEvent({
  source: 'switchboard.sms',
  detailType: 'SmsDeflectionRequested',
  version: '1.0',
  schema: () =>
    z.object({
      phoneNumber: e164,
      /** The voice call being deflected, so the agent sees where the customer came from. */
      callId: z.optional(z.string()),
      department: z.optional(z.string()),
      expectedWaitSeconds: z.optional(z.int().check(z.nonnegative())),
      /** BCP 47, e.g. en-US. */
      languageCode: z.optional(z.string()),
      /** Who asked: "switchboard.routing" or another system's name. */
      requestedBy: z.string().check(z.minLength(1)),
      /** Passed to the Connect chat as contact attributes. */
      context: z.optional(stringAttributes),
    }),
});
