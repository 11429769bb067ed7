/**
 * The sms service composed with its local stand-ins: simulated handsets (End User Messaging) and Connect (with an
 * agent), the Lex stand-in on the FAQ table, the local KMS stand-in — and the REAL SNS handlers behind simulated
 * SNS deliveries. Used by the local stage (src/local.ts), the tests and the benchmark, so all three run the same thing.
 */
import type { EventBus } from '@switchboard/shared/bus';
import type { DocumentStore } from '../adapters/aws/dynamodb-document-store.ts';
import { SimulatedConnect } from '../adapters/local/connect-chat.ts';
import { LocalFaqBot } from '../adapters/local/faq-bot.ts';
import { LocalFaqBotPublisher } from '../adapters/local/faq-bot-publisher.ts';
import { SimulatedHandsets } from '../adapters/local/handsets.ts';
import { SnsDelivery, type SnsDeliveryOptions } from '../adapters/local/sns-delivery.ts';
import { LocalTokenCipher } from '../adapters/local/token-cipher.ts';
import { createChatStreamHandler } from '../application/chat-stream-handler.ts';
import { BusDomainEvents } from '../application/event-publisher.ts';
import { createInboundSmsHandler } from '../application/inbound-sms-handler.ts';
import { SmsNumberValidator } from '../application/sms-number-validator.ts';
import type { Clock, FaqBotPublisher, Log, SendGuard } from '../domain/ports.ts';
import { buildSmsService, type SmsService, type SmsServiceParts } from './sms-service.ts';

export const LOCAL_INBOUND_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:switchboard-local-sms-inbound';
export const LOCAL_CHAT_STREAM_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:switchboard-local-sms-chat-stream';

export interface LocalSmsOptions {
  /** The tables: the small signed client on dynalite (tests), or the platform's SDK client (the local stage). */
  store: DocumentStore;
  tables: { state: string; optOuts: string; faq: string };
  bus: EventBus;
  log: Log;
  serviceNumber: string;
  queueGreeting?: string;
  cipherKey?: Buffer;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  delivery?: SnsDeliveryOptions;
  /** Wraps the SMS provider / chat gateway (the benchmark times what leaves the service). */
  decorate?: { provider?: (inner: SimulatedHandsets) => SmsServiceParts['provider']; chat?: (inner: SimulatedConnect) => SmsServiceParts['chat'] };
  options?: SmsServiceParts['options'];
  guard?: SendGuard;
}

export interface LocalSms {
  service: SmsService & { publisher: FaqBotPublisher };
  handsets: SimulatedHandsets;
  connect: SimulatedConnect;
  inbound: SnsDelivery;
  stream: SnsDelivery;
  inboundHandler: ReturnType<typeof createInboundSmsHandler>;
  streamHandler: ReturnType<typeof createChatStreamHandler>;
  /** Resolves once no SNS delivery (nor a retry) is in flight. */
  settle(): Promise<void>;
}

export function composeLocalSms(options: LocalSmsOptions): LocalSms {
  let service: SmsService | undefined;
  const current = () => {
    if (!service) throw new Error('sms service not ready');
    return service;
  };
  const inboundHandler = createInboundSmsHandler(() => current().deflection, options.log);
  const streamHandler = createChatStreamHandler(() => current().deflection, options.log);
  const inbound = new SnsDelivery(inboundHandler, options.delivery);
  const stream = new SnsDelivery(streamHandler, options.delivery);
  const handsets = new SimulatedHandsets(options.serviceNumber, LOCAL_INBOUND_TOPIC_ARN, (event) => inbound.publish(event));
  const connect = new SimulatedConnect({
    topicArn: LOCAL_CHAT_STREAM_TOPIC_ARN,
    publish: (event) => stream.publish(event),
    ...(options.queueGreeting ? { queueGreeting: options.queueGreeting } : {}),
  });
  const publisher = new LocalFaqBotPublisher();
  const built = buildSmsService({
    store: options.store,
    tables: options.tables,
    provider: options.decorate?.provider ? options.decorate.provider(handsets) : handsets,
    chat: options.decorate?.chat ? options.decorate.chat(connect) : connect,
    bot: (faq) => new LocalFaqBot(faq),
    publisher,
    cipher: new LocalTokenCipher(options.cipherKey),
    events: new BusDomainEvents(options.bus),
    phoneValidator: new SmsNumberValidator({ defaultCountry: 'US' }),
    log: options.log,
    originationIdentity: options.serviceNumber,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.guard ? { guard: options.guard } : {}),
    options: options.options ?? {},
  });
  service = built;
  const settle = async () => {
    for (let i = 0; i < 100 && (inbound.inFlightCount > 0 || stream.inFlightCount > 0); i += 1) {
      await inbound.idle();
      await stream.idle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { service: { ...built, publisher }, handsets, connect, inbound, stream, inboundHandler, streamHandler, settle };
}
