/**
 * The per-number mailbox and its lease in the `sms-state` table.
 *
 *   MAILBOX#<e164>  MSG#<messageId>   a message (status pending|done, attempts, payload); kept 7 days after
 *                                     enqueue so a late duplicate delivery is still recognised
 *   MAILBOX#<e164>  LEASE             who processes this number's messages now, until when
 *
 * Pending messages carry `gsi1pk = PENDING` so the sweeper finds mailboxes whose processing keeps failing.
 */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import type { DocumentStore } from './dynamodb-document-store.ts';
import type { Mailbox, MailboxItem } from '../../domain/ports.ts';

const DEDUPLICATION_SECONDS = 7 * 86_400;

export class DynamoMailbox implements Mailbox {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
  ) {}

  async enqueue(phoneNumber: string, item: Omit<MailboxItem, 'attempts'>): Promise<'enqueued' | 'duplicate'> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          pk: `MAILBOX#${phoneNumber}`,
          sk: `MSG#${item.messageId}`,
          messageId: item.messageId,
          orderKey: item.orderKey,
          payload: item.payload,
          enqueuedAt: item.enqueuedAt,
          attempts: 0,
          status: 'pending',
          phoneNumber,
          gsi1pk: 'PENDING',
          gsi1sk: `${item.enqueuedAt}#${phoneNumber}`,
          expiresAt: Math.floor(Date.parse(item.enqueuedAt) / 1000) + DEDUPLICATION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return 'enqueued';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw error;
    }
  }

  async pending(phoneNumber: string): Promise<MailboxItem[]> {
    const items: MailboxItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        FilterExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': `MAILBOX#${phoneNumber}`, ':msg': 'MSG#', ':pending': 'pending' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? []) {
        items.push({
          messageId: item.messageId,
          orderKey: item.orderKey,
          payload: item.payload,
          enqueuedAt: item.enqueuedAt,
          attempts: item.attempts,
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0));
  }

  async recordAttempt(phoneNumber: string, messageId: string): Promise<number | undefined> {
    try {
      const { Attributes } = await this.client.update({
        TableName: this.tableName,
        Key: { pk: `MAILBOX#${phoneNumber}`, sk: `MSG#${messageId}` },
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':pending': 'pending' },
        ReturnValues: 'UPDATED_NEW',
      });
      return Number(Attributes?.attempts ?? 1);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async complete(phoneNumber: string, messageId: string, outcome: string): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: { pk: `MAILBOX#${phoneNumber}`, sk: `MSG#${messageId}` },
      UpdateExpression: 'SET #status = :done, outcome = :outcome REMOVE gsi1pk, gsi1sk, payload',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome },
    });
  }

  async acquireLease(phoneNumber: string, holder: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          pk: `MAILBOX#${phoneNumber}`,
          sk: 'LEASE',
          holder,
          leaseUntil: until.getTime(),
          expiresAt: Math.floor(until.getTime() / 1000) + 86_400,
        },
        // Free, expired (a worker died holding it), or already ours.
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now OR holder = :holder',
        ExpressionAttributeValues: { ':now': now.getTime(), ':holder': holder },
      });
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async releaseLease(phoneNumber: string, holder: string): Promise<void> {
    try {
      await this.client.delete({
        TableName: this.tableName,
        Key: { pk: `MAILBOX#${phoneNumber}`, sk: 'LEASE' },
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error; // it expired and someone else took it: nothing to release
    }
  }

  async stalePhoneNumbers(before: Date, limit: number): Promise<string[]> {
    const page = await this.client.query({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk < :before',
      ExpressionAttributeValues: { ':pending': 'PENDING', ':before': before.toISOString() },
      Limit: limit,
    });
    return [...new Set((page.Items ?? []).map((item) => item.phoneNumber as string))];
  }
}
