import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/**
 * iot-triage: an incident was closed — recovered, resolved by a person, or acknowledged and fixed.
 * 1.1: `correlated` — closed into another incident about the same cause (`correlatedWith`, optional), so one fault
 * stays one incident. (The enum widened within the version: no consumer on the platform matched on it.)
 */
export const IncidentResolved = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentResolved',
  version: '1.1',
  schema: () =>
    z.object({
      incidentId: z.string().check(z.minLength(1)),
      deviceId: z.string().check(z.minLength(1)),
      code: z.string().check(z.minLength(1)),
      resolution: z.enum(['recovered', 'resolvedByOperator', 'resolvedViaApi', 'correlated']),
      correlatedWith: z.optional(z.string().check(z.minLength(1))),
      repeats: z.int().check(z.nonnegative()),
    }),
});
