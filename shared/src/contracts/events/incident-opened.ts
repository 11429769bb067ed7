import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/** iot-triage: a device fault or anomaly opened an incident (one open incident per device and code). */
export const IncidentOpened = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentOpened',
  version: '1.0',
  schema: () =>
    z.object({
      incidentId: z.string().check(z.minLength(1)),
      deviceId: z.string().check(z.minLength(1)),
      /** Runbook code: E1, E2, E3, W1, … */
      code: z.string().check(z.minLength(1)),
      severity: z.enum(['info', 'warning', 'critical']),
      fault: z.string().check(z.minLength(1)),
      detectedBy: z.enum(['error', 'anomaly']),
      /** The runbook actions the triage engine will take, in order. */
      actions: z.array(z.string()),
    }),
});
