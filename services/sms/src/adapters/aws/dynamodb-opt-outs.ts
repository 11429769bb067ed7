/** The opt-out list (`sms-opt-outs`): one item per number that texted STOP (or was added through the API). */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import type { DocumentStore } from './dynamodb-document-store.ts';
import type { OptOutRecord, OptOutRepository } from '../../domain/ports.ts';
import { decodeCursor, encodeCursor } from './dynamodb-conversations.ts';

export class DynamoOptOutRepository implements OptOutRepository {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
  ) {}

  async isOptedOut(phoneNumber: string): Promise<boolean> {
    // Strongly consistent: a STOP must take effect for the very next send.
    const { Item } = await this.client.get({ TableName: this.tableName, Key: { phoneNumber }, ConsistentRead: true });
    return Item !== undefined;
  }

  async add(record: OptOutRecord): Promise<void> {
    try {
      // The first opt-out's time and keyword stand (they are the compliance record); repeats change nothing.
      await this.client.put({ TableName: this.tableName, Item: { ...record }, ConditionExpression: 'attribute_not_exists(phoneNumber)' });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async remove(phoneNumber: string): Promise<void> {
    await this.client.delete({ TableName: this.tableName, Key: { phoneNumber } });
  }

  async list(limit: number, cursor?: string): Promise<{ items: OptOutRecord[]; cursor?: string }> {
    const page = await this.client.scan({ TableName: this.tableName, Limit: limit, ExclusiveStartKey: decodeCursor(cursor) });
    const items = (page.Items ?? []).map((item) => ({
      phoneNumber: item.phoneNumber as string,
      optedOutAt: item.optedOutAt as string,
      keyword: item.keyword as string,
      source: item.source as OptOutRecord['source'],
    }));
    const next = encodeCursor(page.LastEvaluatedKey);
    return next ? { items, cursor: next } : { items };
  }
}
