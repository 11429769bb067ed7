/**
 * Builds the service from its ports — the one place that knows which repository goes on which table. Used by the
 * Lambda compositions (src/composition/<handler>.ts), the local stage (src/composition/local.ts), the tests and
 * the benchmark, so all of them run the same thing.
 */
import type { DocumentStore } from '../adapters/aws/dynamodb-document-store.ts';
import { DynamoConversationRepository } from '../adapters/aws/dynamodb-conversations.ts';
import { DynamoFailureReports } from '../adapters/aws/dynamodb-failure-reports.ts';
import { DynamoFaqRepository } from '../adapters/aws/dynamodb-faq.ts';
import { DynamoMailbox } from '../adapters/aws/dynamodb-mailbox.ts';
import { DynamoMetricsRepository } from '../adapters/aws/dynamodb-metrics.ts';
import { DynamoOptOutRepository } from '../adapters/aws/dynamodb-opt-outs.ts';
import { DynamoSendRateLimiter } from '../adapters/aws/dynamodb-send-rate-limiter.ts';
import { SegmentRateLimiter } from '../adapters/local/segment-rate-limiter.ts';
import type { SmsDeflectionOptions } from '../application/conversation-kit.ts';
import { CustomerTexter } from '../application/customer-texter.ts';
import { ConversationEnding } from '../application/conversation-ending.ts';
import { DeflectionOffers } from '../application/deflection-offer.ts';
import { SmsDeflection } from '../application/sms-deflection.ts';
import { DEFAULT_AGENT_KEYWORDS } from '../domain/keywords.ts';
import type {
  ChatGateway,
  Clock,
  DomainEvents,
  FaqBot,
  FaqBotPublisher,
  Log,
  PhoneNumberValidator,
  SendGuard,
  SmsProvider,
  TokenCipher,
} from '../domain/ports.ts';
import { DEFAULT_TEXTS, type ServiceTexts } from '../domain/texts.ts';

export interface SmsTables {
  state: string;
  optOuts: string;
  faq: string;
}

export interface StoreParts {
  store: DocumentStore;
  tables: SmsTables;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  retentionDays?: number;
}

export interface SendingParts {
  provider: SmsProvider;
  /** Send pacing; `shared` puts the bucket in the state table (every Lambda instance draws from it). */
  rate?: { perSecond: number; burst: number; shared?: boolean };
  maxSegmentsPerMessage?: number;
  originationIdentity?: string;
}

export interface SmsServiceParts extends StoreParts, SendingParts {
  chat: ChatGateway;
  /** Built from the FAQ repository when it needs it (the local stand-in reads the same table). */
  bot: FaqBot | ((faq: DynamoFaqRepository) => FaqBot);
  /** The FAQ bot's model publisher: only the API and the sweeper have one. */
  publisher?: FaqBotPublisher;
  cipher: TokenCipher;
  events: DomainEvents;
  phoneValidator?: PhoneNumberValidator;
  guard?: SendGuard;
  log: Log;
  newId?: () => string;
  options?: Partial<Omit<SmsDeflectionOptions, 'texts'>> & { texts?: Partial<ServiceTexts> };
}

export const DEFAULT_OPTIONS: Omit<SmsDeflectionOptions, 'texts'> = {
  agentKeywords: DEFAULT_AGENT_KEYWORDS,
  maxUnansweredBeforeEscalation: 2,
  idle: { offerSeconds: 3600, conversationSeconds: 1800 },
  maxAttempts: 5,
  maxOfferAttempts: 3,
  leaseSeconds: 60,
  reorderWindowMs: 0,
  chatDisplayName: 'SMS customer',
  prefixAgentName: true,
  sendOptOutConfirmation: true,
};

export interface SmsService {
  deflection: SmsDeflection;
  conversations: DynamoConversationRepository;
  optOuts: DynamoOptOutRepository;
  faq: DynamoFaqRepository;
  metrics: DynamoMetricsRepository;
  mailbox: DynamoMailbox;
  publisher?: FaqBotPublisher;
  texter: CustomerTexter;
  clock: Clock;
  /** The service's facts on the bus: the API publishes opt-outs and opt-ins made through it, as a STOP text does. */
  events: DomainEvents;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The repositories on the service's tables. */
export function buildRepositories(parts: StoreParts) {
  return {
    conversations: new DynamoConversationRepository(parts.store, parts.tables.state, parts.retentionDays),
    mailbox: new DynamoMailbox(parts.store, parts.tables.state),
    optOuts: new DynamoOptOutRepository(parts.store, parts.tables.optOuts),
    faq: new DynamoFaqRepository(parts.store, parts.tables.faq),
    metrics: new DynamoMetricsRepository(parts.store, parts.tables.state),
    failureReports: new DynamoFailureReports(parts.store, parts.tables.state),
  };
}

/** Everything texted goes through the texter: opt-outs checked, long texts split, sends paced. */
export function buildTexter(parts: StoreParts & SendingParts, optOuts: DynamoOptOutRepository): CustomerTexter {
  const clock = parts.clock ?? { now: () => new Date() };
  const sleep = parts.sleep ?? realSleep;
  const limiter = !parts.rate
    ? undefined
    : parts.rate.shared
      ? new DynamoSendRateLimiter(parts.store, parts.tables.state, {
          identity: parts.originationIdentity ?? 'default',
          perSecond: parts.rate.perSecond,
          burst: parts.rate.burst,
          nowMs: () => clock.now().getTime(),
          sleep,
        })
      : new SegmentRateLimiter(parts.rate.perSecond, parts.rate.burst, () => clock.now().getTime(), sleep);
  return new CustomerTexter({
    provider: parts.provider,
    optOuts,
    ...(limiter ? { limiter } : {}),
    split: { maxSegmentsPerMessage: parts.maxSegmentsPerMessage ?? 10 },
    ...(parts.originationIdentity ? { from: parts.originationIdentity } : {}),
  });
}

function resolveOptions(options: SmsServiceParts['options']): SmsDeflectionOptions {
  const { texts, ...rest } = options ?? {};
  return { ...DEFAULT_OPTIONS, ...rest, texts: { ...DEFAULT_TEXTS, ...texts } };
}

export function buildSmsService(parts: SmsServiceParts): SmsService {
  const clock = parts.clock ?? { now: () => new Date() };
  const sleep = parts.sleep ?? realSleep;
  const repositories = buildRepositories(parts);
  const texter = buildTexter(parts, repositories.optOuts);
  const bot = typeof parts.bot === 'function' ? parts.bot(repositories.faq) : parts.bot;
  const deflection = new SmsDeflection(
    {
      ...repositories,
      texter,
      chat: parts.chat,
      bot,
      cipher: parts.cipher,
      events: parts.events,
      ...(parts.phoneValidator ? { phoneValidator: parts.phoneValidator } : {}),
      ...(parts.guard ? { guard: parts.guard } : {}),
      clock,
      newId: parts.newId ?? (() => crypto.randomUUID()),
      sleep,
      log: parts.log,
    },
    resolveOptions(parts.options),
  );
  const { failureReports: _reports, ...exposed } = repositories;
  return { deflection, ...exposed, ...(parts.publisher ? { publisher: parts.publisher } : {}), texter, clock, events: parts.events };
}

/**
 * Only the offer: what the deflection-requested function needs (no chat, no bot, no token key) — validate, check
 * the guard and the opt-outs, open the conversation, text the offer, report a failure.
 */
export function buildDeflectionOffers(
  parts: StoreParts &
    SendingParts & {
      events: DomainEvents;
      phoneValidator: PhoneNumberValidator;
      guard?: SendGuard;
      log: Log;
      newId?: () => string;
      options?: SmsServiceParts['options'];
    },
): DeflectionOffers {
  const clock = parts.clock ?? { now: () => new Date() };
  const repositories = buildRepositories(parts);
  const texter = buildTexter(parts, repositories.optOuts);
  const options = resolveOptions(parts.options);
  const deps = {
    ...repositories,
    texter,
    events: parts.events,
    phoneValidator: parts.phoneValidator,
    ...(parts.guard ? { guard: parts.guard } : {}),
    clock,
    newId: parts.newId ?? (() => crypto.randomUUID()),
    log: parts.log,
  };
  return new DeflectionOffers({ deps, options }, new ConversationEnding({ deps, options }));
}

/** A Powertools Logger (or anything with the same methods) as the Log port. */
export function logFrom(logger: {
  info(message: string, ...extra: never[]): void;
  warn(message: string, ...extra: never[]): void;
  error(message: string, ...extra: never[]): void;
}): Log {
  const call = (method: 'info' | 'warn' | 'error') => (message: string, extra?: Record<string, unknown>) =>
    extra ? (logger[method] as (m: string, e: unknown) => void)(message, extra) : (logger[method] as (m: string) => void)(message);
  return { info: call('info'), warn: call('warn'), error: call('error') };
}
