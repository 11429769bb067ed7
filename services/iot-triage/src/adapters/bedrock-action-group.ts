/**
 * The Bedrock agent's action groups, with the seed's function names, parameters and response shape
 * (reference/iot-triage-contact-center/bedrock-agent.definition.json and the example event in
 * simulator-mqtt-messages.examples.json). `log_ticket`, `call_operator` and `clear_fault` go through
 * `TriageEngine.agentAction` — the runbook's policy check — and act only on an existing unresolved incident;
 * `fetch_ticket_data` and `fetch_telemetry_data` read.
 */
import * as z from 'zod';
import type { DeviceRepository, TicketReader } from '../domain/ports.ts';
import type { AgentActionOutcome } from '../application/action-executor.ts';

/** What the action groups use: the engine's policy-checked actions, and read access to tickets and devices. */
export interface ActionGroupDependencies {
  engine: { agentAction(request: { deviceId: string; code: string; action: string }): Promise<AgentActionOutcome> };
  tickets: TicketReader;
  devices: DeviceRepository;
}

export const actionGroupEventSchema = z.object({
  messageVersion: z.string(),
  actionGroup: z.string(),
  function: z.string(),
  parameters: z.array(z.object({ name: z.string(), type: z.string().optional(), value: z.string() })).default([]),
  sessionId: z.string().optional(),
  sessionAttributes: z.record(z.string(), z.string()).optional(),
  promptSessionAttributes: z.record(z.string(), z.string()).optional(),
});
export type ActionGroupEvent = z.infer<typeof actionGroupEventSchema>;

export interface ActionGroupResponse {
  messageVersion: '1.0';
  response: {
    actionGroup: string;
    function: string;
    functionResponse: { responseState?: 'FAILURE' | 'REPROMPT'; responseBody: { TEXT: { body: string } } };
  };
  sessionAttributes?: Record<string, string>;
  promptSessionAttributes?: Record<string, string>;
}

function respond(event: Pick<ActionGroupEvent, 'actionGroup' | 'function'>, body: string, state?: 'FAILURE' | 'REPROMPT'): ActionGroupResponse {
  return {
    messageVersion: '1.0',
    response: {
      actionGroup: event.actionGroup,
      function: event.function,
      functionResponse: { ...(state ? { responseState: state } : {}), responseBody: { TEXT: { body } } },
    },
  };
}

const MUTATING = new Set(['log_ticket', 'call_operator', 'clear_fault']);

export async function handleActionGroupEvent(service: ActionGroupDependencies, input: unknown): Promise<ActionGroupResponse> {
  const parsed = actionGroupEventSchema.safeParse(input);
  if (!parsed.success) {
    const raw = (input ?? {}) as { actionGroup?: unknown; function?: unknown };
    return respond(
      { actionGroup: String(raw.actionGroup ?? 'unknown'), function: String(raw.function ?? 'unknown') },
      'The request was not understood.',
      'FAILURE',
    );
  }
  const event = parsed.data;
  const param = (name: string) => event.parameters.find((p) => p.name === name)?.value?.trim();
  const deviceId = param('device_id');
  if (!deviceId) return respond(event, 'device_id is required.', 'REPROMPT');

  if (MUTATING.has(event.function)) {
    const code = param('error_code');
    if (!code) return respond(event, 'error_code is required.', 'REPROMPT');
    const outcome = await service.engine.agentAction({ deviceId, code, action: event.function });
    const text =
      outcome.status === 'done'
        ? `The function ${event.function} was called successfully! ${outcome.message}.`
        : outcome.status === 'already-done'
          ? `No action needed: ${outcome.message}.`
          : `The function ${event.function} was not executed: ${outcome.message}.`;
    return respond(event, text, outcome.status === 'denied' || outcome.status === 'no-incident' ? 'FAILURE' : undefined);
  }

  if (event.function === 'fetch_ticket_data') {
    const ticketId = param('unique_id');
    const ticket = ticketId ? await service.tickets.get(ticketId) : undefined;
    if (ticket && ticket.deviceId === deviceId) return respond(event, JSON.stringify(ticket));
    const recent = await service.tickets.listForDevice(deviceId, 5);
    return respond(event, recent.length ? JSON.stringify(recent) : `No ticket found for ${deviceId}.`);
  }

  if (event.function === 'fetch_telemetry_data') {
    const device = await service.devices.get(deviceId);
    if (!device) return respond(event, `No device ${deviceId}.`, 'FAILURE');
    return respond(event, JSON.stringify({ device_id: deviceId, last_seen_at: device.lastSeenAt ?? null, telemetry: device.lastTelemetry ?? null }));
  }

  return respond(event, `Unknown function ${event.function}.`, 'FAILURE');
}
