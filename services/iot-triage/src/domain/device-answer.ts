/**
 * An operator's question about a device, answered in sentences from the device's own data (site, last reading,
 * unresolved incidents, a ticket named in the question) and the runbook entries of the codes involved — each fact
 * with its source. Pure: the application looks the data up.
 */
import type { AgentAnswer } from './assistant.ts';
import type { Incident } from './incident.ts';
import type { DeviceRecord, Ticket } from './ports.ts';
import { formatSteps, type Runbook } from './runbook.ts';
import { thingNameSchema } from './messages.ts';

/** A known device named in the question ("tell me about the device aircon_1"). */
export function mentionedDevice(question: string, knownIds: readonly string[]): string | undefined {
  return knownIds.find((id) => new RegExp(`(^|[^A-Za-z0-9:_-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9:_-])`).test(question));
}

/** A device the question names with the word "device", known or not ("device aircon_9"). */
export function namedDevice(question: string): string | undefined {
  const match = /\bdevice\s+["'`]?([A-Za-z0-9:_-]{1,128})/i.exec(question);
  const name = match?.[1];
  return name && thingNameSchema.safeParse(name).success && /\d|_|-/.test(name) ? name : undefined;
}

export const noSuchDevice = (deviceId: string): AgentAnswer => ({ answer: `There is no device named ${deviceId}.`, sources: [] });

const spaced = (identifier: string) => identifier.replaceAll('_', ' ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface DeviceFacts {
  device: DeviceRecord;
  active: readonly Incident[];
  ticket?: Ticket;
  runbook: Runbook;
  question: string;
}

export function answerAboutDevice({ device, active, ticket, runbook, question }: DeviceFacts): AgentAnswer {
  const sentences: string[] = [];
  const sources = [`devices/${device.deviceId}`];
  const { address } = device;
  sentences.push(
    `${device.deviceId} is at ${address.street}, ${address.city} ${address.state} ${address.zip} (${address.country}), site owner ${device.siteOwner}, with ${plural(device.contacts.length, 'escalation contact')}.`,
  );
  const t = device.lastTelemetry;
  if (t) {
    const at = device.lastSeenAt ? ` at ${device.lastSeenAt}` : '';
    sentences.push(
      `Its last reading${at}: indoor ${t.indoor_temperature_c} °C (setpoint ${t.setpoint_temperature_c} °C), outdoor ${t.outdoor_temperature_c} °C, mode ${spaced(t.mode)}, ` +
        `compressor ${t.compressor_status.toLowerCase()}, ${t.power_consumption_watts} W, refrigerant ${t.refrigerant_pressure_psi} PSI, fan ${t.fan_speed_rpm} RPM, ` +
        `filter ${t.filter_status.toLowerCase()}, ${t.runtime_hours} runtime hours, ${t.error_code === 'None' ? 'no fault code' : `fault code ${t.error_code}`}.`,
    );
  } else {
    sentences.push('It has not reported a reading yet.');
  }
  if (active.length === 0) {
    sentences.push('It has no unresolved incident.');
  } else {
    sentences.push(`It has ${plural(active.length, 'unresolved incident')}:`);
    for (const incident of active) {
      const repeats = incident.repeats ? `, seen ${plural(incident.repeats, 'more time')}` : '';
      sentences.push(
        `${incident.incidentId}, ${incident.code} (${spaced(incident.fault)}), ${incident.severity}, ${incident.status}, opened at ${incident.openedAt}${repeats}.`,
      );
      sources.push(`incidents/${incident.incidentId}`);
    }
  }
  if (ticket && ticket.deviceId === device.deviceId) {
    const window = ticket.anomalyStart
      ? ` The anomaly started at ${ticket.anomalyStart}${ticket.anomalyEnd ? ` and ended at ${ticket.anomalyEnd}` : ' and has not ended'}.`
      : '';
    sentences.push(
      `Ticket ${ticket.ticketId}: ${ticket.code} (${spaced(ticket.fault)}), ${ticket.severity}, occurred at ${ticket.occurredAt}, logged at ${ticket.createdAt}.${window}`,
    );
    sources.push(`tickets/${ticket.ticketId}`);
  }
  // The runbook for every code involved: the incidents' and any the question names.
  const asked = (question.toUpperCase().match(/\b[A-Z][A-Z0-9_]{0,31}\b/g) ?? []).filter((c) => runbook.get(c));
  const codes = [...new Set([...active.map((i) => i.code), ...(ticket ? [ticket.code] : []), ...asked])].filter((c) => runbook.get(c));
  for (const code of codes) {
    const entry = runbook.get(code)!;
    sentences.push(
      `${code} (${spaced(entry.faultType)}): ${entry.internalEffect} Troubleshooting steps: ${formatSteps(entry.steps)}. The runbook's actions: ${entry.actions.map(spaced).join(', ')}.`,
    );
    sources.push(`runbook#${code}`);
  }
  return { answer: sentences.join(' '), sources };
}
