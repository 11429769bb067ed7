/**
 * Incidents as the console shows them: the timeline built from the incident's record (signal → detection → each
 * runbook action and call attempt → acknowledgement → recovery), where the escalation stands ("calling contact 2
 * of 3"), and the status/severity badges. Pure, so the unit tests cover it.
 */
import type { components } from '../api/generated/iot-triage.ts';

export type Incident = components['schemas']['Incident'];
export type IncidentStatus = Incident['status'];
export type Severity = Incident['severity'];

export type TimelineKind =
  | 'signal'
  | 'detection'
  | 'ticket'
  | 'command'
  | 'call'
  | 'call-failed'
  | 'escalation'
  | 'acknowledgement'
  | 'recovery'
  | 'resolution'
  | 'reopen'
  | 'agent'
  | 'other';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  title: string;
  detail?: string;
  /** How it went, for a status indicator. */
  status: 'success' | 'error' | 'warning' | 'info' | 'in-progress' | 'stopped';
  by?: string;
}

const actionTitles: Record<string, string> = {
  log_ticket: 'Ticket logged',
  clear_fault: 'Clear-fault command sent',
  call_operator: 'Operator call placed',
  agent: 'Agent triage',
  correlate: 'Same cause reported again',
  cancel_callout: 'Call-out cancelled',
};

const resolutionTitles: Record<string, string> = {
  recovered: 'Recovered (telemetry)',
  resolvedByOperator: 'Resolved by the operator',
  resolvedViaApi: 'Resolved',
  correlated: 'Closed: same cause as another incident',
};

function signalEntry(incident: Incident): TimelineEntry {
  const context = incident.context;
  if (incident.detectedBy === 'error') {
    const stamp = typeof context.deviceTimestamp === 'number' ? new Date(context.deviceTimestamp * 1000).toISOString() : incident.openedAt;
    return {
      at: stamp,
      kind: 'signal',
      title: `Device reported error ${incident.code}`,
      detail: `${incident.deviceId}: ${incident.fault}`,
      status: 'error',
      by: 'device',
    };
  }
  const reading =
    context.metric !== undefined ? `${String(context.metric)} = ${String(context.value)} (reference ${String(context.reference)})` : undefined;
  return {
    at: incident.openedAt,
    kind: 'signal',
    title: `Anomaly detected: ${incident.code}`,
    ...(reading ? { detail: reading } : {}),
    status: 'warning',
    by: 'detector',
  };
}

function logEntry(record: Incident['log'][number], incident: Incident): TimelineEntry {
  const base = { at: record.at, by: record.requestedBy, ...(record.detail ? { detail: record.detail } : {}) };
  if (record.outcome === 'started')
    return { ...base, kind: 'other', title: `${actionTitles[record.action] ?? record.action} (in progress)`, status: 'in-progress' };
  if (record.outcome === 'denied')
    return { ...base, kind: 'other', title: `${actionTitles[record.action] ?? record.action} refused by the policy`, status: 'stopped' };
  switch (record.action) {
    case 'log_ticket':
      return { ...base, kind: 'ticket', title: actionTitles.log_ticket!, status: record.outcome === 'done' ? 'success' : 'error' };
    case 'clear_fault':
      return { ...base, kind: 'command', title: actionTitles.clear_fault!, status: record.outcome === 'done' ? 'success' : 'error' };
    case 'call_operator': {
      if (record.outcome === 'skipped') return { ...base, kind: 'call-failed', title: 'No call could be placed', status: 'error' };
      const contact = /contact (\d+)/.exec(record.detail ?? '')?.[1];
      return { ...base, kind: 'call', title: contact ? `Calling contact ${contact}` : actionTitles.call_operator!, status: 'info' };
    }
    case 'escalate': {
      const contact = /contact (\d+)/.exec(record.detail ?? '')?.[1];
      if (record.outcome === 'failed')
        return { ...base, kind: 'call-failed', title: contact ? `Contact ${contact} not reached` : 'Call not answered', status: 'error' };
      if (record.outcome === 'skipped') return { ...base, kind: 'escalation', title: 'Nobody reached: every contact tried', status: 'error' };
      return { ...base, kind: 'escalation', title: contact ? `Escalated: calling contact ${contact}` : 'Escalated', status: 'warning' };
    }
    case 'acknowledge': {
      const contact = /contact (\d+)/.exec(record.detail ?? '')?.[1];
      const title =
        record.requestedBy === 'callout' ? `Acknowledged on the call${contact ? ` by contact ${contact}` : ''}` : 'Acknowledged in the console';
      return { ...base, kind: 'acknowledgement', title, status: 'success' };
    }
    case 'resolve':
      return {
        ...base,
        kind: incident.resolution === 'recovered' ? 'recovery' : 'resolution',
        title: (incident.resolution && resolutionTitles[incident.resolution]) ?? 'Resolved',
        status: 'success',
      };
    case 'reopen':
      return { ...base, kind: 'reopen', title: 'Reopened', status: 'warning' };
    case 'agent':
      return { ...base, kind: 'agent', title: actionTitles.agent!, status: 'info' };
    case 'cancel_callout':
      return { ...base, kind: 'call', title: actionTitles.cancel_callout!, status: 'stopped' };
    default:
      return { ...base, kind: 'other', title: actionTitles[record.action] ?? record.action, status: record.outcome === 'done' ? 'success' : 'info' };
  }
}

/** The incident's story in time order; entries at the same instant keep the order the service logged them. */
export function buildTimeline(incident: Incident): TimelineEntry[] {
  const detection: TimelineEntry = {
    at: incident.openedAt,
    kind: 'detection',
    title: `Incident opened: ${incident.severity} ${incident.fault}`,
    detail:
      incident.actions.length > 0
        ? `Runbook ${incident.code}: ${incident.actions.join(', ')}`
        : `No runbook entry for ${incident.code}: triaged by the agent`,
    status: incident.severity === 'critical' ? 'error' : incident.severity === 'warning' ? 'warning' : 'info',
    by: incident.triagedBy,
  };
  const entries = [signalEntry(incident), detection, ...incident.log.map((record) => logEntry(record, incident))];
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Where the calls stand, in words: "Calling contact 2 of 3", "Acknowledged by contact 1", "Nobody reached". */
export function escalationState(incident: Incident, contacts: number | undefined): string {
  const escalation = incident.escalation;
  const of = contacts !== undefined ? ` of ${contacts}` : '';
  if (!escalation)
    return incident.actions.includes('call_operator') ? 'No call placed yet' : 'No call (the runbook does not call anyone for this code)';
  if (escalation.acknowledged) return `Acknowledged by contact ${escalation.attempt}${of}`;
  if (incident.status === 'unreached' || escalation.exhausted) return `Nobody reached: ${escalation.failures.length}${of} contacts tried`;
  if (incident.status === 'acknowledged')
    return `Acknowledged in the console; calls stopped (contact ${escalation.attempt}${of} was the last called)`;
  if (incident.status === 'resolved') return `Calls stopped: resolved (contact ${escalation.attempt}${of} was the last called)`;
  return `Calling contact ${escalation.attempt}${of}`;
}

export const severityOrder: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function statusIndicator(status: IncidentStatus): { type: 'error' | 'warning' | 'success' | 'info' | 'pending'; label: string } {
  switch (status) {
    case 'open':
      return { type: 'error', label: 'Open' };
    case 'acknowledged':
      return { type: 'info', label: 'Acknowledged' };
    case 'unreached':
      return { type: 'warning', label: 'Unreached' };
    case 'resolved':
      return { type: 'success', label: 'Resolved' };
  }
}

export function severityIndicator(severity: Severity): { type: 'error' | 'warning' | 'info'; label: string } {
  return severity === 'critical'
    ? { type: 'error', label: 'Critical' }
    : severity === 'warning'
      ? { type: 'warning', label: 'Warning' }
      : { type: 'info', label: 'Info' };
}
