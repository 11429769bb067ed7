/**
 * sms relay under load on the local-stage composition (dynalite, simulated handsets and Connect, the REAL SNS
 * handlers behind simulated SNS deliveries that run in parallel and overtake each other):
 *
 *   N conversations (default 1,000) brought to an agent, then every customer and every agent send M messages
 *   (default 10 each way) concurrently — customers and agents type at a human-ish pace (a gap between their own
 *   messages), all conversations at once.
 *
 * Prints: messages lost (target 0), messages reordered within a conversation and direction (target 0), and the
 * relay latency (send → delivered to the other side) p50/p99, for the reorder window off and on. The baseline,
 * measured in the same run, is a bare SNS-delivery → provider relay with no mailbox, dedupe, ordering or state:
 * "added" latency is the service's p99 minus the baseline's.
 *
 *   node --import tsx bench/sms-relay.bench.ts [conversations] [messagesEachWay]
 *   env: SMS_BENCH_GAP_MS (pace per sender, default 60000: a person texting about once a minute, ≈ 33 relays/s for
 *        1,000 conversations, which one dynalite core sustains; a small gap such as 250 is an overload test whose
 *        latency is queueing time), SMS_BENCH_WINDOWS (reorder windows to run, default "0"; "0,250" compares both)
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalBus } from '@switchboard/shared/bus';
import { ensureTables } from '@switchboard/shared/dynamo';
import { AwsHttpClient } from '@switchboard/shared/aws-http';
import { HttpDocumentStore } from '../services/sms/src/adapters/aws/dynamodb-document-store.ts';
import { composeLocalSms, type LocalSms } from '../services/sms/src/composition/local.ts';
import { SnsDelivery, snsEvent } from '../services/sms/src/adapters/local/sns-delivery.ts';
import { smsTables } from '../services/sms/src/adapters/tables.ts';
import type { ChatGateway, SmsProvider } from '../services/sms/src/domain/ports.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CONVERSATIONS = Number(process.argv[2] ?? process.env.SMS_BENCH_CONVERSATIONS ?? 1000);
const MESSAGES = Number(process.argv[3] ?? process.env.SMS_BENCH_MESSAGES ?? 10);
/** Gap between one sender's own messages (ms): people do not send ten texts in the same millisecond. */
const GAP_MS = Number(process.env.SMS_BENCH_GAP_MS ?? 60_000);
/** The baseline only measures the transport; it runs this much faster so the benchmark does not take twice as long. */
const BASELINE_SPEEDUP = 10;
const quiet = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Messages received after one with a higher index (per conversation and direction). */
function reorderedCount(received: number[]): number {
  let highest = -1;
  let reordered = 0;
  for (const index of received) {
    if (index < highest) reordered += 1;
    highest = Math.max(highest, index);
  }
  return reordered;
}

const phoneFor = (n: number) => `+1425${String(2_000_000 + n).padStart(7, '0')}`;

/**
 * dynalite in a child process: on the same event loop it would compete with the service for one core and the
 * figures would mostly measure that contention.
 */
async function startDynamo() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', DYNALITE_CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 10,
  });
  return {
    client,
    // The functions' own DynamoDB path: the small signed client (retrying dynalite's throttling like the SDK did).
    store: new HttpDocumentStore(
      new AwsHttpClient({
        signingName: 'dynamodb',
        region: 'local',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: () => ({ accessKeyId: 'x', secretAccessKey: 'x' }),
        maxAttempts: 10,
        timeoutMs: 120_000,
      }),
    ),
    stop: async () => {
      client.destroy();
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const DYNALITE_CHILD = `
import dynalite from 'dynalite';
const server = dynalite({ createTableMs: 0, updateTableMs: 0, deleteTableMs: 0 });
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

interface RunResult {
  label: string;
  sent: number;
  lost: number;
  duplicated: number;
  reordered: number;
  p50: number;
  p99: number;
  seconds: number;
}

async function runService(label: string, reorderWindowMs: number): Promise<RunResult> {
  const dynamo = await startDynamo();
  const name = (def: { name: string }) => `bench-${reorderWindowMs}-${def.name}`;
  await ensureTables(dynamo.client, smsTables, name);
  // What leaves the service, timed where it leaves: texts to handsets, customer messages into the chat.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const toCustomer = new Map<number, number[]>();
  const toAgent = new Map<number, number[]>();
  const arrivals = new Map<string, number>();
  const chatClientTokens = new Set<string>();
  const record = (body: string) => {
    const match = /^(?:Alex: )?([ca])(\d+)-(\d+)$/u.exec(body);
    if (!match) return;
    const [, who, conversation, index] = match;
    const key = `${who}${conversation}-${index}`;
    arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
    const started = sentAt.get(key);
    if (started !== undefined && arrivals.get(key) === 1) latencies.push(performance.now() - started);
    const target = who === 'a' ? toCustomer : toAgent;
    const list = target.get(Number(conversation)) ?? [];
    list.push(Number(index));
    target.set(Number(conversation), list);
  };
  let local: LocalSms | undefined;
  local = composeLocalSms({
    store: dynamo.store,
    tables: { state: name(smsTables[0]), optOuts: name(smsTables[1]), faq: name(smsTables[2]) },
    bus: new LocalBus(),
    log: quiet,
    serviceNumber: '+12125550101',
    delivery: { retries: 2, retryDelayMs: 50 },
    decorate: {
      provider: (inner): SmsProvider => ({
        send: async (message) => {
          const result = await inner.send(message);
          record(message.body);
          return result;
        },
      }),
      chat: (inner): ChatGateway => ({
        startChat: (input) => inner.startChat(input),
        startStreaming: (input) => inner.startStreaming(input),
        createConnection: (token) => inner.createConnection(token),
        disconnect: (input) => inner.disconnect(input),
        sendMessage: async (input) => {
          await inner.sendMessage(input);
          // Connect drops a repeated ClientToken (idempotent retry): only the first one reaches the agent.
          if (chatClientTokens.has(input.clientToken)) return;
          chatClientTokens.add(input.clientToken);
          record(input.text);
        },
      }),
    },
    options: { reorderWindowMs, leaseSeconds: 60 },
  });
  const { service, handsets, connect } = local;

  // Bring every conversation to an agent (in waves, so setup does not dominate the figures).
  const contacts: string[] = [];
  for (let start = 0; start < CONVERSATIONS; start += 100) {
    const wave = Array.from({ length: Math.min(100, CONVERSATIONS - start) }, (_, i) => start + i);
    await Promise.all(
      wave.map((n) =>
        service.deflection.requestDeflection({
          requestKey: crypto.randomUUID(),
          requestedBy: 'bench',
          phoneNumber: phoneFor(n),
          correlationId: `bench-${n}`,
          callId: `bench-${n}`,
        }),
      ),
    );
    for (const n of wave) handsets.text(phoneFor(n), 'YES');
    await local.settle();
    for (const n of wave) {
      const contactId = (await service.conversations.get(phoneFor(n)))?.contactId;
      if (!contactId) throw new Error(`conversation ${n} has no chat`);
      contacts[n] = contactId;
      connect.join(contactId, 'Alex');
    }
    await local.settle();
  }

  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, n) => {
      await sleep(Math.random() * GAP_MS); // conversations are not in lockstep
      for (let i = 0; i < MESSAGES; i += 1) {
        sentAt.set(`c${n}-${i}`, performance.now());
        handsets.text(phoneFor(n), `c${n}-${i}`);
        sentAt.set(`a${n}-${i}`, performance.now());
        connect.reply(contacts[n] as string, `a${n}-${i}`);
        await sleep(GAP_MS * (0.5 + Math.random()));
      }
    }),
  );
  await local.settle();
  const seconds = (performance.now() - started) / 1000;

  let lost = 0;
  let duplicated = 0;
  for (const key of sentAt.keys()) {
    const count = arrivals.get(key) ?? 0;
    if (count === 0) lost += 1;
    if (count > 1) duplicated += count - 1;
  }
  let reordered = 0;
  for (const list of [...toCustomer.values(), ...toAgent.values()]) reordered += reorderedCount(list);
  await dynamo.stop();
  local = undefined;
  return { label, sent: sentAt.size, lost, duplicated, reordered, p50: percentile(latencies, 50), p99: percentile(latencies, 99), seconds };
}

/** Baseline: the same simulated SNS deliveries straight into a provider, with no mailbox, state or ordering. */
async function runBaseline(): Promise<RunResult> {
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const seen = new Set<string>();
  const received = new Map<number, number[]>();
  const delivery = new SnsDelivery(async (event) => {
    const body = JSON.parse(event.Records[0]!.Sns.Message) as { messageBody: string };
    const match = /^c(\d+)-(\d+)$/u.exec(body.messageBody);
    if (!match) return;
    seen.add(body.messageBody);
    latencies.push(performance.now() - (sentAt.get(body.messageBody) ?? performance.now()));
    const list = received.get(Number(match[1])) ?? [];
    list.push(Number(match[2]));
    received.set(Number(match[1]), list);
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, n) => {
      await sleep((Math.random() * GAP_MS) / BASELINE_SPEEDUP);
      for (let i = 0; i < MESSAGES * 2; i += 1) {
        const body = `c${n}-${i}`;
        sentAt.set(body, performance.now());
        delivery.publish(snsEvent({ topicArn: 'arn:aws:sns:us-east-1:000000000000:baseline', message: JSON.stringify({ messageBody: body }) }));
        if (i % 2 === 1) await sleep((GAP_MS / BASELINE_SPEEDUP) * (0.5 + Math.random()));
      }
    }),
  );
  await delivery.idle();
  let reordered = 0;
  for (const list of received.values()) reordered += reorderedCount(list);
  return {
    label: `baseline: SNS delivery only (pace ×${BASELINE_SPEEDUP})`,
    sent: sentAt.size,
    lost: sentAt.size - seen.size,
    duplicated: 0,
    reordered,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds: (performance.now() - started) / 1000,
  };
}

const results: RunResult[] = [];
console.log(`sms relay: ${CONVERSATIONS} conversations × ${MESSAGES} messages each way (gap ≈ ${GAP_MS} ms per sender), local-stage composition`);
results.push(await runBaseline());
for (const window of (process.env.SMS_BENCH_WINDOWS ?? '0').split(',').map(Number)) {
  results.push(await runService(`service, reorder window ${window} ms`, window));
}

const baseline = results[0] as RunResult;
console.log('');
console.log('run                                         messages    lost     dup  reordered     p50 ms     p99 ms  added p99 ms  wall s');
for (const r of results) {
  const added = r === baseline ? '' : (r.p99 - baseline.p99).toFixed(1);
  console.log(
    `${r.label.padEnd(44)}${String(r.sent).padStart(8)}${String(r.lost).padStart(8)}${String(r.duplicated).padStart(8)}${String(r.reordered).padStart(11)}${r.p50.toFixed(1).padStart(11)}${r.p99.toFixed(1).padStart(11)}${added.padStart(14)}${r.seconds.toFixed(1).padStart(8)}`,
  );
}
console.log('');
console.log('lost: sent but never delivered; dup: delivered more than once; reordered: delivered after a later message of the same sender.');
console.log('added p99: the service p99 minus the baseline p99 (same machine, same run). Dynalite on one loaded core dominates; in AWS each');
console.log('delivery is its own Lambda with single-digit-ms DynamoDB calls. The reorder window adds up to its length to every relay by design.');
