/**
 * Routing's projection of who sms can text, in its own table (`sms-texting`): one item per number with the
 * newest fact. Written by the sms-texting subscriber (SmsOptedOut, SmsOptedIn, SmsDeflectionFailed); read by
 * the SMA before offering "continue by text" (through the signed HTTP client there, see
 * dynamodb-texting-projection-http.ts) and by the local stage through this SDK adapter.
 *
 * A conditional write keeps the newest fact: EventBridge does not order deliveries, so an opt-in delivered
 * before the opt-out it follows must not be undone by it.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defineTable, isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import type { CallOptions, TextingProjection } from '../../domain/ports.ts';
import { toTextingRecord, type TextingRecord } from '../../domain/sms-eligibility.ts';

export const textingTable = defineTable({
  name: 'sms-texting',
  partitionKey: { name: 'phoneNumber', type: 'S' },
});

export class DynamoDbTextingProjection implements TextingProjection {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async get(phoneNumber: string, options: CallOptions = {}): Promise<TextingRecord | undefined> {
    const result = await this.options.client.send(new GetCommand({ TableName: this.options.tableName, Key: { phoneNumber }, ConsistentRead: true }), {
      abortSignal: options.signal,
    });
    return toTextingRecord(result.Item);
  }

  async record(record: TextingRecord, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...record },
          ConditionExpression: 'attribute_not_exists(phoneNumber) OR changedAt <= :changedAt',
          ExpressionAttributeValues: { ':changedAt': record.changedAt },
        }),
        { abortSignal: options.signal },
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
