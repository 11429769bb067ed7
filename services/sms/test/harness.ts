/**
 * A whole SMS service on loopback for tests: dynalite tables, the local bus, simulated handsets and Connect,
 * the Lex stand-in on the FAQ table — and the REAL handlers, fed real-shaped SNS events.
 */
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalBus } from '@switchboard/shared/bus';
import { ensureTables } from '@switchboard/shared/dynamo';
import { referencePath } from '@switchboard/shared/testing';
import { BusDomainEvents } from '../src/adapters/bus-events.ts';
import { SimulatedConnect } from '../src/adapters/local/connect-chat.ts';
import { LocalFaqBot } from '../src/adapters/local/faq-bot.ts';
import { LocalFaqBotPublisher } from '../src/adapters/local/faq-bot-publisher.ts';
import { SimulatedHandsets } from '../src/adapters/local/handsets.ts';
import { SnsDelivery } from '../src/adapters/local/sns-delivery.ts';
import { LocalTokenCipher } from '../src/adapters/local/token-cipher.ts';
import { SmsNumberValidator } from '../src/adapters/phone-validator.ts';
import { smsTables } from '../src/adapters/tables.ts';
import { createChatStreamHandler } from '../src/handlers/chat-stream.ts';
import { createInboundSmsHandler } from '../src/handlers/inbound-sms.ts';
import type { Clock } from '../src/domain/ports.ts';
import { buildSmsService, type SmsService, type SmsServiceParts } from '../src/wiring.ts';
import type { FaqEntry } from '../src/domain/faq.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const SERVICE_NUMBER = '+12125550101';
export const quiet = { info() {}, warn() {}, error() {} };

/** The SYSTEM prompt of the reference chat flow (Ryanjlowe/amazon-pinpoint-sms-connect-chat "Basic Chat"). */
export function referenceQueueGreeting(): string {
  const flow = JSON.parse(readFileSync(referencePath('sms-deflection', 'Basic Chat.json'), 'utf8')) as {
    modules: { type: string; parameters: { name: string; value: string }[] }[];
  };
  const prompt = flow.modules.find((module) => module.type === 'PlayPrompt')?.parameters.find((p) => p.name === 'Text')?.value;
  if (!prompt) throw new Error('reference flow has no PlayPrompt text');
  return prompt;
}

export const FAQ: FaqEntry[] = [
  {
    id: 'opening-hours',
    question: 'What are your opening hours?',
    utterances: ['when are you open', 'opening times', 'are you open on sunday'],
    answer: 'We are open Monday to Friday, 8am to 8pm, and Saturday 9am to 1pm.',
  },
  {
    id: 'parking',
    question: 'Where can I park?',
    utterances: ['parking', 'is there a car park'],
    answer: 'Free parking is behind the building, entrance on Elm Street.',
  },
  {
    id: 'reset-password',
    question: 'How do I reset my password?',
    utterances: ['forgot my password', 'password reset'],
    answer: 'Open the app, tap "Forgot password" and follow the link we e-mail you.',
  },
];

export interface Harness {
  service: SmsService;
  handsets: SimulatedHandsets;
  connect: SimulatedConnect;
  bus: LocalBus;
  inbound: SnsDelivery;
  stream: SnsDelivery;
  inboundHandler: ReturnType<typeof createInboundSmsHandler>;
  streamHandler: ReturnType<typeof createChatStreamHandler>;
  /** Waits until every SNS delivery, retry and bus event has been handled. */
  settle(): Promise<void>;
  close(): Promise<void>;
  texts(phoneNumber: string): string[];
  events(detailType: string): { data: Record<string, unknown> }[];
}

let tableCounter = 0;

export async function startHarness(
  overrides: { options?: SmsServiceParts['options']; clock?: Clock; sleep?: (ms: number) => Promise<void>; faq?: FaqEntry[]; retries?: number } = {},
): Promise<Harness> {
  const server = dynalite({ createTableMs: 0, updateTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const run = (tableCounter += 1);
  const name = (def: { name: string }) => `switchboard-test${run}-sms-${def.name}`;
  await ensureTables(client, smsTables, name);

  const bus = new LocalBus({ retryDelayMs: 1 });
  let service: SmsService | undefined;
  const get = () => {
    if (!service) throw new Error('service not built yet');
    return service;
  };
  const inboundHandler = createInboundSmsHandler(get, quiet);
  const streamHandler = createChatStreamHandler(get, quiet);
  const deliveryOptions = { retries: overrides.retries ?? 2, retryDelayMs: 2 };
  const inbound = new SnsDelivery(inboundHandler, deliveryOptions);
  const stream = new SnsDelivery(streamHandler, deliveryOptions);
  const handsets = new SimulatedHandsets(SERVICE_NUMBER, 'arn:aws:sns:us-east-1:000000000000:sms-inbound', (event) => inbound.publish(event));
  const connect = new SimulatedConnect({
    topicArn: 'arn:aws:sns:us-east-1:000000000000:sms-chat-stream',
    publish: (event) => stream.publish(event),
    queueGreeting: referenceQueueGreeting(),
  });
  service = buildSmsService({
    documentClient,
    tables: { state: name(smsTables[0]), optOuts: name(smsTables[1]), faq: name(smsTables[2]) },
    provider: handsets,
    chat: connect,
    bot: (faq) => new LocalFaqBot(faq),
    publisher: new LocalFaqBotPublisher(),
    cipher: new LocalTokenCipher(),
    events: new BusDomainEvents(bus),
    phoneValidator: new SmsNumberValidator({ defaultCountry: 'US' }),
    log: quiet,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    options: overrides.options ?? {},
  });
  await service.faq.replaceAll(overrides.faq ?? FAQ);

  const settle = async () => {
    for (let i = 0; i < 50; i += 1) {
      await inbound.idle();
      await stream.idle();
      await bus.drain();
      await new Promise((resolve) => setImmediate(resolve));
      if (inbound.inFlightCount === 0 && stream.inFlightCount === 0) return;
    }
  };
  return {
    service,
    handsets,
    connect,
    bus,
    inbound,
    stream,
    inboundHandler,
    streamHandler,
    settle,
    texts: (phoneNumber) => handsets.inbox(phoneNumber).map((text) => text.body),
    events: (detailType) =>
      bus.history.filter((event) => event['detail-type'] === detailType).map((event) => event.detail as { data: Record<string, unknown> }),
    close: async () => {
      await settle();
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Drives a number to a given state through the real flow. Returns the Connect contact id when there is one. */
export async function driveTo(h: Harness, phoneNumber: string, state: 'offered' | 'bot' | 'queued' | 'agent', agentName = 'Alex'): Promise<string | undefined> {
  const outcome = await h.service.deflection.requestDeflection({ phoneNumber, correlationId: `call-${phoneNumber}`, callId: `call-${phoneNumber}`, department: 'billing' });
  if (outcome.outcome !== 'offered') throw new Error(`expected an offer, got ${outcome.outcome}`);
  if (state === 'offered') return undefined;
  h.handsets.text(phoneNumber, 'YES');
  await h.settle();
  const contactId = (await h.service.conversations.get(phoneNumber))?.contactId;
  if (state === 'bot') return contactId;
  h.handsets.text(phoneNumber, 'agent');
  await h.settle();
  if (state === 'queued') return contactId;
  h.connect.join(contactId as string, agentName);
  await h.settle();
  return contactId;
}
