import * as z from 'zod';
import { defineEvent } from '../define-event.ts';

/**
 * iot-triage: an incident came back — the device did not recover after the clear-fault command, or the same fault
 * returned soon after it was resolved (flapping: counted, not re-actioned).
 */
export const IncidentReopened = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentReopened',
  version: '1.0',
  schema: () => z.object({
    incidentId: z.string().min(1),
    deviceId: z.string().min(1),
    code: z.string().min(1),
    reason: z.enum(['notRecovered', 'flapping']),
    reopenCount: z.number().int().positive(),
  }),
});
