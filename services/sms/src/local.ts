/**
 * The sms service on the local stage: its tables in dynalite, simulated handsets (End User Messaging) and a
 * simulated Connect instance with an agent, the Lex stand-in answering from the FAQ table — all driving the
 * REAL handlers with real-shaped SNS and EventBridge events — and the API with the simulator routes.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SmsDeflectionRequested } from '@switchboard/shared/contracts';
import type { ServiceRegistration } from '@switchboard/shared/local';
import { maskPhoneNumber } from '@switchboard/shared/phone';
import packageJson from '../package.json' with { type: 'json' };
import { BusDomainEvents } from './adapters/bus-events.ts';
import { SimulatedConnect } from './adapters/local/connect-chat.ts';
import { LocalFaqBot } from './adapters/local/faq-bot.ts';
import { LocalFaqBotPublisher } from './adapters/local/faq-bot-publisher.ts';
import { SimulatedHandsets } from './adapters/local/handsets.ts';
import { SAMPLE_FAQ } from './adapters/local/sample-faq.ts';
import { SnsDelivery } from './adapters/local/sns-delivery.ts';
import { LocalTokenCipher } from './adapters/local/token-cipher.ts';
import { SmsNumberValidator } from './adapters/phone-validator.ts';
import { faqTable, optOutsTable, smsTables, stateTable } from './adapters/tables.ts';
import { createApp } from './api/app.ts';
import { createChatStreamHandler } from './handlers/chat-stream.ts';
import { createDeflectionRequestedHandler } from './handlers/deflection-requested.ts';
import { createInboundSmsHandler } from './handlers/inbound-sms.ts';
import { buildSmsService, logFrom, type SmsService } from './wiring.ts';

/** The service's number on the local stage (a fictional 555-01xx number). */
export const LOCAL_SERVICE_NUMBER = '+12125550101';
export const LOCAL_INBOUND_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:switchboard-local-sms-inbound';
export const LOCAL_CHAT_STREAM_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:switchboard-local-sms-chat-stream';
/** What the reference "Basic Chat" contact flow says when the chat enters the queue (PlayPrompt). */
export const LOCAL_QUEUE_GREETING = 'Hi you are being put into queue';

/** A 32-byte key kept in the data folder, so tokens stored in dynalite still decrypt after a restart. */
function localKey(dataDir: string): Buffer {
  const folder = path.join(dataDir, 'sms');
  const file = path.join(folder, 'token-cipher.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(folder, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export const register: ServiceRegistration = async (platform) => {
  await platform.ensureTables([...smsTables]);
  const log = logFrom(platform.logger);
  let service: SmsService | undefined;
  const current = () => {
    if (!service) throw new Error('sms service not ready');
    return service;
  };
  const onError = (what: string) => (error: unknown, attempt: number) =>
    platform.logger.warn(`${what} delivery failed; SNS/Lambda would retry`, { attempt, error: error instanceof Error ? error.message : String(error) });
  const inbound = new SnsDelivery(createInboundSmsHandler(current, platform.logger), { onError: onError('inbound SMS') });
  const stream = new SnsDelivery(createChatStreamHandler(current, platform.logger), { onError: onError('chat stream') });
  const handsets = new SimulatedHandsets(LOCAL_SERVICE_NUMBER, LOCAL_INBOUND_TOPIC_ARN, (event) => inbound.publish(event));
  const connect = new SimulatedConnect({ topicArn: LOCAL_CHAT_STREAM_TOPIC_ARN, publish: (event) => stream.publish(event), queueGreeting: LOCAL_QUEUE_GREETING });

  service = buildSmsService({
    documentClient: platform.documentClient,
    tables: { state: platform.tableName(stateTable), optOuts: platform.tableName(optOutsTable), faq: platform.tableName(faqTable) },
    provider: handsets,
    chat: connect,
    bot: (faq) => new LocalFaqBot(faq),
    publisher: new LocalFaqBotPublisher(),
    cipher: new LocalTokenCipher(localKey(platform.dataDir)),
    events: new BusDomainEvents(platform.bus),
    phoneValidator: new SmsNumberValidator({ defaultCountry: 'US' }),
    log,
    originationIdentity: LOCAL_SERVICE_NUMBER,
    // Sorts parallel deliveries of a burst back into order, as in AWS.
    options: { reorderWindowMs: 100 },
  });
  if ((await service.faq.list()).length === 0) {
    await service.faq.replaceAll(SAMPLE_FAQ);
    platform.logger.info(`sms FAQ seeded with ${SAMPLE_FAQ.length} entries`);
  }

  const deflectionRequested = createDeflectionRequestedHandler(current, platform.logger);
  const unsubscribe = platform.bus.subscribe(
    SmsDeflectionRequested.pattern,
    async (event) => {
      const outcome = await deflectionRequested(event);
      if (outcome.outcome === 'offered') platform.logger.info('SMS offer sent', { phoneNumber: maskPhoneNumber(outcome.phoneNumber) });
    },
    { name: 'sms-deflection-requested' },
  );
  // The scheduled sweeper (EventBridge Scheduler every minute in AWS).
  const sweeper = setInterval(() => {
    current()
      .deflection.sweep()
      .catch((error: unknown) => platform.logger.error('sms sweep failed', { error: String(error) }));
  }, 60_000);
  sweeper.unref();

  const settle = async () => {
    for (let i = 0; i < 20 && (inbound.inFlightCount > 0 || stream.inFlightCount > 0); i += 1) {
      await inbound.idle();
      await stream.idle();
    }
  };
  const app = createApp({
    service,
    verifier: platform.auth.verifier,
    version: packageJson.version,
    simulators: { handsets, connect, settle, deliveries: { inbound, stream } },
  });
  return {
    name: 'sms',
    app,
    stop: async () => {
      clearInterval(sweeper);
      unsubscribe();
      await settle();
    },
  };
};
