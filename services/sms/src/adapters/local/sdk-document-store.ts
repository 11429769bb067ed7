/**
 * The DocumentStore over an SDK DocumentClient: how the local stage hands the platform's dynalite client to the
 * repositories (in Lambda they use the small signed client, adapters/aws/dynamodb-document-store.ts).
 */
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { DocumentStore, Item, WriteRequest } from '../aws/dynamodb-document-store.ts';

export function sdkDocumentStore(client: DynamoDBDocumentClient): DocumentStore {
  return {
    get: async (input) => {
      const { Item } = await client.send(new GetCommand(input));
      return Item ? { Item } : {};
    },
    put: async (input) => {
      await client.send(new PutCommand(input));
    },
    update: async (input) => {
      const { Attributes } = await client.send(new UpdateCommand(input));
      return Attributes ? { Attributes } : {};
    },
    delete: async (input) => {
      await client.send(new DeleteCommand(input));
    },
    query: async (input) => {
      const out = await client.send(new QueryCommand(input));
      return { Items: (out.Items ?? []) as Item[], ...(out.LastEvaluatedKey ? { LastEvaluatedKey: out.LastEvaluatedKey } : {}) };
    },
    scan: async (input) => {
      const out = await client.send(new ScanCommand(input));
      return { Items: (out.Items ?? []) as Item[], ...(out.LastEvaluatedKey ? { LastEvaluatedKey: out.LastEvaluatedKey } : {}) };
    },
    batchWrite: async (input) => {
      const out = await client.send(new BatchWriteCommand(input));
      const unprocessed = Object.entries(out.UnprocessedItems ?? {}).filter(([, requests]) => requests.length > 0);
      return unprocessed.length > 0 ? { UnprocessedItems: Object.fromEntries(unprocessed) as Record<string, WriteRequest[]> } : {};
    },
  };
}
