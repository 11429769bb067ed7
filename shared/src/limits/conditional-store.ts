/**
 * The spend counters' DynamoDB writes, over any client that can send an `UpdateItem` in DocumentClient form: one item
 * per counter and window, `ADD` with a condition so that concurrent Lambdas can never together pass a ceiling (each
 * update is atomic on its item), and a TTL attribute so old windows delete themselves. SDK-free: the SDK store
 * (`DynamoSpendCounterStore`) and signed-HTTP stores (sms's document store) send the same requests through it.
 */
import { isConditionalCheckFailed } from '../dynamo/errors.ts';
import type { SpendCounterStore } from './spend-limiter.ts';

/** The `UpdateItem` input the counters send (DocumentClient form: plain values). */
export interface CounterUpdate {
  TableName: string;
  Key: { pk: string };
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, number>;
}

export class ConditionalSpendCounterStore implements SpendCounterStore {
  constructor(
    private readonly update: (input: CounterUpdate) => Promise<unknown>,
    private readonly tableName: string,
  ) {}

  async tryAdd(key: string, count: number, max: number, expiresAt: number): Promise<boolean> {
    try {
      await this.update({
        TableName: this.tableName,
        Key: { pk: key },
        UpdateExpression: 'ADD #used :count SET #expiresAt = :expiresAt, #max = :max',
        // Passing the ceiling is refused by DynamoDB itself, so racing writers cannot both slip under it.
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
      await this.update({
        TableName: this.tableName,
        Key: { pk: key },
        UpdateExpression: 'ADD #used :minus',
        ConditionExpression: 'attribute_exists(#used)',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':minus': -count },
      });
    } catch (error) {
      // The window expired and its item went with it: nothing left to give back.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
