import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defineTable, ensureTables, TimeoutError, withTimeout } from '@switchboard/shared/dynamo';
import { rejects } from '@switchboard/shared/testing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test('defineTable refuses bad names and conflicting key types', () => {
  assert.throws(() => defineTable({ name: 'Departments', partitionKey: { name: 'pk', type: 'S' } }), /kebab-case/);
  assert.throws(
    () =>
      defineTable({ name: 'calls', partitionKey: { name: 'pk', type: 'S' }, indexes: [{ name: 'by-n', partitionKey: { name: 'pk', type: 'N' } }] }),
    /declared as S and N/,
  );
});

test('ensureTables creates tables with their indexes in dynalite, and is idempotent', async () => {
  const server = dynalite({ createTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const table = defineTable({
    name: 'calls',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [{ name: 'by-department', partitionKey: { name: 'department', type: 'S' }, sortKey: { name: 'sk', type: 'S' } }],
  });
  const name = (def: { name: string }) => `switchboard-test-routing-${def.name}`;
  try {
    await ensureTables(client, [table], name);
    await ensureTables(client, [table], name);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'switchboard-test-routing-calls' }));
    assert.is(Table?.TableStatus, 'ACTIVE');
    assert.is(Table?.GlobalSecondaryIndexes?.[0]?.IndexName, 'by-department');
    assert.is(Table?.AttributeDefinitions?.length, 3);
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('withTimeout rejects a call that hangs and passes one that answers', async () => {
  await rejects(
    () => withTimeout(new Promise(() => {}), 10, 'table lookup'),
    (error: unknown) => error instanceof TimeoutError && /table lookup/.test(String(error)),
  );
  assert.is(await withTimeout(Promise.resolve(7), 1000, 'x'), 7);
});

test.run();
