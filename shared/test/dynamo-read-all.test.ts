import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { defineTable, ensureTables } from '../src/dynamo/index.ts';
import { queryAll, ReadLimitExceededError, scanAll } from '../src/dynamo-query/index.ts';
import { rejects } from '../src/testing/index.ts';
import { e164 } from '../src/contracts/common.ts';
import { isE164 } from '../src/phone/index.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test('queryAll and scanAll follow LastEvaluatedKey and refuse to return a silently partial list', async () => {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const documents = DynamoDBDocumentClient.from(client);
  const table = defineTable({ name: 'items', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' } });
  const TableName = 'switchboard-test-items';
  try {
    await ensureTables(client, [table], () => TableName);
    for (let i = 0; i < 7; i++) await documents.send(new PutCommand({ TableName, Item: { pk: 'job-1', sk: `r-${i}` } }));
    await documents.send(new PutCommand({ TableName, Item: { pk: 'job-2', sk: 'r-0' } }));
    const input = { TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'job-1' }, Limit: 2 };
    const all = await queryAll<{ sk: string }>(documents, input);
    assert.equal(
      all.map((item) => item.sk),
      ['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6'],
      'four pages of two',
    );
    await rejects(() => queryAll(documents, input, { maxPages: 2 }), ReadLimitExceededError);
    await rejects(() => queryAll(documents, input, { maxItems: 5 }), /more than 5 items/);
    assert.is((await scanAll(documents, { TableName, Limit: 3 })).length, 8);
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('one E.164 syntax: the phone check and the event contracts agree', () => {
  for (const value of ['+14155552671', '+6831234', '+442079460958', '+123456789012345']) {
    assert.ok(isE164(value), value);
    assert.ok(e164.safeParse(value).success, value);
  }
  for (const value of ['+123456', '+0123456789', '14155552671', '+1234567890123456', '+1 415 555 2671']) {
    assert.not.ok(isE164(value), value);
    assert.not.ok(e164.safeParse(value).success, value);
  }
});

test.run();
