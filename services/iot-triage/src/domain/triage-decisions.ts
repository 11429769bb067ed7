/**
 * What the triage does, decided without I/O: each decision returns the effect to carry out (a ticket to store and
 * mail, a command to publish, a call to request, a callout to cancel), and the application's use cases carry the
 * effects out through the ports and record the outcome on the incident.
 */
import type { CalloutCancellationRequested, CalloutCompleted, CalloutRequested, EventData } from '@switchboard/shared/contracts';
import { buildOperatorCallout, type CalloutScript, operatorAcknowledgementScript } from './callout-script.ts';
import type { Incident } from './incident.ts';
import type { DeviceCommand, TelemetryMessage } from './messages.ts';
import { authorizeAction, type ActionPolicy } from './policy.ts';
import type { DeviceRecord, SiteContact, Ticket } from './ports.ts';
import { formatSteps, type Runbook, type RunbookAction } from './runbook.ts';

// ── a new signal ────────────────────────────────────────────────────────────────────────────────────────────

export type FaultDecision = { kind: 'repeat' } | { kind: 'reopen-flapping' } | { kind: 'open' };

/** `latest`: the newest incident of this device and code, whatever its status. */
export function decideFault(latest: Incident | undefined, nowMs: number, flapWindowMs: number): FaultDecision {
  if (latest && latest.status !== 'resolved') return { kind: 'repeat' };
  if (latest?.resolvedAt && latest.resolution !== 'correlated' && nowMs - Date.parse(latest.resolvedAt) < flapWindowMs)
    return { kind: 'reopen-flapping' };
  return { kind: 'open' };
}

// ── a runbook action ────────────────────────────────────────────────────────────────────────────────────────

export type ActionEffect =
  | { type: 'deny'; reason: string }
  | { type: 'log-ticket'; ticket: Ticket; recipients: readonly string[] }
  | { type: 'clear-fault'; deviceId: string; command: DeviceCommand }
  /** call_operator starts with the site's first contact. */
  | { type: 'call-contacts'; fromAttempt: 1 };

export function planAction(
  incident: Incident,
  action: RunbookAction,
  device: DeviceRecord,
  runbook: Runbook,
  policy: ActionPolicy,
  defaultTicketEmails: readonly string[],
  now: string,
): ActionEffect {
  const decision = authorizeAction(runbook, policy, incident.code, action);
  if (!decision.allowed) return { type: 'deny', reason: decision.reason };
  switch (action) {
    case 'log_ticket': {
      const occurredAt = String(incident.context.occurredAt ?? incident.openedAt);
      const ticket: Ticket = {
        ticketId: incident.incidentId,
        deviceId: incident.deviceId,
        code: incident.code,
        fault: incident.fault,
        severity: incident.severity,
        troubleshootingSteps: formatSteps(incident.steps),
        createdAt: now,
        occurredAt,
        site: `${device.siteOwner}, ${device.address.street}, ${device.address.city} ${device.address.state}`,
        ...(incident.detectedBy === 'anomaly' ? { anomalyStart: occurredAt } : {}),
      };
      return { type: 'log-ticket', ticket, recipients: device.ticketEmails?.length ? device.ticketEmails : defaultTicketEmails };
    }
    case 'clear_fault':
      return { type: 'clear-fault', deviceId: incident.deviceId, command: { action: 'clear_fault', incident_id: incident.incidentId } };
    case 'call_operator':
      return { type: 'call-contacts', fromAttempt: 1 };
  }
}

// ── calling the site's contacts ─────────────────────────────────────────────────────────────────────────────

/** Checks a contact's number before it is dialled (the shared toll-fraud guard): a reason when it is refused. */
export type ContactCheck = (contact: SiteContact) => string | undefined;

export type CallPlan =
  | { type: 'call'; attempt: number; request: EventData<typeof CalloutRequested> }
  /** This contact cannot be called (refused number): recorded, and the next contact is tried. */
  | { type: 'prevented'; attempt: number; reason: string }
  /** Nobody is left to call. */
  | { type: 'exhausted'; reason: string };

export function planCall(
  incident: Incident,
  device: DeviceRecord,
  attempt: number,
  checkContact: ContactCheck,
  script: CalloutScript = operatorAcknowledgementScript,
): CallPlan {
  const contact = device.contacts[attempt - 1];
  if (!contact) {
    return {
      type: 'exhausted',
      reason: device.contacts.length === 0 ? 'the site record has no contact' : `all ${device.contacts.length} contacts tried, nobody reached`,
    };
  }
  const refused = checkContact(contact);
  if (refused) return { type: 'prevented', attempt, reason: `number refused: ${refused}` };
  return { type: 'call', attempt, request: buildOperatorCallout(incident, device, contact, attempt, script) };
}

// ── the callouts service's answer ───────────────────────────────────────────────────────────────────────────

export type CalloutResultDecision =
  | { kind: 'ignore' }
  | { kind: 'acknowledged'; attempt: number }
  /** The current attempt ended without an acknowledgement: record why, call the next contact. */
  | { kind: 'not-reached'; attempt: number; reason: string };

const STATUS_REASON: Record<EventData<typeof CalloutCompleted>['status'], string> = {
  Completed: 'the call was answered but not acknowledged',
  PartiallyCompleted: 'the call ended before the acknowledgement',
  NoAnswer: 'no answer',
  Busy: 'busy',
  Failed: 'the call failed',
  NotCallable: 'the number cannot be called',
  SkippedDoNotCall: 'the number is on the do-not-call list',
  SkippedOutsideWindow: 'outside the calling window',
  // CalloutCompleted 1.2. When iot-triage cancelled the call itself the incident has moved on and this is ignored
  // below; a callout cancelled by someone else (the callouts API) left the contact unreached.
  Cancelled: 'the call-out was cancelled before the contact was called',
};

export function decideCalloutResult(incident: Incident, data: EventData<typeof CalloutCompleted>, attempt: number): CalloutResultDecision {
  if (incident.status === 'resolved') return { kind: 'ignore' };
  const acknowledged = data.status === 'Completed' && data.answers.some((a) => a.type === 'OK' || (a.type === 'Yes/No' && a.answer === 'Yes'));
  if (acknowledged) return incident.status === 'acknowledged' ? { kind: 'ignore' } : { kind: 'acknowledged', attempt };
  // A late result of an earlier attempt changes nothing: the escalation already moved on.
  if (incident.phase !== 'awaiting-ack' || incident.callout?.attempt !== attempt) return { kind: 'ignore' };
  // A status newer than this code (added in a minor contract version) reads as "not reached", never as a crash.
  const reason = `${STATUS_REASON[data.status] ?? 'the call did not reach the contact'} (${data.status}${data.error ? `: ${data.error}` : ''})`;
  return { kind: 'not-reached', attempt, reason };
}

/**
 * The callout still ringing or waiting to redial for this incident, to cancel once someone took the incident or it
 * was resolved (so the next contact is not called). `except`: the attempt that just acknowledged.
 */
export function outstandingCallout(incident: Incident, reason: string, except?: number): EventData<typeof CalloutCancellationRequested> | undefined {
  const callout = incident.callout;
  if (!callout?.requestId || callout.exhausted || incident.phase !== 'awaiting-ack') return undefined;
  if (except !== undefined && callout.attempt === except) return undefined;
  return { requestId: callout.requestId, requestedBy: 'switchboard.iot-triage', reason };
}

// ── telemetry after detection ───────────────────────────────────────────────────────────────────────────────

export type RecoveryDecision =
  | { kind: 'none' }
  | { kind: 'detector-cleared'; detail: string }
  /** Count this reading (healthy or not) toward the device's recovery. */
  | { kind: 'count'; healthy: boolean };

/**
 * Device-reported faults resolve when the device reports healthy again: `recoveryReadings` readings in a row
 * without the code, received after the clear_fault command (or after the incident opened); detector incidents
 * resolve when their detector clears.
 */
export function decideRecovery(
  incident: Incident,
  reading: TelemetryMessage,
  receivedAt: string,
  clearedCodes: ReadonlySet<string>,
): RecoveryDecision {
  if (incident.detectedBy === 'anomaly') {
    return clearedCodes.has(incident.code)
      ? { kind: 'detector-cleared', detail: `detector cleared at ${reading.power_consumption_watts} W` }
      : { kind: 'none' };
  }
  const since = incident.recovery?.commandSentAt ?? incident.openedAt;
  if (Date.parse(receivedAt) <= Date.parse(since)) return { kind: 'none' };
  const healthy = reading.error_code !== incident.code;
  if (!healthy && (incident.recovery?.healthyReadings ?? 0) === 0) return { kind: 'none' }; // still faulty: nothing to record
  return { kind: 'count', healthy };
}
