import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/** iot-triage: a person took an incident — the called site operator acknowledged it, or someone did through the API. */
export const IncidentAcknowledged = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentAcknowledged',
  version: '1.0',
  schema: () =>
    z.object({
      incidentId: z.string().check(z.minLength(1)),
      deviceId: z.string().check(z.minLength(1)),
      code: z.string().check(z.minLength(1)),
      /** `callout`: the operator answered the call; `api`: acknowledged through the API. */
      via: z.enum(['callout', 'api']),
      /** Which call-out attempt was acknowledged (1 = the first contact). */
      attempt: z.optional(z.int().check(z.positive())),
    }),
});
