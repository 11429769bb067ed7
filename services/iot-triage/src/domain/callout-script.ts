/**
 * The call placed to a site contact for an incident, as a named template. Device data never goes inside the
 * template text: it travels as receiver attributes, which callouts renders into these fixed templates and
 * SSML-escapes. Pure: the request is built from the incident, the site record and the attempt.
 */
import type { CalloutRequested, EventData } from '@switchboard/shared/contracts';
import type { Incident } from './incident.ts';
import type { DeviceRecord, SiteContact } from './ports.ts';
import { formatSteps } from './runbook.ts';

export interface CalloutScript {
  /** Stable name, shown in logs and documentation. */
  name: string;
  greeting: string;
  /** One OK question: the contact's acknowledgement. */
  acknowledgement: string;
  ending: string;
}

/** The operator call-out: who is calling, what is wrong where, what to check, and press 1 to take it. */
export const operatorAcknowledgementScript: CalloutScript = Object.freeze({
  name: 'iot-triage/operator-acknowledgement',
  greeting:
    'Hello {{ contactName }}. This is the Switchboard device triage line. Device {{ deviceId }} at {{ site }} reports fault {{ code }}, {{ fault }}. Troubleshooting steps: {{ steps }}.',
  acknowledgement: 'Please say OK or press 1 to acknowledge incident {{ incidentShort }}.',
  ending: 'Thank you. The incident is now assigned to you. Goodbye.',
});

/** Request ids are `<incident>-call-<attempt>`: a resend of the same attempt never calls twice. */
export const calloutRequestId = (incidentId: string, attempt: number) => `${incidentId}-call-${attempt}`;

export function buildOperatorCallout(
  incident: Incident,
  device: Pick<DeviceRecord, 'address'>,
  contact: SiteContact,
  attempt: number,
  script: CalloutScript = operatorAcknowledgementScript,
): EventData<typeof CalloutRequested> {
  const requestId = calloutRequestId(incident.incidentId, attempt);
  return {
    requestId,
    purpose: 'operational',
    requestedBy: 'iot-triage',
    // An incident call is an escalation: callouts exempts urgent receivers from campaign attempt limits.
    priority: 'urgent',
    greeting: script.greeting,
    questions: [{ type: 'OK', template: script.acknowledgement }],
    ending: script.ending,
    receivers: [
      {
        receiverId: `${incident.incidentId}-contact-${attempt}`,
        phoneNumber: contact.phoneNumber,
        attributes: {
          contactName: contact.name,
          deviceId: incident.deviceId,
          site: `${device.address.street}, ${device.address.city}`,
          code: incident.code,
          fault: incident.fault.replaceAll('_', ' '),
          steps: formatSteps(incident.steps.length ? incident.steps : ['See the ticket']),
          incidentShort: incident.incidentId.slice(-6),
        },
      },
    ],
    callbackContext: { incidentId: incident.incidentId, attempt: String(attempt) },
  };
}
