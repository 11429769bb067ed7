/**
 * DynamoDB (`DynamoDB_20120810`, awsJson 1.0) as a document store: the seven operations the sms repositories use,
 * with plain JavaScript values in and out (marshalled by `@aws-sdk/util-dynamodb`, as lib-dynamodb does), over the
 * small signed client. The local stage passes the platform's SDK DocumentClient through the same interface
 * (adapters/local/sdk-document-store.ts).
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AwsHttpClient } from '@switchboard/shared/aws-http';

/** A document: plain JavaScript values, as lib-dynamodb reads and writes them (typed by each repository). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- items are read back field by field, as with lib-dynamodb
// biome-ignore lint/suspicious/noExplicitAny: a DynamoDB item as the document client returns it; callers parse it with their schema
export type Item = Record<string, any>;

interface Expressions {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

export interface QueryInput extends Expressions {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  Limit?: number;
  ExclusiveStartKey?: Item | undefined;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
}

export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** The document operations the repositories need (lib-dynamodb's input and output shapes, trimmed). */
export interface DocumentStore {
  get(input: { TableName: string; Key: Item; ConsistentRead?: boolean }): Promise<{ Item?: Item | undefined }>;
  put(input: { TableName: string; Item: Item } & Expressions): Promise<void>;
  update(
    input: { TableName: string; Key: Item; UpdateExpression: string; ReturnValues?: 'UPDATED_NEW' | 'ALL_NEW' } & Expressions,
  ): Promise<{ Attributes?: Item | undefined }>;
  delete(input: { TableName: string; Key: Item } & Expressions): Promise<void>;
  query(input: QueryInput): Promise<{ Items: Item[]; LastEvaluatedKey?: Item | undefined }>;
  scan(input: Omit<QueryInput, 'KeyConditionExpression' | 'ScanIndexForward'>): Promise<{ Items: Item[]; LastEvaluatedKey?: Item | undefined }>;
  batchWrite(input: { RequestItems: Record<string, WriteRequest[]> }): Promise<{ UnprocessedItems?: Record<string, WriteRequest[]> | undefined }>;
}

type Wire = Record<string, unknown>;
const toWire = (value: Item) => marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false }) as Wire;
const fromWire = (value: unknown): Item => unmarshall(value as Parameters<typeof unmarshall>[0]) as Item;

function withExpressions<T extends Expressions>(input: T): Wire {
  const { ExpressionAttributeValues, ...rest } = input;
  return { ...rest, ...(ExpressionAttributeValues ? { ExpressionAttributeValues: toWire(ExpressionAttributeValues) } : {}) };
}

export class HttpDocumentStore implements DocumentStore {
  constructor(private readonly client: AwsHttpClient) {}

  private call<T>(operation: string, body: Wire): Promise<T> {
    return this.client.target<T>(`DynamoDB_20120810.${operation}`, body, '1.0');
  }

  async get(input: { TableName: string; Key: Item; ConsistentRead?: boolean }) {
    const out = await this.call<{ Item?: Wire }>('GetItem', { ...input, Key: toWire(input.Key) });
    return out.Item ? { Item: fromWire(out.Item) } : {};
  }

  async put(input: { TableName: string; Item: Item } & Expressions) {
    await this.call('PutItem', { ...withExpressions(input), Item: toWire(input.Item) });
  }

  async update(input: { TableName: string; Key: Item; UpdateExpression: string; ReturnValues?: 'UPDATED_NEW' | 'ALL_NEW' } & Expressions) {
    const out = await this.call<{ Attributes?: Wire }>('UpdateItem', { ...withExpressions(input), Key: toWire(input.Key) });
    return out.Attributes ? { Attributes: fromWire(out.Attributes) } : {};
  }

  async delete(input: { TableName: string; Key: Item } & Expressions) {
    await this.call('DeleteItem', { ...withExpressions(input), Key: toWire(input.Key) });
  }

  async query(input: QueryInput) {
    return this.page('Query', input);
  }

  async scan(input: Omit<QueryInput, 'KeyConditionExpression' | 'ScanIndexForward'>) {
    return this.page('Scan', input);
  }

  private async page(operation: 'Query' | 'Scan', input: QueryInput) {
    const { ExclusiveStartKey, ...rest } = input;
    const out = await this.call<{ Items?: Wire[]; LastEvaluatedKey?: Wire }>(operation, {
      ...withExpressions(rest),
      ...(ExclusiveStartKey ? { ExclusiveStartKey: toWire(ExclusiveStartKey) } : {}),
    });
    return { Items: (out.Items ?? []).map(fromWire), ...(out.LastEvaluatedKey ? { LastEvaluatedKey: fromWire(out.LastEvaluatedKey) } : {}) };
  }

  async batchWrite(input: { RequestItems: Record<string, WriteRequest[]> }) {
    const encode = (request: WriteRequest): Wire =>
      'PutRequest' in request
        ? { PutRequest: { Item: toWire(request.PutRequest.Item) } }
        : { DeleteRequest: { Key: toWire(request.DeleteRequest.Key) } };
    const decode = (request: Record<string, { Item?: Wire; Key?: Wire }>): WriteRequest =>
      request.PutRequest?.Item
        ? { PutRequest: { Item: fromWire(request.PutRequest.Item) } }
        : { DeleteRequest: { Key: fromWire(request.DeleteRequest?.Key) } };
    const out = await this.call<{ UnprocessedItems?: Record<string, Record<string, { Item?: Wire; Key?: Wire }>[]> }>('BatchWriteItem', {
      RequestItems: Object.fromEntries(Object.entries(input.RequestItems).map(([table, requests]) => [table, requests.map(encode)])),
    });
    const unprocessed = Object.entries(out.UnprocessedItems ?? {}).filter(([, requests]) => requests.length > 0);
    return unprocessed.length > 0
      ? { UnprocessedItems: Object.fromEntries(unprocessed.map(([table, requests]) => [table, requests.map(decode)])) }
      : {};
  }
}
