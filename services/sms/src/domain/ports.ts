/**
 * The ports the domain needs. Each has an AWS adapter (src/adapters/aws) and a local stand-in
 * (src/adapters/local) so the same domain and handlers run in Lambda and on the local stage.
 */
import type { Conversation, EndReason } from './conversation.ts';
import type { ChatSignal } from './stream-events.ts';
import type { FaqEntry } from './faq.ts';
import type { SpendDecision } from '@switchboard/shared/limits';

export interface Clock {
  now(): Date;
}

export class VersionConflictError extends Error {
  constructor(
    readonly phoneNumber: string,
    readonly expectedVersion: number | null,
  ) {
    super(`conversation for ${phoneNumber} changed (expected version ${expectedVersion ?? 'none'})`);
    this.name = 'VersionConflictError';
  }
}

export interface TranscriptEntry {
  at: string;
  direction: 'inbound' | 'outbound';
  /** Who wrote it: the customer, the bot, an agent, the Connect flow (system) or this service. */
  author: 'customer' | 'bot' | 'agent' | 'system' | 'service';
  text: string;
  /** Idempotency key (inboundMessageId, chat item id, …) so a retried write does not duplicate a line. */
  messageId: string;
}

export interface ConversationListQuery {
  phoneNumber?: string;
  openOnly?: boolean;
  limit: number;
  cursor?: string;
}

export interface ConversationRepository {
  /** The current conversation of a number (strongly consistent). */
  get(phoneNumber: string): Promise<Conversation | undefined>;
  /**
   * Writes the conversation with version = expectedVersion + 1 (or 0 → new item when expectedVersion is
   * null), conditional on the stored version; throws VersionConflictError otherwise. Returns what was stored.
   */
  save(conversation: Conversation, expectedVersion: number | null): Promise<Conversation>;
  /** Stores a new conversation for the number, replacing the ended one read at `replacingVersion` (null: none). */
  create(conversation: Conversation, replacingVersion: number | null): Promise<Conversation>;
  /** Keeps an ended conversation's record before the number's next conversation replaces it. */
  archive(conversation: Conversation): Promise<void>;
  /** The conversation a Connect contact belongs to (strongly consistent lookup item, not an index). */
  linkContact(contactId: string, phoneNumber: string, conversationId: string): Promise<void>;
  findByContact(contactId: string): Promise<{ phoneNumber: string; conversationId: string } | undefined>;
  appendTranscript(conversationId: string, entry: TranscriptEntry): Promise<void>;
  transcript(conversationId: string): Promise<TranscriptEntry[]>;
  findById(conversationId: string): Promise<Conversation | undefined>;
  list(query: ConversationListQuery): Promise<{ items: Conversation[]; cursor?: string }>;
  /** Open conversations whose last activity is before `before` (idle candidates), oldest first. */
  listOpenInactiveSince(before: Date, limit: number): Promise<Conversation[]>;
}

export interface MailboxItem {
  /** Unique per message: `sms#<inboundMessageId>` or `chat#<chat item Id>`. Duplicates are dropped on enqueue. */
  messageId: string;
  /** Sort key within a number's mailbox: `<ISO timestamp>#<messageId>`. */
  orderKey: string;
  payload: MailboxPayload;
  enqueuedAt: string;
  attempts: number;
}

export type MailboxPayload =
  | { kind: 'inbound-sms'; body: string; inboundMessageId: string; destinationNumber: string }
  | { kind: 'chat'; contactId: string; conversationId: string; itemId: string; signal: ChatSignal };

/**
 * A per-phone-number ordered mailbox with a lease: every message for one number (texts from the handset and
 * items from the chat stream) is processed by one worker at a time, in timestamp order, exactly once unless
 * processing fails (then it stays pending and is retried).
 */
export interface Mailbox {
  enqueue(phoneNumber: string, item: Omit<MailboxItem, 'attempts'>): Promise<'enqueued' | 'duplicate'>;
  /** Pending items of a number, oldest orderKey first (strongly consistent). */
  pending(phoneNumber: string): Promise<MailboxItem[]>;
  /**
   * Records an attempt before processing; returns the attempt number (1 for the first), or undefined when the
   * message is no longer pending (another worker completed it).
   */
  recordAttempt(phoneNumber: string, messageId: string): Promise<number | undefined>;
  complete(phoneNumber: string, messageId: string, outcome: string): Promise<void>;
  /** Takes the number's lease until `until` unless someone else holds an unexpired one. */
  acquireLease(phoneNumber: string, holder: string, now: Date, until: Date): Promise<boolean>;
  releaseLease(phoneNumber: string, holder: string): Promise<void>;
  /** Numbers with items pending since before `before` (for the sweeper's redelivery). */
  stalePhoneNumbers(before: Date, limit: number): Promise<string[]>;
}

export interface OptOutRecord {
  phoneNumber: string;
  optedOutAt: string;
  keyword: string;
  source: 'sms' | 'api';
}

export interface OptOutRepository {
  isOptedOut(phoneNumber: string): Promise<boolean>;
  add(record: OptOutRecord): Promise<void>;
  remove(phoneNumber: string): Promise<void>;
  list(limit: number, cursor?: string): Promise<{ items: OptOutRecord[]; cursor?: string }>;
}

/** Paces sends in message parts (segments) per second. */
export interface SendRateLimiter {
  /** Waits until `segments` parts may be sent, and takes them. */
  take(segments: number): Promise<void>;
}

/** Sends one provider message (≤ 1,600 characters); the domain splits longer texts before calling it. */
export interface SmsProvider {
  send(message: { to: string; body: string; from?: string }): Promise<{ messageId: string }>;
}

/**
 * Whether a number can receive SMS: libphonenumber type (mobile, or fixed-line-or-mobile) and, where
 * configured, End User Messaging's phone-number validation (carrier lookup). Returns the E.164 form.
 */
export interface PhoneNumberValidator {
  check(input: string, defaultCountry?: string): Promise<{ ok: true; e164: string } | { ok: false; reason: string }>;
}

/** Minimal structured logger the domain writes to (Powertools Logger satisfies it). */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface ChatStart {
  contactId: string;
  participantToken: string;
}

/**
 * The chat (or its connection) no longer exists: it ended or expired on the Connect side without this service
 * hearing of it (the stream event was lost, the chat outlived `ChatDurationInMinutes`, the local stage restarted).
 * Retrying cannot succeed; the conversation must be ended and, where the customer is still writing, a new chat started.
 */
export class ChatEndedError extends Error {
  override readonly name = 'ChatEndedError';
}

/**
 * Amazon Connect Chat as seen by the customer side (Connect + Connect Participant APIs). `createConnection`,
 * `sendMessage` and `disconnect` throw ChatEndedError when the chat is gone.
 */
export interface ChatGateway {
  startChat(input: { clientToken: string; displayName: string; attributes: Record<string, string> }): Promise<ChatStart>;
  startStreaming(input: { contactId: string; clientToken: string }): Promise<void>;
  createConnection(participantToken: string): Promise<{ connectionToken: string; expiresAt: string }>;
  sendMessage(input: { connectionToken: string; text: string; clientToken: string }): Promise<void>;
  disconnect(input: { connectionToken: string; clientToken: string }): Promise<void>;
}

export interface BotAnswer {
  answered: boolean;
  answer?: string;
  /** The FAQ entry (intent) that matched. */
  faqId?: string;
}

export interface FaqBot {
  ask(input: { sessionId: string; text: string; language?: string }): Promise<BotAnswer>;
}

/** Turns the FAQ into the bot's model (Lex V2 intents) and publishes it once built. */
export interface FaqBotPublisher {
  /** Upserts one intent per entry, deletes intents of removed entries, starts the build. */
  sync(entries: readonly FaqEntry[]): Promise<{ upserted: number; deleted: number; build: 'started' | 'not-needed' }>;
  /** When the last build finished: a new bot version behind the live alias. Safe to call repeatedly. */
  promoteWhenBuilt(): Promise<'promoted' | 'building' | 'up-to-date' | 'failed'>;
}

export interface FaqRepository {
  list(): Promise<FaqEntry[]>;
  get(id: string): Promise<FaqEntry | undefined>;
  /** Replaces the whole FAQ (import) and returns how many entries were written and removed. */
  replaceAll(entries: FaqEntry[]): Promise<{ written: number; removed: number }>;
  countUnanswered(question: string, at: string): Promise<void>;
  unanswered(limit: number): Promise<{ question: string; count: number; lastAskedAt: string }[]>;
}

/** Encrypts Connect tokens at rest (KMS with the conversation id as encryption context). */
export interface TokenCipher {
  encrypt(plaintext: string, context: Record<string, string>): Promise<string>;
  decrypt(ciphertext: string, context: Record<string, string>): Promise<string>;
}

export type MetricName =
  | 'offered'
  | 'accepted'
  | 'answeredByBot'
  | 'unanswered'
  | 'escalated'
  | 'agentJoined'
  | 'ended'
  | 'optedOut'
  | 'undeliverable';

export interface MetricsRepository {
  increment(name: MetricName, at: Date, by?: number): Promise<void>;
  /** Totals per metric between two dates (inclusive days, UTC). */
  totals(from: Date, to: Date): Promise<Record<MetricName, number>>;
}

/** The facts the service publishes (mapped onto the platform's event contracts by an adapter). */
export interface DomainEvents {
  conversationStarted(
    data: {
      conversationId: string;
      phoneNumber: string;
      contactId?: string;
      department?: string;
      callId?: string;
      startedAt: string;
    },
    correlationId: string,
  ): Promise<void>;
  conversationEnded(
    data: {
      conversationId: string;
      phoneNumber: string;
      reason: EndReason;
      finalState: Conversation['state'];
      contactId?: string;
      endedAt: string;
      inboundMessages: number;
      outboundMessages: number;
      answeredByBot: number;
      escalated: boolean;
    },
    correlationId: string,
  ): Promise<void>;
  optedOut(data: { phoneNumber: string; keyword: string; optedOutAt: string; conversationId?: string }, correlationId: string): Promise<void>;
  optedIn(data: { phoneNumber: string; keyword: string; optedInAt: string }, correlationId: string): Promise<void>;
  /** Published once per failed request: `id` is derived from the request, so a repeat carries the same event id. */
  deflectionFailed(data: DeflectionFailure, options: { correlationId: string; id: string }): Promise<void>;
}

export type DeflectionFailureReason = 'opted-out' | 'not-textable' | 'refused-destination' | 'rate-limited' | 'send-failed';

export interface DeflectionFailure {
  phoneNumber: string;
  callId?: string;
  reason: DeflectionFailureReason;
  detail: string;
  failedAt: string;
}

/** Marks which deflection requests already had their failure reported (the sms side publishes it once). */
export interface FailureReports {
  /** Whether the failure of the request `key` was published already (strongly consistent). */
  isReported(key: string): Promise<boolean>;
  markReported(key: string, at: Date): Promise<void>;
}

/** A spend limit's refusal, as the kit's limiter gives it (turned into 429 + Retry-After by the API). */
export type SpendRefusal = Extract<SpendDecision, { allowed: false }>;

/**
 * Checks a destination before anything is texted to it: the toll-fraud guard (countries, premium and satellite
 * ranges) and the spend limits (texts per user and per stage). Refusals say why, in words for the call log.
 */
export interface SendGuard {
  check(input: {
    phoneNumber: string;
    requestedBy: string;
    purpose: 'deflection' | 'text';
  }): Promise<
    | { ok: true }
    | { ok: false; reason: 'refused-destination'; detail: string }
    | { ok: false; reason: 'rate-limited'; detail: string; retryAfterSeconds: number; refusal: SpendRefusal }
  >;
}
