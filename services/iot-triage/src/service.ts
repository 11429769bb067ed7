/**
 * The service's composition, the same in Lambda and on the local stage: given the adapters, build the engine and
 * the intake. Only the adapters differ between the two.
 */
import type { DetectionRule } from './domain/detectors.ts';
import type { OperatorAssistant } from './domain/assistant.ts';
import type { IntakeDependencies } from './application/intake.ts';
import type {
  DeviceCommander,
  DeviceRepository,
  EventPublisher,
  IncidentRepository,
  KnowledgeSync,
  Ticket,
  TicketMailer,
  TicketStore,
  TriageAgent,
} from './domain/ports.ts';
import type { Runbook, RunbookEntry } from './domain/runbook.ts';
import { TriageEngine, type TriageSettings } from './application/triage-engine.ts';

export interface RunbookStore {
  load(): Promise<Runbook>;
  put(entry: RunbookEntry): Promise<void>;
  delete(code: string): Promise<boolean>;
}

export interface TicketReader extends TicketStore {
  listForDevice(deviceId: string, limit?: number): Promise<Ticket[]>;
}

export interface ServiceParts {
  stage: string;
  incidents: IncidentRepository;
  devices: DeviceRepository;
  tickets: TicketReader;
  runbook: RunbookStore;
  mailer: TicketMailer;
  commander: DeviceCommander;
  events: EventPublisher;
  agent: TriageAgent;
  assistant: OperatorAssistant;
  /** Re-indexes the guide after a runbook edit (absent: the knowledge base keeps the shipped guide). */
  knowledge?: KnowledgeSync;
  detectionRules: readonly DetectionRule[];
  settings: Partial<TriageSettings>;
  /** Fault injection through the API (never on prod). */
  allowFaultInjection: boolean;
  clock?: () => Date;
  newId?: () => string;
}

export interface IotTriageService extends ServiceParts {
  engine: TriageEngine;
  intake: IntakeDependencies;
}

export function createIotTriageService(parts: ServiceParts): IotTriageService {
  const engine = new TriageEngine({
    runbook: () => parts.runbook.load(),
    incidents: parts.incidents,
    devices: parts.devices,
    tickets: parts.tickets,
    mailer: parts.mailer,
    commander: parts.commander,
    events: parts.events,
    agent: parts.agent,
    clock: parts.clock ?? (() => new Date()),
    newId: parts.newId ?? (() => crypto.randomUUID()),
    settings: parts.settings,
  });
  const rules = parts.detectionRules;
  return { ...parts, engine, intake: { engine, devices: parts.devices, rules: async () => rules } };
}
