import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/** iot-triage: an incident was closed — recovered, resolved by a person, or acknowledged and fixed. */
export const IncidentResolved = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentResolved',
  version: '1.0',
  schema: () => z.object({
    incidentId: z.string().check(z.minLength(1)),
    deviceId: z.string().check(z.minLength(1)),
    code: z.string().check(z.minLength(1)),
    resolution: z.enum(['recovered', 'resolvedByOperator', 'resolvedViaApi']),
    repeats: z.int().check(z.nonnegative()),
  }),
});
