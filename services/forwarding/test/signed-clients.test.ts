/**
 * The SMA's lean AWS clients (no SDK on the caller's cold path): the forward read (GetItem) against dynalite — it
 * must answer exactly what the SDK store answers — PutEvents against a loopback server, and the composed SMA
 * function (composition/sma.ts) answering a call from a table on dynalite, or a clean 480 when its environment is bad.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JsonServiceClient } from '@switchboard/shared/aws-http';
import { PublishError } from '@switchboard/shared/bus';
import { CallForwarded } from '@switchboard/shared/contracts';
import { ensureTables } from '@switchboard/shared/dynamo';
import { startDynamoDb } from '@switchboard/shared/local';
import { DynamoForwardStore } from '../src/adapters/aws/dynamodb-forward-store.ts';
import { HttpDynamoDbForwardLookup } from '../src/adapters/aws/dynamodb-forward-lookup-http.ts';
import { HttpEventBridgeBus } from '@switchboard/shared/bus';
import { forwardsTable } from '../src/adapters/forwards-table.ts';
import { buildSmaHandler } from '../src/composition/sma.ts';
import { lazySmaHandler } from '../src/application/sma-call-handler.ts';
import { forwardSettingsSchema, type Forward } from '../src/domain/forward.ts';
import type { HistoryEntry } from '../src/domain/history.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const newInboundCall = JSON.parse(readFileSync(new URL('./fixtures/sma/new-inbound-call.json', import.meta.url), 'utf8'));

const forwardFor = (e164: string): Forward => ({
  ...forwardSettingsSchema.parse({ destinations: [{ number: '+13125550199', ringTimeoutSeconds: 20 }], noAnswerMessage: 'Sorry +13125550100' }),
  phoneNumber: e164,
  owner: 'u1',
  revision: 1,
  updatedAt: '2026-03-02T15:00:00.000Z',
  updatedBy: 'alice',
});
const entry = (e164: string, id: string, action: HistoryEntry['action']): HistoryEntry => ({
  phoneNumber: e164,
  at: '2026-03-02T15:00:00.000Z',
  id,
  actor: 'alice',
  action,
  before: null,
  after: null,
});

test('GetItem over the signed client answers what the SDK store answers: a forward, a removed one, none', async () => {
  const dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  try {
    await ensureTables(dynamo.client, [forwardsTable], () => 'signed-forwards');
    const store = new DynamoForwardStore(dynamo.documentClient, 'signed-forwards');
    assert.ok(await store.putForward(forwardFor('+13125550100'), 0, entry('+13125550100', 'h1', 'forward-set')));
    assert.ok(await store.putForward(forwardFor('+13125550101'), 0, entry('+13125550101', 'h2', 'forward-set')));
    assert.ok(await store.deleteForward('+13125550101', 1, entry('+13125550101', 'h3', 'forward-removed')));
    const client = new JsonServiceClient({ service: 'dynamodb', region: 'us-east-1', endpoint: dynamo.endpoint, credentials: () => credentials });
    const lookup = new HttpDynamoDbForwardLookup({ client, tableName: 'signed-forwards' });
    for (const number of ['+13125550100', '+13125550101', '+13125550102']) {
      assert.equal(await lookup.getForward(number), await store.getForward(number), number);
    }
    assert.is((await lookup.getForward('+13125550100'))?.destinations[0]?.number, '+13125550199');
    assert.is(await lookup.getForward('+13125550101'), undefined, 'a removal tombstone is no forward');
  } finally {
    await dynamo.close();
  }
});

async function loopback(answer: (body: any) => { status: number; body: unknown }) {
  const seen: { target?: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text);
      seen.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      const reply = answer(body);
      res.statusCode = reply.status;
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, server, endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const fact = { callId: 'call-a', phoneNumber: '+13125550100', destinationIndex: 0, outcome: 'answered' as const, durationSeconds: 42 };

test('PutEvents: one enveloped entry on the bus; a rejected entry is a PublishError, never a silent drop', async () => {
  let reject = false;
  const { seen, server, endpoint } = await loopback(() =>
    reject
      ? { status: 200, body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] } }
      : { status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] } },
  );
  try {
    const bus = new HttpEventBridgeBus({
      client: new JsonServiceClient({ service: 'events', region: 'us-east-1', endpoint, credentials: () => credentials }),
      busName: 'stage-bus',
      timeoutMs: 300,
    });
    const envelope = await bus.publish(CallForwarded, fact, { correlationId: 'call-a' });
    assert.is(seen[0]!.target, 'AWSEvents.PutEvents');
    const [sent] = seen[0]!.body.Entries;
    assert.is(sent.EventBusName, 'stage-bus');
    assert.is(sent.Source, CallForwarded.source);
    assert.is(sent.DetailType, CallForwarded.detailType);
    assert.equal(JSON.parse(sent.Detail), JSON.parse(JSON.stringify(envelope)));
    reject = true;
    try {
      await bus.publish(CallForwarded, fact, { correlationId: 'call-a' });
      assert.unreachable('a failed entry must throw');
    } catch (error) {
      assert.instance(error, PublishError);
    }
  } finally {
    server.close();
  }
});

test('the composed SMA function bridges a call from the table on dynalite; a bad environment answers 480, not silence', async () => {
  const dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  const { server, endpoint } = await loopback(() => ({ status: 200, body: { FailedEntryCount: 0, Entries: [] } }));
  try {
    await ensureTables(dynamo.client, [forwardsTable], () => 'composed-forwards');
    const store = new DynamoForwardStore(dynamo.documentClient, 'composed-forwards');
    await store.putForward(forwardFor('+13125550100'), 0, entry('+13125550100', 'h1', 'forward-set'));
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
      FORWARDS_TABLE: 'composed-forwards',
      EVENT_BUS_NAME: 'stage-bus',
      PROMPTS_BUCKET: 'prompts-bucket',
    };
    const response = await buildSmaHandler(env)(structuredClone(newInboundCall));
    const bridge = response.Actions.find((a) => a.Type === 'CallAndBridge') as { Parameters: { Endpoints: { Uri: string }[] } } | undefined;
    assert.ok(bridge, `CallAndBridge expected, got ${JSON.stringify(response.Actions)}`);
    assert.is(bridge.Parameters.Endpoints[0]!.Uri, '+13125550199');
    const broken = lazySmaHandler(() => buildSmaHandler({ ...env, FORWARDS_TABLE: undefined }));
    const answer = await broken(structuredClone(newInboundCall));
    assert.equal(answer.Actions, [
      { Type: 'Hangup', Parameters: { CallId: newInboundCall.CallDetails.Participants[0].CallId, SipResponseCode: '480' } },
    ]);
  } finally {
    server.close();
    await dynamo.close();
  }
});

test.run();
