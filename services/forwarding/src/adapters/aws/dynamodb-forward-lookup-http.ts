/**
 * The SMA's one table read — DynamoDB `GetItem` of a number's forward — over the signed JSON client instead of the
 * SDK: the caller hears this function's cold start, and the SDK's DynamoDB client was most of it. Same item layout
 * and the same answer as `DynamoForwardStore.getForward` (../forwards-table.ts).
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { JsonServiceClient } from '@switchboard/shared/aws-http';
import type { Forward } from '../../domain/forward.ts';
import { forwardKey, forwardOf } from '../forwards-table.ts';

type AttributeMap = Parameters<typeof unmarshall>[0];

export class HttpDynamoDbForwardLookup {
  constructor(
    private readonly options: {
      client: JsonServiceClient;
      tableName: string;
      /** A fresh deadline per request (the caller's handler has its own, shorter one). */
      signal?: () => AbortSignal | undefined;
    },
  ) {}

  async getForward(e164: string): Promise<Forward | undefined> {
    const key = forwardKey(e164);
    const out = await this.options.client.post<{ Item?: AttributeMap }>(
      '/',
      { TableName: this.options.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true },
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      this.options.signal?.(),
    );
    return forwardOf(out.Item ? (unmarshall(out.Item) as Record<string, unknown>) : undefined);
  }
}
