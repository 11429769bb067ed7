/**
 * The Lambda composition root: AWS adapters built from config, once per execution environment, on first use
 * (so importing a handler module — in tests, in the bundle analyser — creates no client).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { createLogger } from '@switchboard/shared/logging';
import { BusDomainEvents } from './adapters/bus-events.ts';
import { ConnectContacts } from './adapters/aws/connect.ts';
import { ConnectParticipantSide } from './adapters/aws/connect-participant.ts';
import { EndUserMessagingSmsProvider } from './adapters/aws/end-user-messaging-sms.ts';
import { KmsTokenCipher } from './adapters/aws/kms.ts';
import { LexFaqBotPublisher } from './adapters/aws/lex-models.ts';
import { LexFaqBot } from './adapters/aws/lex-runtime.ts';
import { PinpointSmsProvider, pinpointCarrierLookup } from './adapters/aws/pinpoint.ts';
import { SmsNumberValidator } from './adapters/phone-validator.ts';
import { readConfig } from './config.ts';
import type { ChatGateway } from './domain/ports.ts';
import { buildSmsService, logFrom, type SmsService } from './wiring.ts';

export const logger = createLogger({ service: 'sms' });

let built: { service: SmsService; config: ReturnType<typeof readConfig> } | undefined;

export function awsRuntime(): { service: SmsService; config: ReturnType<typeof readConfig> } {
  if (built) return built;
  const config = readConfig();
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const contacts = new ConnectContacts(new ConnectClient({}), {
    instanceId: config.CONNECT_INSTANCE_ID,
    contactFlowId: config.CONNECT_CHAT_FLOW_ID,
    streamingTopicArn: config.CHAT_STREAMING_TOPIC_ARN,
    chatDurationInMinutes: config.CHAT_DURATION_MINUTES,
  });
  const participant = new ConnectParticipantSide(new ConnectParticipantClient({}));
  const chat: ChatGateway = {
    startChat: (input) => contacts.startChat(input),
    startStreaming: (input) => contacts.startStreaming(input),
    createConnection: (token) => participant.createConnection(token),
    sendMessage: (input) => participant.sendMessage(input),
    disconnect: (input) => participant.disconnect(input),
  };
  const pinpoint = config.SMS_PROVIDER === 'pinpoint' || config.SMS_PHONE_VALIDATION === 'carrier-lookup' ? new PinpointClient({}) : undefined;
  const provider =
    config.SMS_PROVIDER === 'pinpoint' && pinpoint
      ? new PinpointSmsProvider(pinpoint, { applicationId: config.PINPOINT_APPLICATION_ID ?? '', originationNumber: config.SMS_ORIGINATION_IDENTITY })
      : new EndUserMessagingSmsProvider(new PinpointSMSVoiceV2Client({}), {
          originationIdentity: config.SMS_ORIGINATION_IDENTITY,
          ...(config.SMS_CONFIGURATION_SET ? { configurationSetName: config.SMS_CONFIGURATION_SET } : {}),
          ...(config.SMS_MAX_PRICE ? { maxPrice: config.SMS_MAX_PRICE } : {}),
        });
  const service = buildSmsService({
    documentClient,
    tables: { state: config.SMS_STATE_TABLE, optOuts: config.SMS_OPT_OUTS_TABLE, faq: config.SMS_FAQ_TABLE },
    provider,
    chat,
    bot: new LexFaqBot(new LexRuntimeV2Client({}), {
      botId: config.LEX_BOT_ID,
      botAliasId: config.LEX_BOT_ALIAS_ID,
      localeId: config.LEX_LOCALE_ID,
      minConfidence: config.LEX_MIN_CONFIDENCE,
    }),
    publisher: new LexFaqBotPublisher(new LexModelsV2Client({}), { botId: config.LEX_BOT_ID, botAliasId: config.LEX_BOT_ALIAS_ID, localeId: config.LEX_LOCALE_ID }),
    cipher: new KmsTokenCipher(new KMSClient({}), config.TOKEN_KMS_KEY_ID),
    events: new BusDomainEvents(new EventBridgeBus({ client: new EventBridgeClient({}), busName: config.EVENT_BUS_NAME })),
    phoneValidator: new SmsNumberValidator({
      defaultCountry: config.DEFAULT_COUNTRY,
      ...(config.SMS_PHONE_VALIDATION === 'carrier-lookup' && pinpoint ? { carrierLookup: pinpointCarrierLookup(pinpoint) } : {}),
    }),
    log: logFrom(logger),
    rate: { perSecond: config.SMS_SEND_RATE_PER_SECOND, burst: config.SMS_SEND_BURST, shared: true },
    maxSegmentsPerMessage: config.SMS_MAX_SEGMENTS_PER_MESSAGE,
    originationIdentity: config.SMS_ORIGINATION_IDENTITY,
    retentionDays: config.RETENTION_DAYS,
    options: {
      agentKeywords: config.AGENT_KEYWORDS,
      maxUnansweredBeforeEscalation: config.MAX_UNANSWERED_BEFORE_ESCALATION,
      idle: { offerSeconds: config.OFFER_TIMEOUT_MINUTES * 60, conversationSeconds: config.IDLE_TIMEOUT_MINUTES * 60 },
      maxAttempts: config.MAILBOX_MAX_ATTEMPTS,
      leaseSeconds: config.MAILBOX_LEASE_SECONDS,
      reorderWindowMs: config.REORDER_WINDOW_MS,
      chatDisplayName: config.CHAT_DISPLAY_NAME,
      sendOptOutConfirmation: config.SMS_SEND_OPT_OUT_CONFIRMATION,
    },
  });
  built = { service, config };
  return built;
}
