/**
 * Forwarding: how long the SMA handler takes to answer (budget: 1 s, Chime retries after 5 s), and what a whole
 * simulated call costs. Baseline measured in the same run: parsing the event alone (the floor any handler pays).
 *
 *   node --import tsx bench/forwarding-sma.bench.ts
 *
 * Rows:
 * - parse only (baseline)          parseSmaEvent on NEW_INBOUND_CALL
 * - decide, forward in memory      the handler with an in-memory lookup (domain + response validation)
 * - decide, forward in dynalite    the handler with the real DynamoDB adapter over loopback (dynalite)
 * - lookup hangs (deadline)        the handler when the table never answers: the 600 ms deadline, then the fallback
 * - simulated call, 3 destinations busy → no-answer → answer, caller hangs up (6 invocations)
 * - toll-fraud guard               checkDestinations on 5 destinations
 */
import { readFileSync } from 'node:fs';
import { parseSmaEvent } from '@switchboard/shared/chime';
import { startDynamoDb } from '@switchboard/shared/local';
import { ensureTables } from '@switchboard/shared/dynamo';
import { simulateCall } from '../services/forwarding/src/adapters/local/call-simulator.ts';
import { DynamoForwardStore } from '../services/forwarding/src/adapters/aws/dynamodb-forward-store.ts';
import { forwardsTable } from '../services/forwarding/src/adapters/forwards-table.ts';
import { forwardSettingsSchema, type Forward } from '../services/forwarding/src/domain/forward.ts';
import { checkDestinations } from '../services/forwarding/src/domain/toll-fraud-guard.ts';
import { createSmaHandler } from '../services/forwarding/src/application/sma-call-handler.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const prompts = { bucket: 'bench-prompts', pleaseWaitKey: 'wait.wav', unableToConnectKey: 'unable.wav', voiceId: 'Joanna', languageCode: 'en-US' };
const event = JSON.parse(readFileSync(new URL('../services/forwarding/test/fixtures/sma/new-inbound-call.json', import.meta.url), 'utf8'));
const forward: Forward = {
  ...forwardSettingsSchema.parse({
    destinations: ['+13125550199', '+12025550123', '+14155550142'].map((number) => ({ number, ringTimeoutSeconds: 20 })),
  }),
  phoneNumber: '+13125550100',
  owner: 'bench',
  revision: 1,
  updatedAt: new Date().toISOString(),
  updatedBy: 'bench',
};

async function measure(label: string, iterations: number, run: () => Promise<unknown> | unknown) {
  for (let i = 0; i < Math.min(50, iterations); i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  console.log(
    `${label.padEnd(44)} n=${String(iterations).padStart(5)}  p50 ${at(0.5).toFixed(3).padStart(8)} ms  p99 ${at(0.99).toFixed(3).padStart(8)} ms  max ${at(1).toFixed(3).padStart(8)} ms`,
  );
  return at(0.5);
}

const baseline = await measure('parse only (baseline)', 5000, () => parseSmaEvent(event));

const inMemory = createSmaHandler({ lookupForward: async () => forward, publishFact: async () => undefined, prompts });
const decided = await measure('decide, forward in memory', 5000, () => inMemory(event));

const dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
const tableName = (def: { name: string }) => `bench-${def.name}`;
await ensureTables(dynamo.client, [forwardsTable], tableName);
const store = new DynamoForwardStore(dynamo.documentClient, tableName(forwardsTable));
await store.putForward(forward, 0, {
  phoneNumber: forward.phoneNumber,
  at: forward.updatedAt,
  id: 'bench',
  actor: 'bench',
  action: 'forward-set',
  before: null,
  after: forward,
});
const withTable = createSmaHandler({ lookupForward: (e164) => store.getForward(e164), publishFact: async () => undefined, prompts });
const fromTable = await measure('decide, forward in dynalite (loopback)', 1000, () => withTable(event));

const hanging = createSmaHandler({ lookupForward: () => new Promise(() => undefined), publishFact: async () => undefined, prompts });
await measure('lookup hangs (600 ms deadline, fallback)', 5, () => hanging(event));

const call = await measure('simulated call, busy → no-answer → answer', 500, () =>
  simulateCall({ from: '+14155552671', to: forward.phoneNumber, answer: ['busy', 'no-answer', 'answer'] }, withTable, {
    sipMediaApplicationId: 'bench',
  }),
);

const destinations = ['+13125550191', '+13125550192', '+12025550123', '+18005550199', '+14155550142'].map((number) => ({
  number,
  ringTimeoutSeconds: 20,
}));
await measure('toll-fraud guard, 5 destinations', 5000, () => checkDestinations('+13125550100', destinations));

console.log(
  `\nper-invocation decision cost over the parse baseline: ${(decided - baseline).toFixed(3)} ms (in memory), ${(fromTable - baseline).toFixed(3)} ms (dynalite)`,
);
console.log(`a whole 3-destination call (6 invocations, 1 table read): ${call.toFixed(3)} ms; the SMA budget per invocation is 1000 ms`);
await dynamo.close();
