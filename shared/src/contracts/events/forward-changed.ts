import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';
import { e164 } from '../common.ts';

/** forwarding: a number's forward was set, replaced or removed. `before`/`after` are the forward records. */
export const ForwardChanged = defineEvent({
  source: 'switchboard.forwarding',
  detailType: 'ForwardChanged',
  version: '1.0',
  schema: () =>
    z.object({
      phoneNumber: e164,
      change: z.enum(['set', 'replaced', 'removed']),
      /** The Cognito username (or subject) that made the change. */
      actor: z.string().check(z.minLength(1)),
      before: z.nullable(z.record(z.string(), z.unknown())),
      after: z.nullable(z.record(z.string(), z.unknown())),
    }),
});
