/** The ticket e-mail, plain text (no HTML: nothing from a device can become markup). */
import type { Ticket } from '../domain/ports.ts';

export function renderTicketEmail(ticket: Ticket): { subject: string; text: string } {
  return {
    subject: `[${ticket.severity}] ${ticket.code} ${ticket.fault} on ${ticket.deviceId} — ticket ${ticket.ticketId}`,
    text: [
      `Ticket: ${ticket.ticketId}`,
      `Device: ${ticket.deviceId}`,
      `Site: ${ticket.site}`,
      `Code: ${ticket.code} (${ticket.fault}), severity ${ticket.severity}`,
      `Occurred: ${ticket.occurredAt}`,
      ...(ticket.anomalyStart ? [`Anomaly since: ${ticket.anomalyStart}`] : []),
      '',
      `Troubleshooting steps: ${ticket.troubleshootingSteps || '(none in the runbook)'}`,
    ].join('\n'),
  };
}
