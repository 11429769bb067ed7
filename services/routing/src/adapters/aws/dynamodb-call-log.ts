/**
 * What happened on each call, for `GET /calls/{callId}`: the events routing emitted about it, written by
 * the call-log subscriber (EventBridge → Lambda in AWS, the local bus on the local stage).
 *
 * Sort key `occurredAt#eventId`: oldest first, and a redelivered event overwrites itself (idempotent).
 * Entries expire after 90 days (`expiresAt`, epoch seconds) — call detail is operational data, not an archive.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallListQuery, CallSummary } from '../../domain/ports.ts';
import { defineTable } from '@switchboard/shared/dynamo';
import { queryAll } from '@switchboard/shared/dynamo-query';
import type { CallLog, CallLogEntry, CallOptions } from '../../domain/ports.ts';

export const callLogTable = defineTable({
  name: 'call-log',
  partitionKey: { name: 'callId', type: 'S' },
  sortKey: { name: 'entryKey', type: 'S' },
  ttlAttribute: 'expiresAt',
  // GET /calls: one summary item per call, found by the day it started (`summaryDay`, UTC) and its start time.
  indexes: [{ name: 'by-day', partitionKey: { name: 'summaryDay', type: 'S' }, sortKey: { name: 'summaryKey', type: 'S' } }],
});

/** The summary's sort key: after every `occurredAt#eventId` entry key (ISO times start with a digit). */
const SUMMARY_ENTRY_KEY = '~summary';
const DAY_MS = 24 * 3600 * 1000;
/** GET /calls reads at most this many days per request (one index partition per day). */
export const MAX_CALL_LIST_DAYS = 31;

const RETENTION_SECONDS = 90 * 24 * 3600;

export class DynamoDbCallLog implements CallLog {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date }) {}

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
    const items = await queryAll(
      this.options.client,
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'callId = :callId',
        ExpressionAttributeValues: { ':callId': callId },
        ScanIndexForward: true,
      },
      options.signal ? { abortSignal: options.signal } : {},
    );
    for (const item of items) {
      if (item.entryKey === SUMMARY_ENTRY_KEY) continue;
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
    return entries;
  }

  async putSummary(summary: CallSummary, options: CallOptions = {}): Promise<void> {
    const now = this.options.now?.() ?? new Date();
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          ...JSON.parse(JSON.stringify(summary)),
          entryKey: SUMMARY_ENTRY_KEY,
          summaryDay: summary.startedAt.slice(0, 10),
          summaryKey: `${summary.startedAt}#${summary.callId}`,
          expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
        },
      }),
      { abortSignal: options.signal },
    );
  }

  /** Newest first: one Query per UTC day from `to` back to `from`, filtered by department and outcome. */
  async listCalls(query: CallListQuery, options: CallOptions = {}): Promise<{ items: CallSummary[]; cursor?: Record<string, unknown> }> {
    const items: CallSummary[] = [];
    const nowSeconds = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    const firstDay = query.from.slice(0, 10);
    // The cursor is flat (the kit's nextToken holds string values): the day reached, plus the index key to resume at.
    const { cursorDay, ...resumeKey } = query.cursor ?? {};
    let day = typeof cursorDay === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cursorDay) ? cursorDay : query.to.slice(0, 10);
    // The index key's summaryDay is the cursor's day (left out of the token: the kit's tokens hold four keys).
    let startKey: Record<string, unknown> | undefined = Object.keys(resumeKey).length > 0 ? { ...resumeKey, summaryDay: day } : undefined;
    const filters: string[] = [];
    const values: Record<string, unknown> = { ':day': day, ':from': query.from, ':to': `${query.to}#\uffff` };
    if (query.department !== undefined) {
      filters.push('department = :department');
      values[':department'] = query.department;
    }
    if (query.outcome !== undefined) {
      filters.push('outcome = :outcome');
      values[':outcome'] = query.outcome;
    }
    while (day >= firstDay) {
      values[':day'] = day;
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: 'by-day',
          KeyConditionExpression: 'summaryDay = :day AND summaryKey BETWEEN :from AND :to',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
        { abortSignal: options.signal },
      );
      for (const item of page.Items ?? []) {
        if (typeof item.expiresAt === 'number' && item.expiresAt < nowSeconds) continue;
        items.push({
          callId: String(item.callId),
          startedAt: String(item.startedAt),
          department: typeof item.department === 'string' ? item.department : undefined,
          outcome: item.outcome as CallSummary['outcome'],
          outcomeText: String(item.outcomeText),
          callerNumber: typeof item.callerNumber === 'string' ? item.callerNumber : undefined,
        });
      }
      startKey = page.LastEvaluatedKey;
      if (items.length >= query.limit) {
        if (startKey !== undefined) {
          const { summaryDay: _day, ...rest } = startKey;
          return { items, cursor: { cursorDay: day, ...rest } };
        }
        const previous = new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
        return previous >= firstDay ? { items, cursor: { cursorDay: previous } } : { items };
      }
      if (startKey === undefined) day = new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    }
    return { items };
  }
}
