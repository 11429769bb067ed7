/**
 * Spend counters in DynamoDB through the SDK DocumentClient; the requests themselves are in conditional-store.ts.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defineTable } from '../dynamo/table-definition.ts';
import { ConditionalSpendCounterStore } from './conditional-store.ts';

/** The counters table: `pk` = `user#calls#2026-12-03#<sub>` or `stage#texts#2026-12-03`; `used` (N); `expiresAt` (TTL). */
export const spendLimitsTable = defineTable({
  name: 'spend-limits',
  partitionKey: { name: 'pk', type: 'S' },
  ttlAttribute: 'expiresAt',
});

/** The counters over the SDK DocumentClient. */
export class DynamoSpendCounterStore extends ConditionalSpendCounterStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super((input) => client.send(new UpdateCommand(input)), tableName);
  }
}
