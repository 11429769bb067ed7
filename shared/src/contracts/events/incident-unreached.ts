import * as z from '../../zod-mini/index.ts';
import { defineEvent } from '../define-event.ts';

/**
 * iot-triage: every contact of the device's site was tried and nobody acknowledged the incident — each attempt
 * ended unanswered, on the do-not-call list, refused by the toll-fraud guard, or the site has no contact at all.
 * The incident stays unresolved (status `unreached`) until a person takes it through the API or the device recovers.
 */
export const IncidentUnreached = defineEvent({
  source: 'switchboard.iot-triage',
  detailType: 'IncidentUnreached',
  version: '1.0',
  schema: () =>
    z.object({
      incidentId: z.string().check(z.minLength(1)),
      deviceId: z.string().check(z.minLength(1)),
      code: z.string().check(z.minLength(1)),
      severity: z.enum(['info', 'warning', 'critical']),
      /** Why nobody is left, e.g. "all 2 contacts tried, nobody reached" or "the site record has no contact". */
      reason: z.string().check(z.minLength(1), z.maxLength(500)),
      /** Each attempt that reached nobody, with its reason. */
      attempts: z.array(z.object({ attempt: z.int().check(z.positive()), reason: z.string().check(z.maxLength(500)) })),
      unreachedAt: z.iso.datetime({ offset: true }),
    }),
});
