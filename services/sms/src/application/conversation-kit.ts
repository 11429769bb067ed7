/**
 * What every sms use case shares: its ports, its options, the transcript recorder, and the retry on a version
 * conflict (every conversation write is conditional on the version read).
 */
import type { Conversation } from '../domain/conversation.ts';
import type { IdlePolicy } from '../domain/conversation.ts';
import {
  VersionConflictError,
  type ChatGateway,
  type Clock,
  type ConversationRepository,
  type DomainEvents,
  type FailureReports,
  type FaqBot,
  type FaqRepository,
  type Log,
  type Mailbox,
  type MetricsRepository,
  type OptOutRepository,
  type PhoneNumberValidator,
  type SendGuard,
  type TokenCipher,
  type TranscriptEntry,
} from '../domain/ports.ts';
import type { ServiceTexts } from '../domain/texts.ts';
import type { CustomerTexter, TextResult } from './customer-texter.ts';

export interface SmsDeflectionOptions {
  texts: ServiceTexts;
  agentKeywords: readonly string[];
  /** Consecutive unanswered bot questions before escalating to an agent. */
  maxUnansweredBeforeEscalation: number;
  idle: IdlePolicy;
  /** Processing attempts per mailbox message before giving up and telling the sender. */
  maxAttempts: number;
  /** Attempts at texting the opt-in offer (one per delivery of the request) before the deflection is reported failed. */
  maxOfferAttempts: number;
  leaseSeconds: number;
  /**
   * How long the oldest pending message must have waited before processing starts, so a message SNS delivers
   * late (out of order) can still be sorted in front of a newer one. 0 processes at once.
   */
  reorderWindowMs: number;
  /** Display name of the customer participant in Connect. */
  chatDisplayName: string;
  /** Prefix agent messages with the agent's name ("Alex: …"). */
  prefixAgentName: boolean;
  /** Send our own opt-out confirmation (off when End User Messaging's managed opt-outs answer STOP). */
  sendOptOutConfirmation: boolean;
}

export interface SmsDeflectionDeps {
  conversations: ConversationRepository;
  mailbox: Mailbox;
  optOuts: OptOutRepository;
  texter: CustomerTexter;
  chat: ChatGateway;
  bot: FaqBot;
  faq: FaqRepository;
  cipher: TokenCipher;
  metrics: MetricsRepository;
  events: DomainEvents;
  /** Only functions that take deflection requests have one (it carries libphonenumber's metadata). */
  phoneValidator?: PhoneNumberValidator;
  failureReports: FailureReports;
  /** The toll-fraud guard and spend limits; everything passes when omitted (tests of other concerns). */
  guard?: SendGuard;
  clock: Clock;
  newId: () => string;
  sleep: (ms: number) => Promise<void>;
  log: Log;
}

export interface SmsContext {
  deps: SmsDeflectionDeps;
  options: SmsDeflectionOptions;
}

/** A context whose ports are narrowed to what a use case needs (a Lambda builds only those). */
export interface NarrowContext<D extends keyof SmsDeflectionDeps, O extends keyof SmsDeflectionOptions = never> {
  deps: Pick<SmsDeflectionDeps, D>;
  options: Pick<SmsDeflectionOptions, O>;
}

export const CONFLICT_RETRIES = 5;

/** Runs `step` again from a fresh read when another writer changed the conversation meanwhile. */
export async function withConflictRetry<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < CONFLICT_RETRIES) continue;
      throw error;
    }
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Transcript lines, idempotent by message id (a retried step does not write a line twice). */
export class Transcript {
  constructor(private readonly context: NarrowContext<'conversations' | 'clock'>) {}

  async inbound(conversation: Conversation, text: string, inboundMessageId: string): Promise<void> {
    await this.append(conversation, { direction: 'inbound', author: 'customer', text, messageId: `sms#${inboundMessageId}` });
  }

  async outbound(conversation: Conversation, author: Exclude<TranscriptEntry['author'], 'customer'>, text: string, messageId: string): Promise<void> {
    await this.append(conversation, { direction: 'outbound', author, text, messageId });
  }

  private async append(conversation: Conversation, entry: Omit<TranscriptEntry, 'at'>): Promise<void> {
    await this.context.deps.conversations.appendTranscript(conversation.conversationId, {
      at: this.context.deps.clock.now().toISOString(),
      ...entry,
    });
  }
}

/**
 * Texts the customer and, when it went out, records it in the conversation's transcript: what the handset received
 * is what the transcript shows (a suppressed send — the number opted out — is not a line).
 */
export async function say(
  context: NarrowContext<'texter'>,
  transcript: Transcript,
  to: { phoneNumber: string; conversation?: Conversation | undefined },
  line: { author: Exclude<TranscriptEntry['author'], 'customer'>; text: string; messageId: string; evenIfOptedOut?: boolean },
): Promise<TextResult> {
  const sent = await context.deps.texter.text(to.phoneNumber, line.text, line.evenIfOptedOut ? { evenIfOptedOut: true } : {});
  if (!sent.suppressed && to.conversation) await transcript.outbound(to.conversation, line.author, line.text, line.messageId);
  return sent;
}
