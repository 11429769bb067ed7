/**
 * What happened on each call, for `GET /calls/{callId}`: the events routing emitted about it, written by
 * the call-log subscriber (EventBridge → Lambda in AWS, the local bus on the local stage).
 *
 * Sort key `occurredAt#eventId`: oldest first, and a redelivered event overwrites itself (idempotent).
 * Entries expire after 90 days (`expiresAt`, epoch seconds) — call detail is operational data, not an archive.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defineTable } from '@switchboard/shared/dynamo';
import type { CallLog, CallLogEntry, CallOptions } from '../../domain/ports.ts';

export const callLogTable = defineTable({
  name: 'call-log',
  partitionKey: { name: 'callId', type: 'S' },
  sortKey: { name: 'entryKey', type: 'S' },
  ttlAttribute: 'expiresAt',
});

const RETENTION_SECONDS = 90 * 24 * 3600;

export class DynamoDbCallLog implements CallLog {
  constructor(
    private readonly options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date },
  ) {}

  async append(entry: CallLogEntry, options: CallOptions = {}): Promise<void> {
    const now = this.options.now?.() ?? new Date();
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          ...JSON.parse(JSON.stringify(entry)),
          entryKey: `${entry.occurredAt}#${entry.eventId}`,
          expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
        },
      }),
      { abortSignal: options.signal },
    );
  }

  async list(callId: string, options: CallOptions = {}): Promise<CallLogEntry[]> {
    const entries: CallLogEntry[] = [];
    const nowSeconds = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'callId = :callId',
          ExpressionAttributeValues: { ':callId': callId },
          ExclusiveStartKey: startKey,
          ScanIndexForward: true,
        }),
        { abortSignal: options.signal },
      );
      for (const item of page.Items ?? []) {
        // dynalite (local stage) does not expire items; DynamoDB deletes them up to days late.
        if (typeof item.expiresAt === 'number' && item.expiresAt < nowSeconds) continue;
        entries.push({
          callId: String(item.callId),
          eventId: String(item.eventId),
          detailType: String(item.detailType),
          occurredAt: String(item.occurredAt),
          data: (item.data ?? {}) as Record<string, unknown>,
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return entries;
  }
}
