/**
 * The ports the domain talks through. AWS adapters (src/adapters/aws) and local stand-ins (src/adapters/local)
 * implement the same interfaces, so the handlers and the API are the same code in both places.
 */
import type { ForwardOutcome } from './call-counts.ts';
import type { Forward } from './forward.ts';
import type { HistoryEntry } from './history.ts';
import type { ProductSwitch } from './product-switch.ts';

export type ProductType = 'SipMediaApplicationDialIn' | 'VoiceConnector';

/** A phone number as the Chime SDK voice inventory reports it (only the fields this service reads). */
export interface InventoryNumber {
  phoneNumberId: string;
  e164: string;
  productType: ProductType | string;
  /** Assigned, Unassigned, AcquireInProgress, ReleaseInProgress, … */
  status: string;
  /** Voice Connector the number is associated with, if any. */
  voiceConnectorId?: string;
  /** SIP rule (ToPhoneNumber) pointing at the number, if the inventory says so. */
  sipRuleId?: string;
}

export interface SipRule {
  sipRuleId: string;
  name: string;
  disabled: boolean;
  triggerType: 'ToPhoneNumber' | 'RequestUriHostname';
  triggerValue: string;
  sipMediaApplicationId: string;
  awsRegion: string;
}

export interface VoiceConnector {
  voiceConnectorId: string;
  name: string;
  awsRegion?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Chime SDK voice, reduced to the calls this service makes. Every method is one API call. */
export interface PhoneNumberInventory {
  listPhoneNumbers(options: { nextToken?: string; maxResults?: number }): Promise<Page<InventoryNumber>>;
  getPhoneNumber(e164: string): Promise<InventoryNumber | undefined>;
  updateProductType(e164: string, productType: ProductType): Promise<void>;
  listVoiceConnectors(options: { nextToken?: string; maxResults?: number }): Promise<Page<VoiceConnector>>;
  associateWithVoiceConnector(e164: string, voiceConnectorId: string): Promise<void>;
  disassociateFromVoiceConnector(e164: string, voiceConnectorId: string): Promise<void>;
  /** The ToPhoneNumber rules whose trigger is this number. */
  findSipRules(e164: string): Promise<SipRule[]>;
  createSipRule(input: { name: string; e164: string; sipMediaApplicationId: string; awsRegion: string }): Promise<SipRule>;
  setSipRuleDisabled(sipRuleId: string, disabled: boolean): Promise<void>;
  deleteSipRule(sipRuleId: string): Promise<void>;
}

/** The forwards table. */
export interface ForwardStore {
  getForward(e164: string): Promise<Forward | undefined>;
  /**
   * Writes `next` only when the stored revision is `expectedRevision` (0 = absent) and appends the history entry.
   * Returns false when another writer got there first.
   */
  putForward(next: Forward, expectedRevision: number, history: HistoryEntry): Promise<boolean>;
  deleteForward(e164: string, expectedRevision: number, history: HistoryEntry): Promise<boolean>;
  appendHistory(entry: HistoryEntry): Promise<void>;
  listHistory(e164: string, options: { limit: number; cursor?: string }): Promise<{ items: HistoryEntry[]; cursor?: string }>;
  /** Number → owner (Cognito subject). */
  getAssignment(e164: string): Promise<string | undefined>;
  putAssignment(e164: string, owner: string, actor: string, at: string): Promise<void>;
  listAssignedNumbers(owner: string): Promise<string[]>;
  /** Counts one change for `actor` in `window`; false once `limit` is reached (atomic). */
  takeRateLimitToken(actor: string, window: string, limit: number, expiresAtEpochSeconds: number): Promise<boolean>;
}

/** Where product switches are journalled, one record per number holding the switch in progress or last run. */
export interface SwitchJournal {
  get(e164: string): Promise<ProductSwitch | undefined>;
  /** Conditional on the stored `revision` (0 = absent): a second worker on the same switch loses instead of racing. */
  save(record: ProductSwitch, expectedRevision: number): Promise<boolean>;
}

/** Runs `advance` again later (Step Functions Wait loop in AWS, a timer locally) — never a sleeping Lambda. */
export interface SwitchScheduler {
  start(record: ProductSwitch): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

/**
 * Forwarded calls per UTC day by outcome. `count` is idempotent per event id (EventBridge delivers at least once):
 * it answers 'duplicate' for an event it has already counted.
 */
export interface ForwardedCallCounts {
  count(day: string, outcome: ForwardOutcome, eventId: string): Promise<'counted' | 'duplicate'>;
  read(day: string): Promise<Partial<Record<ForwardOutcome, number>>>;
}
