/**
 * A real DynamoDB (dynalite on a free loopback port), the service's real tables and repositories, the shared
 * in-process bus, and recording stand-ins for the two outbound effects with no local service (SES, IoT publish).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '@switchboard/shared/dynamo';
import { LocalBus } from '@switchboard/shared/bus';
import type { BusEvent } from '@switchboard/shared/bus';
import type { EventContract } from '@switchboard/shared/contracts';
import { iotTriageTables, devicesTable, incidentsTable, runbookTable, ticketsTable } from '../../src/adapters/tables.ts';
import { DynamoIncidentRepository } from '../../src/adapters/aws/dynamodb-incidents.ts';
import { DynamoDeviceRepository } from '../../src/adapters/aws/dynamodb-devices.ts';
import { DynamoTicketStore } from '../../src/adapters/aws/dynamodb-tickets.ts';
import { DynamoRunbookStore } from '../../src/adapters/aws/dynamodb-runbook.ts';
import { parseTroubleshootingGuide } from '../../src/domain/runbook.ts';
import { TriageEngine, type TriageSettings } from '../../src/application/triage-engine.ts';
import type { DeviceCommand } from '../../src/domain/messages.ts';
import type { DeviceCommander, Ticket, TicketMailer, TriageAgent } from '../../src/domain/ports.ts';
import type { ContactCheck } from '../../src/domain/triage-decisions.ts';
import { seedDevices } from '../../src/domain/device-seed.ts';
import { defaultDetectionRules } from '../../src/domain/detectors.ts';
import type { IntakeDependencies } from '../../src/application/intake.ts';

export async function startDynamo() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    documents,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export class RecordingMailer implements TicketMailer {
  readonly sent: Array<{ ticket: Ticket; recipients: readonly string[] }> = [];
  async send(ticket: Ticket, recipients: readonly string[]) {
    this.sent.push({ ticket, recipients });
  }
}

export class RecordingCommander implements DeviceCommander {
  readonly sent: Array<{ deviceId: string; command: DeviceCommand }> = [];
  async send(deviceId: string, command: DeviceCommand) {
    this.sent.push({ deviceId, command });
  }
}

export class FakeClock {
  constructor(public current = new Date('2026-03-04T13:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const guideText = () => readFileSync(new URL('../fixtures/samples/Troubleshooting_Guide.txt', import.meta.url), 'utf8');
export const seedItems = () =>
  (JSON.parse(readFileSync(new URL('../fixtures/samples/device-data.seed-items.json', import.meta.url), 'utf8')) as { Items: unknown[] }).Items;

let tableCounter = 0;

/** A fresh set of tables (unique names) on the shared dynalite, seeded with the guide and the seed's devices. */
export async function createHarness(
  dynamo: Awaited<ReturnType<typeof startDynamo>>,
  options: {
    agent?: TriageAgent;
    settings?: Partial<TriageSettings>;
    backupContact?: boolean;
    commander?: DeviceCommander;
    checkContact?: ContactCheck;
  } = {},
) {
  const prefix = `t${++tableCounter}-${process.pid}`;
  const name = (def: { name: string }) => `${prefix}-${def.name}`;
  await ensureTables(dynamo.client, iotTriageTables, name);
  const incidents = new DynamoIncidentRepository(dynamo.documents, name(incidentsTable));
  const devices = new DynamoDeviceRepository(dynamo.documents, name(devicesTable));
  const tickets = new DynamoTicketStore(dynamo.documents, name(ticketsTable));
  const runbookStore = new DynamoRunbookStore(dynamo.documents, name(runbookTable), 0);
  await runbookStore.seed(parseTroubleshootingGuide(guideText()));
  for (const device of seedDevices(
    seedItems(),
    options.backupContact === false ? {} : { backupContact: { name: 'Site backup', phoneNumber: '+14155550199' } },
  )) {
    await devices.put({ ...device, ticketEmails: ['ops@example.com'] });
  }
  const bus = new LocalBus({ retryDelayMs: 1 });
  const clock = new FakeClock();
  const mailer = new RecordingMailer();
  const commander = new RecordingCommander();
  let counter = 0;
  const agent: TriageAgent = options.agent ?? { triage: async () => ({ summary: 'no agent in this test' }) };
  const engine = new TriageEngine({
    runbook: () => runbookStore.load(),
    incidents,
    devices,
    tickets,
    mailer,
    commander: options.commander ?? commander,
    events: bus,
    agent,
    ...(options.checkContact ? { checkContact: options.checkContact } : {}),
    clock: clock.now,
    newId: () => `${prefix}-${++counter}`,
    settings: { ackTimeoutMs: 300_000, recoveryTimeoutMs: 600_000, recoveryReadings: 3, flapWindowMs: 1_800_000, ...options.settings },
  });
  const intake: IntakeDependencies = { engine, devices, rules: async () => defaultDetectionRules };
  const published = (contract: EventContract) =>
    bus.history
      .filter((e: BusEvent) => e.source === contract.source && e['detail-type'] === contract.detailType)
      .map((e) => (e.detail as { data: any }).data);
  return { engine, intake, incidents, devices, tickets, runbookStore, bus, clock, mailer, commander, published };
}

/** A telemetry reading in the seed's shape, healthy unless overridden. */
export function reading(overrides: Record<string, unknown> = {}) {
  return {
    indoor_temperature_c: 24,
    outdoor_temperature_c: 31,
    setpoint_temperature_c: 24,
    mode: 'cool',
    indoor_humidity_percent: 52,
    outdoor_humidity_percent: 71,
    power_consumption_watts: 880,
    compressor_status: 'On',
    fan_speed_rpm: 1240,
    refrigerant_pressure_psi: 212,
    error_code: 'None',
    filter_status: 'Clean',
    runtime_hours: 3,
    ...overrides,
  };
}
