/**
 * Builds the service from its ports — the one place that knows which adapter goes where. Used by the Lambda
 * composition (src/aws-runtime.ts), the local stage (src/local.ts), tests and the benchmark.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CustomerTexter, SegmentRateLimiter } from './domain/customer-texter.ts';
import type { ChatGateway, Clock, DomainEvents, FaqBot, FaqBotPublisher, Log, PhoneNumberValidator, SmsProvider, TokenCipher } from './domain/ports.ts';
import { SmsDeflection, type SmsDeflectionOptions } from './domain/sms-deflection.ts';
import { DEFAULT_TEXTS, type ServiceTexts } from './domain/texts.ts';
import { DynamoConversationRepository } from './adapters/dynamodb/conversations.ts';
import { DynamoFaqRepository } from './adapters/dynamodb/faq.ts';
import { DynamoMailbox } from './adapters/dynamodb/mailbox.ts';
import { DynamoMetricsRepository } from './adapters/dynamodb/metrics.ts';
import { DynamoOptOutRepository } from './adapters/dynamodb/opt-outs.ts';
import { DynamoSendRateLimiter } from './adapters/dynamodb/send-rate-limiter.ts';
import { DEFAULT_AGENT_KEYWORDS } from './domain/keywords.ts';

export interface SmsServiceParts {
  documentClient: DynamoDBDocumentClient;
  tables: { state: string; optOuts: string; faq: string };
  provider: SmsProvider;
  chat: ChatGateway;
  /** Built from the FAQ repository when it needs it (the local stand-in reads the same table). */
  bot: FaqBot | ((faq: DynamoFaqRepository) => FaqBot);
  publisher: FaqBotPublisher;
  cipher: TokenCipher;
  events: DomainEvents;
  phoneValidator: PhoneNumberValidator;
  log: Log;
  clock?: Clock;
  newId?: () => string;
  sleep?: (ms: number) => Promise<void>;
  /** Send pacing; `shared` puts the bucket in the state table (every Lambda instance draws from it). */
  rate?: { perSecond: number; burst: number; shared?: boolean };
  maxSegmentsPerMessage?: number;
  originationIdentity?: string;
  retentionDays?: number;
  options?: Partial<Omit<SmsDeflectionOptions, 'texts'>> & { texts?: Partial<ServiceTexts> };
}

export const DEFAULT_OPTIONS: Omit<SmsDeflectionOptions, 'texts'> = {
  agentKeywords: DEFAULT_AGENT_KEYWORDS,
  maxUnansweredBeforeEscalation: 2,
  idle: { offerSeconds: 3600, conversationSeconds: 1800 },
  maxAttempts: 5,
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
  publisher: FaqBotPublisher;
  texter: CustomerTexter;
  clock: Clock;
}

export function buildSmsService(parts: SmsServiceParts): SmsService {
  const clock = parts.clock ?? { now: () => new Date() };
  const sleep = parts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const conversations = new DynamoConversationRepository(parts.documentClient, parts.tables.state, parts.retentionDays);
  const mailbox = new DynamoMailbox(parts.documentClient, parts.tables.state);
  const optOuts = new DynamoOptOutRepository(parts.documentClient, parts.tables.optOuts);
  const faq = new DynamoFaqRepository(parts.documentClient, parts.tables.faq);
  const metrics = new DynamoMetricsRepository(parts.documentClient, parts.tables.state);
  const limiter = !parts.rate
    ? undefined
    : parts.rate.shared
      ? new DynamoSendRateLimiter(parts.documentClient, parts.tables.state, {
          identity: parts.originationIdentity ?? 'default',
          perSecond: parts.rate.perSecond,
          burst: parts.rate.burst,
          nowMs: () => clock.now().getTime(),
          sleep,
        })
      : new SegmentRateLimiter(parts.rate.perSecond, parts.rate.burst, () => clock.now().getTime(), sleep);
  const texter = new CustomerTexter({
    provider: parts.provider,
    optOuts,
    ...(limiter ? { limiter } : {}),
    split: { maxSegmentsPerMessage: parts.maxSegmentsPerMessage ?? 10 },
    ...(parts.originationIdentity ? { from: parts.originationIdentity } : {}),
  });
  const bot = typeof parts.bot === 'function' ? parts.bot(faq) : parts.bot;
  const { texts, ...options } = parts.options ?? {};
  const deflection = new SmsDeflection(
    {
      conversations,
      mailbox,
      optOuts,
      texter,
      chat: parts.chat,
      bot,
      faq,
      cipher: parts.cipher,
      metrics,
      events: parts.events,
      phoneValidator: parts.phoneValidator,
      clock,
      newId: parts.newId ?? (() => crypto.randomUUID()),
      sleep,
      log: parts.log,
    },
    { ...DEFAULT_OPTIONS, ...options, texts: { ...DEFAULT_TEXTS, ...texts } },
  );
  return { deflection, conversations, optOuts, faq, metrics, mailbox, publisher: parts.publisher, texter, clock };
}

/** A Powertools Logger (or anything with the same methods) as the domain's Log port. */
export function logFrom(logger: {
  info(message: string, ...extra: never[]): void;
  warn(message: string, ...extra: never[]): void;
  error(message: string, ...extra: never[]): void;
}): Log {
  const call = (method: 'info' | 'warn' | 'error') => (message: string, extra?: Record<string, unknown>) =>
    extra ? (logger[method] as (m: string, e: unknown) => void)(message, extra) : (logger[method] as (m: string) => void)(message);
  return { info: call('info'), warn: call('warn'), error: call('error') };
}
