import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/**
 * iot-triage: an incident came back — the device did not recover after the clear-fault command, or the same fault
 * returned soon after it was resolved (flapping: counted, not re-actioned).
 */
export const IncidentReopened = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentReopened',
  version: '1.0',
  schema: () =>
    z.object({
      incidentId: z.string().check(z.minLength(1)),
      deviceId: z.string().check(z.minLength(1)),
      code: z.string().check(z.minLength(1)),
      reason: z.enum(['notRecovered', 'flapping']),
      reopenCount: z.int().check(z.positive()),
    }),
});
