/**
 * A whole SMS service on loopback for tests: dynalite tables, the local bus, simulated handsets and Connect,
 * the Lex stand-in on the FAQ table — and the REAL handlers, fed real-shaped SNS events.
 */
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalBus } from '@switchboard/shared/bus';
import { ensureTables } from '@switchboard/shared/dynamo';
import { AwsHttpClient } from '@switchboard/shared/aws-http';
import { HttpDocumentStore } from '../src/adapters/aws/dynamodb-document-store.ts';
import { smsTables } from '../src/adapters/tables.ts';
import type { createChatStreamHandler } from '../src/application/chat-stream-handler.ts';
import type { createInboundSmsHandler } from '../src/application/inbound-sms-handler.ts';
import { composeLocalSms, type LocalSms } from '../src/composition/local.ts';
import type { SimulatedConnect } from '../src/adapters/local/connect-chat.ts';
import type { SimulatedHandsets } from '../src/adapters/local/handsets.ts';
import type { SnsDelivery } from '../src/adapters/local/sns-delivery.ts';
import type { Clock, SendGuard } from '../src/domain/ports.ts';
import type { SmsServiceParts } from '../src/composition/sms-service.ts';
import type { DrainResult } from '../src/application/mailbox-processor.ts';
import type { FaqEntry } from '../src/domain/faq.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const SERVICE_NUMBER = '+12125550101';
export const quiet = { info() {}, warn() {}, error() {} };

/** A handler result that was processed (not rejected as malformed): fails the test otherwise. */
export function drained(result: unknown): DrainResult & { duplicate: boolean } {
  if (!result || typeof result !== 'object' || 'rejected' in result) throw new Error(`expected a processed record, got ${JSON.stringify(result)}`);
  return result as DrainResult & { duplicate: boolean };
}

/** The SYSTEM prompt of the reference chat flow (Ryanjlowe/amazon-pinpoint-sms-connect-chat "Basic Chat"). */
export function referenceQueueGreeting(): string {
  const flow = JSON.parse(readFileSync(new URL('./fixtures/samples/Basic Chat.json', import.meta.url), 'utf8')) as {
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
  service: LocalSms['service'];
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
  overrides: {
    options?: SmsServiceParts['options'];
    clock?: Clock;
    sleep?: (ms: number) => Promise<void>;
    faq?: FaqEntry[];
    retries?: number;
    guard?: SendGuard;
  } = {},
): Promise<Harness> {
  const server = dynalite({ createTableMs: 0, updateTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  // The Lambdas' own DynamoDB path — the small signed client — against dynalite over loopback.
  const store = new HttpDocumentStore(
    new AwsHttpClient({ signingName: 'dynamodb', region: 'local', endpoint, credentials: () => ({ accessKeyId: 'x', secretAccessKey: 'x' }) }),
  );
  const run = (tableCounter += 1);
  const name = (def: { name: string }) => `switchboard-test${run}-sms-${def.name}`;
  await ensureTables(client, smsTables, name);

  const bus = new LocalBus({ retryDelayMs: 1 });
  const local = composeLocalSms({
    store,
    tables: { state: name(smsTables[0]), optOuts: name(smsTables[1]), faq: name(smsTables[2]) },
    bus,
    log: quiet,
    serviceNumber: SERVICE_NUMBER,
    queueGreeting: referenceQueueGreeting(),
    delivery: { retries: overrides.retries ?? 2, retryDelayMs: 2 },
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    options: overrides.options ?? {},
    ...(overrides.guard ? { guard: overrides.guard } : {}),
  });
  const { service, handsets, connect, inbound, stream, inboundHandler, streamHandler } = local;
  await service.faq.replaceAll(overrides.faq ?? FAQ);

  const settle = async () => {
    for (let i = 0; i < 50; i += 1) {
      await local.settle();
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
export async function driveTo(
  h: Harness,
  phoneNumber: string,
  state: 'offered' | 'bot' | 'queued' | 'agent',
  agentName = 'Alex',
): Promise<string | undefined> {
  const outcome = await h.service.deflection.requestDeflection({
    phoneNumber,
    correlationId: `call-${phoneNumber}`,
    requestKey: `request-${phoneNumber}-${Date.now()}`,
    requestedBy: 'switchboard.routing',
    callId: `call-${phoneNumber}`,
    department: 'billing',
  });
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
