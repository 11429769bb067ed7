/**
 * What the console reads beyond the incident API: a device's recent telemetry (the bounded window kept with the
 * detector state, its threshold lines and anomalies), where an incident's escalation stands, and the knowledge
 * documents with their ingestion status — role-checked and bounded like every route.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mockClient } from 'aws-sdk-client-mock';
import { createLocalIssuer } from '@switchboard/shared/http';
import { createApp } from '../src/api/app.ts';
import { ingestError, ingestTelemetryBatch } from '../src/application/intake.ts';
import { LocalKnowledgeSync } from '../src/adapters/local/local-knowledge-sync.ts';
import { chunkDocument } from '../src/domain/knowledge.ts';
import { appendSamples, HISTORY_SAMPLES, toSample } from '../src/domain/telemetry-history.ts';
import { createHarness, reading, startDynamo } from './support/harness.ts';

type Context = { dynamo: Awaited<ReturnType<typeof startDynamo>> };
const consoleApi = suite<Context>('console api', {} as Context);
consoleApi.before(async (context) => {
  context.dynamo = await startDynamo();
});
consoleApi.after(async (context) => {
  await context.dynamo.stop();
});

async function setup(dynamo: Context['dynamo']) {
  const h = await createHarness(dynamo);
  const knowledge = new LocalKnowledgeSync(
    chunkDocument('aircon_manual.md', '# Manual\nThe filter.\n## Cleaning\nRinse it.'),
    () => undefined,
    chunkDocument('Troubleshooting_Guide.txt', '## Error Code: E1\nhot'),
    () => new Date('2026-03-04T12:00:00.000Z'),
  );
  const service = {
    stage: 'dev',
    incidents: h.incidents,
    devices: h.devices,
    tickets: h.tickets,
    runbook: h.runbookStore,
    engine: h.engine,
    commander: h.commander,
    assistant: { ask: async () => ({ answer: 'not asked in these tests', sources: [] }) },
    allowFaultInjection: true,
    allowedCountries: ['US'],
    knowledge,
  };
  const issuer = await createLocalIssuer();
  const app = createApp({ service, verifier: issuer.verifier, version: '0.1.0' });
  const tokens = {
    operator: await issuer.issueToken({ username: 'olivia', groups: ['operator'] }),
    supervisor: await issuer.issueToken({ username: 'sam', groups: ['supervisor'] }),
    agent: await issuer.issueToken({ username: 'ann', groups: ['agent'] }),
  };
  const get = (path: string, token: string) => app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { h, get, tokens, knowledge };
}

consoleApi('the telemetry window keeps the newest readings in receive order, without a redelivered reading twice', () => {
  const sample = (at: number) => toSample(reading({ power_consumption_watts: at }) as never, at, []);
  const window = appendSamples(
    Array.from({ length: HISTORY_SAMPLES }, (_, i) => sample(i)),
    [sample(HISTORY_SAMPLES + 1), sample(HISTORY_SAMPLES)],
  );
  assert.is(window.length, HISTORY_SAMPLES);
  assert.equal([window[0]!.at, window.at(-2)!.at, window.at(-1)!.at], [2, HISTORY_SAMPLES, HISTORY_SAMPLES + 1]);
  assert.is(appendSamples(window, [sample(5)]).length, HISTORY_SAMPLES, 'a reading already held replaces itself');
  assert.equal(toSample(reading({ error_code: 'E3' }) as never, 1, ['W1']), { at: 1, t: 24, p: 212, w: 880, e: 'E3', a: ['W1'] });
});

consoleApi(
  'GET /devices/{id}/telemetry: readings with the W1 threshold line and the readings W1 fired on; bounded; readers only',
  async ({ dynamo }) => {
    const { h, get, tokens } = await setup(dynamo);
    let t = Date.parse('2026-03-04T12:00:00.000Z');
    const watts = [900, 910, 1300, 1350, 1400, 1380, 905];
    await ingestTelemetryBatch(
      h.intake,
      watts.map((w) => ({ deviceId: 'aircon_1', payload: reading({ power_consumption_watts: w }), receivedAt: (t += 10_000) })),
    );
    const response = await get('/devices/aircon_1/telemetry', tokens.operator);
    assert.is(response.status, 200);
    const body = (await response.json()) as {
      items: Array<{ at: string; powerWatts: number; anomalies: string[] }>;
      thresholds: Array<{ code: string; metric: string; limit: number }>;
      window: number;
    };
    assert.equal(
      body.items.map((i) => i.powerWatts),
      watts,
    );
    assert.equal(
      body.items.map((i) => i.anomalies.includes('W1')),
      [false, false, false, false, true, true, true],
      'W1 fires on the third breach of five',
    );
    assert.equal(
      body.thresholds.map((l) => `${l.code} ${l.metric} ${l.limit}`),
      ['W1 power_consumption_watts 1200'],
    );
    assert.is(body.window, HISTORY_SAMPLES);
    const newest = (await (await get('/devices/aircon_1/telemetry?limit=2', tokens.supervisor)).json()) as typeof body;
    assert.equal(
      newest.items.map((i) => i.powerWatts),
      [1380, 905],
    );
    assert.is((await get(`/devices/aircon_1/telemetry?limit=${HISTORY_SAMPLES + 1}`, tokens.operator)).status, 422, 'the window is the bound');
    assert.is((await get('/devices/aircon_9/telemetry', tokens.operator)).status, 404);
    assert.is((await get('/devices/aircon_1/telemetry', tokens.agent)).status, 403);
  },
);

consoleApi('an incident shows where its escalation stands (which contact, who failed, acknowledged)', async ({ dynamo }) => {
  const { h, get, tokens } = await setup(dynamo);
  await ingestError(h.intake, { deviceId: 'aircon_1', payload: { error_code: 'E3', timestamp: 1741094472.123 }, receivedAt: Date.now() });
  const [incident] = await h.incidents.list({ deviceId: 'aircon_1' });
  const body = (await (await get(`/incidents/${incident!.incidentId}`, tokens.operator)).json()) as {
    escalation?: { attempt: number; acknowledged: boolean; exhausted: boolean; failures: unknown[] };
  };
  assert.equal(
    body.escalation && {
      attempt: body.escalation.attempt,
      acknowledged: body.escalation.acknowledged,
      exhausted: body.escalation.exhausted,
      failures: body.escalation.failures,
    },
    { attempt: 1, acknowledged: false, exhausted: false, failures: [] },
  );
});

consoleApi('GET /knowledge: each document with its chunks and when it was indexed; a runbook edit re-indexes', async ({ dynamo }) => {
  const { get, tokens, knowledge } = await setup(dynamo);
  const body = (await (await get('/knowledge', tokens.supervisor)).json()) as {
    ingestion: { status: string };
    documents: Array<{ name: string; chunks: number; indexedAt: string }>;
  };
  assert.is(body.ingestion.status, 'COMPLETE');
  assert.equal(
    body.documents.map((d) => `${d.name}:${d.chunks}`),
    ['Troubleshooting_Guide.txt:1', 'aircon_manual.md:2'],
  );
  await knowledge.publishGuide('## Error Code: E1\nhot\n## Error Code: E2\ncold');
  const after = (await (await get('/knowledge', tokens.operator)).json()) as typeof body;
  assert.equal(
    after.documents.map((d) => `${d.name}:${d.chunks}`),
    ['Troubleshooting_Guide.txt:2', 'aircon_manual.md:2'],
  );
  assert.is((await get('/knowledge', tokens.agent)).status, 403);
});

consoleApi("BedrockKnowledgeSync reports the data source's newest ingestion job for every document", async () => {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { BedrockAgentClient, ListIngestionJobsCommand } = await import('@aws-sdk/client-bedrock-agent');
  const { BedrockKnowledgeSync } = await import('../src/adapters/aws/bedrock-knowledge-sync.ts');
  const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
  const bedrock = new BedrockAgentClient({ region: 'us-east-1', credentials });
  const mock = mockClient(bedrock);
  const updatedAt = new Date('2026-03-04T12:05:00.000Z');
  mock
    .on(ListIngestionJobsCommand)
    .resolvesOnce({
      ingestionJobSummaries: [{ ingestionJobId: 'J1', status: 'COMPLETE', startedAt: new Date('2026-03-04T12:00:00.000Z'), updatedAt } as never],
    })
    .resolvesOnce({ ingestionJobSummaries: [] });
  const sync = new BedrockKnowledgeSync(new S3Client({ region: 'us-east-1', credentials }), bedrock, {
    bucket: 'kb',
    key: 'k',
    knowledgeBaseId: 'KB',
    dataSourceId: 'DS',
    documents: ['Troubleshooting_Guide.txt', 'aircon_manual.md'],
  });
  const status = await sync.status();
  assert.equal(status.ingestion, { status: 'COMPLETE', jobId: 'J1', startedAt: '2026-03-04T12:00:00.000Z', updatedAt: updatedAt.toISOString() });
  assert.equal(
    status.documents.map((d) => d.indexedAt),
    [updatedAt.toISOString(), updatedAt.toISOString()],
  );
  assert.equal(mock.commandCalls(ListIngestionJobsCommand)[0]!.args[0].input.dataSourceId, 'DS');
  assert.is((await sync.status()).ingestion.status, 'NONE', 'no job yet');
});

consoleApi.run();
