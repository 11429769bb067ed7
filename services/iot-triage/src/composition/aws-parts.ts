/**
 * Building blocks of the per-handler compositions: each builds only the adapters its Lambda uses, so a bundle
 * carries only the SDK clients it calls. Ports a function never reaches are `unwired` — using one is a wiring bug
 * and fails loudly instead of quietly doing nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { createLogger, createMetrics } from '@switchboard/shared/logging';
import { DynamoIncidentRepository } from '../adapters/aws/dynamodb-incidents.ts';
import { DynamoDeviceRepository } from '../adapters/aws/dynamodb-devices.ts';
import { TriageEngine, type TriageDependencies } from '../application/triage-engine.ts';
import { contactGuard } from '../domain/contact-guard.ts';
import { allowedCountries, triageSettings, type HandlerEnv } from '../config.ts';

export const logger = createLogger({ service: 'iot-triage' });
export const metrics = createMetrics({ service: 'iot-triage' });

export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

/** A port this function never uses. */
export function unwired<T extends object>(port: string): T {
  return new Proxy({} as T, {
    get: (_target, member) => {
      if (member === 'then') return undefined; // not a thenable
      return () => Promise.reject(new Error(`${port}.${String(member)} is not wired in this function`));
    },
  });
}

type CoreEnv = HandlerEnv<'callout-completed'>;

/** The engine over this function's adapters: incidents, devices and the bus always; the rest as given. */
export function triageEngine(
  env: CoreEnv & { TICKET_EMAILS?: readonly string[] },
  documents: DynamoDBDocumentClient,
  parts: Partial<Pick<TriageDependencies, 'runbook' | 'tickets' | 'mailer' | 'commander' | 'agent'>> = {},
): { engine: TriageEngine; incidents: DynamoIncidentRepository; devices: DynamoDeviceRepository } {
  const incidents = new DynamoIncidentRepository(documents, env.INCIDENTS_TABLE);
  const devices = new DynamoDeviceRepository(documents, env.DEVICES_TABLE);
  const engine = new TriageEngine({
    runbook: parts.runbook ?? (() => Promise.reject(new Error('the runbook is not wired in this function'))),
    incidents,
    devices,
    tickets: parts.tickets ?? unwired('tickets'),
    mailer: parts.mailer ?? unwired('mailer'),
    commander: parts.commander ?? unwired('commander'),
    agent: parts.agent ?? unwired('agent'),
    events: new EventBridgeBus({ busName: env.EVENT_BUS_NAME }),
    clock: () => new Date(),
    newId: () => crypto.randomUUID(),
    checkContact: contactGuard(allowedCountries(env)),
    settings: triageSettings(env),
  });
  return { engine, incidents, devices };
}
