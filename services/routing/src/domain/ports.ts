/**
 * The ports the routing service's application code depends on. AWS adapters implement them in
 * src/adapters/aws/ (DynamoDB works unchanged against dynalite on the local stage); the Lex stand-in
 * in src/adapters/local/ implements the bot ports.
 *
 * Every method takes an optional AbortSignal: telephony paths give each call a deadline and must be able
 * to stop the socket, not just stop waiting.
 */
import type { Department } from './department.ts';

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export class DepartmentExistsError extends Error {
  override readonly name = 'DepartmentExistsError';
  constructor(readonly department: string) {
    super(`department ${department} already exists`);
  }
}

export interface DepartmentRepository {
  /** The whole routing table (tens of items: one page of a Scan, cached by the SMA handler). */
  list(options?: CallOptions): Promise<Department[]>;
  get(name: string, options?: CallOptions): Promise<Department | undefined>;
  /** Writes the department; with `mustNotExist`, throws DepartmentExistsError when the name is taken. */
  put(department: Department, options?: CallOptions & { mustNotExist?: boolean }): Promise<void>;
  /** Returns false when there was nothing to delete. */
  delete(name: string, options?: CallOptions): Promise<boolean>;
}

/** Lex V2 runtime: prepare the session the SIP media application's StartBotConversation will use. */
export interface BotSessions {
  /**
   * PutSession: elicit the Department slot of RouteCall straight away, with the caller's number as a
   * session attribute (`sessionId` is LEG-A's CallId — what the PSTN audio service uses as Lex session id).
   */
  preload(input: { sessionId: string; callerNumber: string; calledNumber: string }, options?: CallOptions): Promise<void>;
}

/** One event routing emitted about a call, as kept for `GET /calls/{callId}`. */
export interface CallLogEntry {
  callId: string;
  eventId: string;
  detailType: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** One line per call for `GET /calls`: rewritten from all its entries whenever one arrives. */
export interface CallSummary {
  callId: string;
  /** When routing first acted on the call (ISO 8601). */
  startedAt: string;
  department?: string | undefined;
  outcome: import('./call-outcome.ts').CallOutcomeKind;
  outcomeText: string;
  callerNumber?: string | undefined;
}

export interface CallListQuery {
  /** Inclusive ISO 8601 bounds on `startedAt`. */
  from: string;
  to: string;
  department?: string | undefined;
  outcome?: import('./call-outcome.ts').CallOutcomeKind | undefined;
  limit: number;
  /** Where the previous page stopped (opaque to callers; the API wraps it in a nextToken). */
  cursor?: Record<string, unknown> | undefined;
}

export interface CallLog {
  /** Idempotent on `eventId` (EventBridge delivers at least once). */
  append(entry: CallLogEntry, options?: CallOptions): Promise<void>;
  /** Oldest first. */
  list(callId: string, options?: CallOptions): Promise<CallLogEntry[]>;
  /** Writes the call's summary line (replaces the previous one). */
  putSummary?(summary: CallSummary, options?: CallOptions): Promise<void>;
  /** Newest first, within the query's bounds and filters. */
  listCalls?(query: CallListQuery, options?: CallOptions): Promise<{ items: CallSummary[]; cursor?: Record<string, unknown> | undefined }>;
}

/** Routing's projection of who sms can text (fed by sms events; routing never reads sms tables). */
export interface TextingProjection {
  get(phoneNumber: string, options?: CallOptions): Promise<import('./sms-eligibility.ts').TextingRecord | undefined>;
  /** Keeps the newest fact per number: a record older than the stored one is ignored (returns false). */
  record(record: import('./sms-eligibility.ts').TextingRecord, options?: CallOptions): Promise<boolean>;
}
