/**
 * The kit's spend counters (`spendLimitsTable`: `pk`, `used`, `expiresAt`) over the small signed DynamoDB client —
 * the same items and conditions as the kit's DynamoSpendCounterStore, which needs the SDK DocumentClient (340 KB in
 * the deflection function's bundle). Each update is atomic on its item, so racing Lambdas never pass a ceiling.
 */
import type { SpendCounterStore } from '@switchboard/shared/limits';
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import type { DocumentStore } from './dynamodb-document-store.ts';

export class DocumentSpendCounterStore implements SpendCounterStore {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
  ) {}

  async tryAdd(key: string, count: number, max: number, expiresAt: number): Promise<boolean> {
    try {
      await this.client.update({
        TableName: this.tableName,
        Key: { pk: key },
        UpdateExpression: 'ADD #used :count SET #expiresAt = :expiresAt, #max = :max',
        ConditionExpression: 'attribute_not_exists(#used) OR #used <= :ceiling',
        ExpressionAttributeNames: { '#used': 'used', '#expiresAt': 'expiresAt', '#max': 'max' },
        ExpressionAttributeValues: { ':count': count, ':ceiling': max - count, ':expiresAt': expiresAt, ':max': max },
      });
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async subtract(key: string, count: number): Promise<void> {
    try {
      await this.client.update({
        TableName: this.tableName,
        Key: { pk: key },
        UpdateExpression: 'ADD #used :minus',
        ConditionExpression: 'attribute_exists(#used)',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':minus': -count },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
