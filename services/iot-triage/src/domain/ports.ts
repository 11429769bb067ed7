/**
 * The ports the triage engine needs. Adapters implement them with DynamoDB, SES, IoT Data and EventBridge in AWS,
 * and with dynalite, the aedes broker and the in-process bus on the local stage.
 */
import type * as z from 'zod';
import type { EnvelopeOptions, EventContract } from '@switchboard/shared/contracts';
import type { Incident, IncidentPhase, IncidentStatus } from './incident.ts';
import type { DeviceCommand, TelemetryMessage } from './messages.ts';
import type { DetectorState } from './detectors.ts';
import type { Runbook, RunbookEntry } from './runbook.ts';
import type { TelemetrySample } from './telemetry-history.ts';

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export interface IncidentRepository {
  /** The most recent incident of a device and code, whatever its status. */
  latestFor(deviceId: string, code: string): Promise<Incident | undefined>;
  /** Creates the incident unless an unresolved one exists for its device and code (then returns false). */
  create(incident: Incident): Promise<boolean>;
  /** Saves when the stored version is `incident.version - 1`; else throws ConcurrentUpdateError. */
  save(incident: Incident): Promise<void>;
  get(incidentId: string): Promise<Incident | undefined>;
  list(query: { deviceId?: string; status?: IncidentStatus; limit?: number }): Promise<Incident[]>;
  /** The device's unresolved incidents (open or acknowledged). */
  active(deviceId: string): Promise<Incident[]>;
  /** Incidents in `phase` whose `dueAt` ≤ `now`. */
  due(phase: IncidentPhase, now: string): Promise<Incident[]>;
}

export interface SiteContact {
  name: string;
  /** E.164. */
  phoneNumber: string;
}

/** The device's site record (the seed's device-data table, with an ordered list of contacts for escalation). */
export interface DeviceRecord {
  deviceId: string;
  siteOwner: string;
  address: { street: string; city: string; state: string; zip: string; country: string };
  contacts: SiteContact[];
  /** Where ticket e-mails go (falls back to the service's default recipients). */
  ticketEmails?: string[];
  /**
   * The device is the simulator's own (seeded for the local stage or a dev stack), not a real unit: only these are
   * driven by the simulator, which never connects as a registered real device (that would disconnect it).
   */
  simulated?: boolean;
  lastTelemetry?: TelemetryMessage;
  lastSeenAt?: string;
  detector?: DetectorState;
  /** Newest `received_at` seen by the detectors (older readings of a late batch are skipped). */
  lastReceivedAt?: number;
  /** The recent readings, oldest first, at most HISTORY_SAMPLES (domain/telemetry-history.ts). */
  history?: TelemetrySample[];
}

export interface DeviceRepository {
  get(deviceId: string): Promise<DeviceRecord | undefined>;
  list(): Promise<DeviceRecord[]>;
  put(record: DeviceRecord): Promise<void>;
  /** Creates or replaces the site record (owner, address, contacts, e-mails) without touching telemetry state. */
  saveSite(record: Pick<DeviceRecord, 'deviceId' | 'siteOwner' | 'address' | 'contacts' | 'ticketEmails'>): Promise<void>;
  /** Saves what the telemetry path owns (last reading, detector state) without touching the site record. */
  saveTelemetryState(
    deviceId: string,
    update: Pick<DeviceRecord, 'lastTelemetry' | 'lastSeenAt' | 'detector' | 'lastReceivedAt' | 'history'>,
  ): Promise<void>;
}

export interface Ticket {
  /** The seed's `unique_id`; one ticket per incident, so it is the incident id. */
  ticketId: string;
  deviceId: string;
  code: string;
  fault: string;
  severity: string;
  troubleshootingSteps: string;
  createdAt: string;
  /** The fault's own time (device timestamp or the detector's first breach). */
  occurredAt: string;
  anomalyStart?: string;
  anomalyEnd?: string;
  site: string;
}

export interface TicketStore {
  /** Idempotent: returns false when the ticket already exists. */
  create(ticket: Ticket): Promise<boolean>;
  get(ticketId: string): Promise<Ticket | undefined>;
  /** Records when an anomaly ended (the seed's `anomaly_end`); a missing ticket is left alone. */
  setAnomalyEnd(ticketId: string, end: string): Promise<void>;
}

export interface TicketMailer {
  send(ticket: Ticket, recipients: readonly string[]): Promise<void>;
}

export interface DeviceCommander {
  send(deviceId: string, command: DeviceCommand): Promise<void>;
}

/** The EventBus port of the shared kit, narrowed to what the engine uses. */
export interface EventPublisher {
  publish<S extends z.core.$ZodType>(contract: EventContract<S>, data: z.input<S>, options: EnvelopeOptions): Promise<unknown>;
}

/** Asks the agent to triage what the runbook does not cover; the agent acts only through `TriageEngine.agentAction`. */
export interface TriageAgent {
  triage(request: AgentTriageRequest): Promise<{ summary: string }>;
}

/** Everything the agent is told about an incident — data fields, never instructions. */
export interface AgentTriageRequest {
  incidentId: string;
  deviceId: string;
  code: string;
  detectedBy: 'error' | 'anomaly';
  occurredAt: string;
  context: Record<string, string | number>;
}

/** Keeps the agent's knowledge base in step with the runbook after an edit through the API. */
export interface KnowledgeSync {
  /** The runbook in the guide's text format (renderTroubleshootingGuide). */
  publishGuide(guideText: string): Promise<void>;
  /** The knowledge documents and where their indexing stands (the console's knowledge page). */
  status?(): Promise<KnowledgeStatus>;
}

export interface KnowledgeStatus {
  /** The last ingestion (Bedrock: the data source's newest job; locally: the stand-in's re-index). */
  ingestion: { status: string; jobId?: string; startedAt?: string; updatedAt?: string };
  documents: Array<{ name: string; chunks?: number; indexedAt?: string }>;
}

/** The runbook's store (DynamoDB; seeded from the shipped guide). */
export interface RunbookStore {
  load(): Promise<Runbook>;
  put(entry: RunbookEntry): Promise<void>;
  delete(code: string): Promise<boolean>;
}

export interface TicketReader extends TicketStore {
  listForDevice(deviceId: string, limit?: number): Promise<Ticket[]>;
}
