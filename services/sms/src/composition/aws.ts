/**
 * The AWS side of every sms composition: the small signed client per AWS API (endpoints from the region, or the
 * SDK's AWS_ENDPOINT_URL_* variables), the adapters on it, and the service built from a function's own environment.
 * Nothing here runs on import: each handler's composition calls it once, at cold start.
 */
import { createLogger } from '@switchboard/shared/logging';
import { AwsHttpClient, awsEndpoint, lambdaRegion } from '@switchboard/shared/aws-http';
import { ConnectContacts } from '../adapters/aws/connect-chat.ts';
import { ConnectParticipantSide } from '../adapters/aws/connect-participant.ts';
import { HttpDocumentStore } from '../adapters/aws/dynamodb-document-store.ts';
import { EndUserMessagingSmsProvider } from '../adapters/aws/end-user-messaging-sms.ts';
import { HttpEventBridgeBus } from '../adapters/aws/eventbridge.ts';
import { KmsTokenCipher } from '../adapters/aws/kms.ts';
import { LexFaqBot } from '../adapters/aws/lex-runtime.ts';
import { BusDomainEvents } from '../application/event-publisher.ts';
import type { HandlerEnv, RelayEnv } from '../config.ts';
import type { ChatGateway, FaqBotPublisher, Log, PhoneNumberValidator, SendGuard } from '../domain/ports.ts';
import { buildSmsService, logFrom, type SendingParts, type SmsService, type StoreParts } from './sms-service.ts';

export const logger = createLogger({ service: 'sms' });
export const log: Log = logFrom(logger);

/** One small signed client per AWS API, in the function's region. */
export function awsClients(region = lambdaRegion()) {
  const client = (serviceId: string, hostPrefix: string, signingName: string) =>
    new AwsHttpClient({ signingName, region, endpoint: awsEndpoint(serviceId, hostPrefix, region) });
  return {
    dynamodb: () => client('DYNAMODB', 'dynamodb', 'dynamodb'),
    events: () => client('EVENTBRIDGE', 'events', 'events'),
    sms: () => client('PINPOINT_SMS_VOICE_V2', 'sms-voice', 'sms-voice'),
    connect: () => client('CONNECT', 'connect', 'connect'),
    // The participant APIs authenticate with the participant/connection token, not SigV4.
    participant: () => client('CONNECTPARTICIPANT', 'participant.connect', 'none'),
    kms: () => client('KMS', 'kms', 'kms'),
    lex: () => client('LEX_RUNTIME_V2', 'runtime-v2-lex', 'lex'),
    lexModels: () => client('LEX_MODELS_V2', 'models-v2-lex', 'lex'),
    pinpoint: () => client('PINPOINT', 'pinpoint', 'mobiletargeting'),
  };
}
export type AwsClients = ReturnType<typeof awsClients>;

type StoresEnv = Pick<RelayEnv, 'SMS_STATE_TABLE' | 'SMS_OPT_OUTS_TABLE' | 'SMS_FAQ_TABLE' | 'RETENTION_DAYS'>;
type SendingEnv = Pick<
  RelayEnv,
  | 'SMS_ORIGINATION_IDENTITY'
  | 'SMS_CONFIGURATION_SET'
  | 'SMS_MAX_PRICE'
  | 'SMS_SEND_RATE_PER_SECOND'
  | 'SMS_SEND_BURST'
  | 'SMS_MAX_SEGMENTS_PER_MESSAGE'
>;

export function storeParts(env: StoresEnv, clients: AwsClients): StoreParts {
  return {
    store: new HttpDocumentStore(clients.dynamodb()),
    tables: { state: env.SMS_STATE_TABLE, optOuts: env.SMS_OPT_OUTS_TABLE, faq: env.SMS_FAQ_TABLE },
    retentionDays: env.RETENTION_DAYS,
  };
}

export function sendingParts(env: SendingEnv, clients: AwsClients): SendingParts {
  return {
    provider: new EndUserMessagingSmsProvider(clients.sms(), {
      originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      ...(env.SMS_CONFIGURATION_SET ? { configurationSetName: env.SMS_CONFIGURATION_SET } : {}),
      ...(env.SMS_MAX_PRICE ? { maxPrice: env.SMS_MAX_PRICE } : {}),
    }),
    // One token bucket in the state table shared by every instance: the number's MPS holds across all of them.
    rate: { perSecond: env.SMS_SEND_RATE_PER_SECOND, burst: env.SMS_SEND_BURST, shared: true },
    maxSegmentsPerMessage: env.SMS_MAX_SEGMENTS_PER_MESSAGE,
    originationIdentity: env.SMS_ORIGINATION_IDENTITY,
  };
}

export function busEvents(env: { EVENT_BUS_NAME: string }, clients: AwsClients): BusDomainEvents {
  return new BusDomainEvents(new HttpEventBridgeBus({ client: clients.events(), busName: env.EVENT_BUS_NAME }));
}

export function connectChat(
  env: Pick<RelayEnv, 'CONNECT_INSTANCE_ID' | 'CONNECT_CHAT_FLOW_ID' | 'CHAT_STREAMING_TOPIC_ARN' | 'CHAT_DURATION_MINUTES'>,
  clients: AwsClients,
): ChatGateway {
  const contacts = new ConnectContacts(clients.connect(), {
    instanceId: env.CONNECT_INSTANCE_ID,
    contactFlowId: env.CONNECT_CHAT_FLOW_ID,
    streamingTopicArn: env.CHAT_STREAMING_TOPIC_ARN,
    chatDurationInMinutes: env.CHAT_DURATION_MINUTES,
  });
  const participant = new ConnectParticipantSide(clients.participant());
  return {
    startChat: (input) => contacts.startChat(input),
    startStreaming: (input) => contacts.startStreaming(input),
    createConnection: (token) => participant.createConnection(token),
    sendMessage: (input) => participant.sendMessage(input),
    disconnect: (input) => participant.disconnect(input),
  };
}

/** The whole conversation service (what the relay functions, the sweeper and the API run). */
export function conversationService(
  env: HandlerEnv<'inbound-sms'>,
  clients: AwsClients,
  extra: { publisher?: FaqBotPublisher; phoneValidator?: PhoneNumberValidator; guard?: SendGuard } = {},
): SmsService {
  return buildSmsService({
    ...storeParts(env, clients),
    ...sendingParts(env, clients),
    chat: connectChat(env, clients),
    bot: new LexFaqBot(clients.lex(), {
      botId: env.LEX_BOT_ID,
      botAliasId: env.LEX_BOT_ALIAS_ID,
      localeId: env.LEX_LOCALE_ID,
      minConfidence: env.LEX_MIN_CONFIDENCE,
    }),
    cipher: new KmsTokenCipher(clients.kms(), env.TOKEN_KMS_KEY_ID),
    events: busEvents(env, clients),
    ...extra,
    log,
    options: {
      agentKeywords: env.AGENT_KEYWORDS,
      maxUnansweredBeforeEscalation: env.MAX_UNANSWERED_BEFORE_ESCALATION,
      idle: { offerSeconds: env.OFFER_TIMEOUT_MINUTES * 60, conversationSeconds: env.IDLE_TIMEOUT_MINUTES * 60 },
      maxAttempts: env.MAILBOX_MAX_ATTEMPTS,
      leaseSeconds: env.MAILBOX_LEASE_SECONDS,
      reorderWindowMs: env.REORDER_WINDOW_MS,
      chatDisplayName: env.CHAT_DISPLAY_NAME,
      sendOptOutConfirmation: env.SMS_SEND_OPT_OUT_CONFIRMATION,
    },
  });
}
