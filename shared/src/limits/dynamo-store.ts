/**
 * Spend counters in DynamoDB: one item per counter and window, `UpdateItem` with `ADD` and a condition so that
 * concurrent Lambdas can never together pass a ceiling (each update is atomic on its item), and a TTL attribute
 * so old windows delete themselves.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defineTable } from '../dynamo/table-definition.ts';
import { isConditionalCheckFailed } from '../dynamo/errors.ts';
import type { SpendCounterStore } from './spend-limiter.ts';

/** The counters table: `pk` = `user#calls#2026-12-03#<sub>` or `stage#texts#2026-12-03`; `used` (N); `expiresAt` (TTL). */
export const spendLimitsTable = defineTable({
  name: 'spend-limits',
  partitionKey: { name: 'pk', type: 'S' },
  ttlAttribute: 'expiresAt',
});

export class DynamoSpendCounterStore implements SpendCounterStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async tryAdd(key: string, count: number, max: number, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: 'ADD #used :count SET #expiresAt = :expiresAt, #max = :max',
          // Passing the ceiling is refused by DynamoDB itself, so racing writers cannot both slip under it.
          ConditionExpression: 'attribute_not_exists(#used) OR #used <= :ceiling',
          ExpressionAttributeNames: { '#used': 'used', '#expiresAt': 'expiresAt', '#max': 'max' },
          ExpressionAttributeValues: { ':count': count, ':ceiling': max - count, ':expiresAt': expiresAt, ':max': max },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async subtract(key: string, count: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: key },
        UpdateExpression: 'ADD #used :minus',
        ConditionExpression: 'attribute_exists(#used)',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':minus': -count },
      }),
    ).catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }
}
