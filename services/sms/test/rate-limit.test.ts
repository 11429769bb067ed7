/** The shared send-rate bucket on dynalite: two "Lambda instances" draw from one budget. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '@switchboard/shared/dynamo';
import { stateTable } from '../src/adapters/tables.ts';
import { DynamoSendRateLimiter } from '../src/adapters/aws/dynamodb-send-rate-limiter.ts';
import { sdkDocumentStore } from '../src/adapters/local/sdk-document-store.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test('two instances share one bucket: the identity never exceeds its rate', async () => {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const documentClient = sdkDocumentStore(DynamoDBDocumentClient.from(client));
  try {
    await ensureTables(client, [stateTable], (def) => `rate-${def.name}`);
    let now = 1_000_000;
    const waits: number[] = [];
    const options = {
      identity: 'arn:aws:sms-voice:us-east-1:1:phone-number/p',
      perSecond: 2,
      burst: 2,
      nowMs: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
    };
    const a = new DynamoSendRateLimiter(documentClient, 'rate-sms-state', options);
    const b = new DynamoSendRateLimiter(documentClient, 'rate-sms-state', options);
    await a.take(1);
    await b.take(1);
    assert.equal(waits, [], 'the burst is shared, not per instance');
    await a.take(1);
    await b.take(1);
    assert.is(now - 1_000_000, 1000, 'two more parts at 2/s take a second, whichever instance sends');
    await Promise.all([a.take(1), b.take(1), a.take(1)]);
    assert.ok(now - 1_000_000 >= 2500, 'concurrent takers still respect the rate');
    const other = new DynamoSendRateLimiter(documentClient, 'rate-sms-state', { ...options, identity: 'another-number' });
    const before = now;
    await other.take(2);
    assert.is(now, before, 'each origination identity has its own bucket');
    assert.throws(
      () => new DynamoSendRateLimiter(documentClient, 't', { ...options, perSecond: 0 }),
      (e: unknown) => e instanceof RangeError,
    );
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test.run();
