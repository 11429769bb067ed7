/**
 * The forwards table through the SDK's document client: the API, the switch worker and the local stage (dynalite:
 * same wire protocol, no TransactWriteItems, so every write here is a single conditional item write). The item
 * layout is in ../forwards-table.ts.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeNextToken, encodeNextToken } from '@switchboard/shared/http';
import type { Forward } from '../../domain/forward.ts';
import type { HistoryEntry } from '../../domain/history.ts';
import type { ForwardStore, SwitchJournal } from '../../domain/ports.ts';
import type { ProductSwitch } from '../../domain/product-switch.ts';
import { body, forwardKey, forwardOf, numberKey, ownerKey } from '../forwards-table.ts';

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

export class DynamoForwardStore implements ForwardStore, SwitchJournal {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: { abortSignal?: () => AbortSignal | undefined } = {},
  ) {}

  private get signal() {
    const signal = this.options.abortSignal?.();
    return signal ? { abortSignal: signal } : {};
  }

  /**
   * The forward, or undefined when there is none (never set, or removed: a removal leaves a tombstone that carries
   * the removal's audit entry, see `putForward`).
   */
  async getForward(e164: string): Promise<Forward | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: forwardKey(e164), ConsistentRead: true }), this.signal);
    return forwardOf(out.Item);
  }

  /**
   * Without TransactWriteItems (dynalite has none) the forward and its audit entry cannot be written in one call,
   * and a crash between two writes must not leave a change without its entry. So the entry rides in the forward
   * item itself (`lastChange`, written atomically with the change) and is then appended to the trail; before the
   * next change overwrites it, and before the trail is read, a `lastChange` that did not make it is appended
   * (appends are idempotent).
   */
  async putForward(next: Forward, expectedRevision: number, history: HistoryEntry): Promise<boolean> {
    await this.flushLastChange(next.phoneNumber);
    const written = await this.conditionalPut(
      { pk: numberKey(next.phoneNumber), sk: 'FORWARD', ...stripUndefined(next), lastChange: stripUndefined(history) },
      expectedRevision,
    );
    if (written) await this.appendHistory(history);
    return written;
  }

  /** A removal writes a tombstone (not a delete) so the removal's audit entry survives a crash like any other. */
  async deleteForward(e164: string, expectedRevision: number, history: HistoryEntry): Promise<boolean> {
    await this.flushLastChange(e164);
    const written = await this.conditionalPut(
      { pk: numberKey(e164), sk: 'FORWARD', phoneNumber: e164, removed: true, revision: expectedRevision + 1, lastChange: stripUndefined(history) },
      expectedRevision,
    );
    if (written) await this.appendHistory(history);
    return written;
  }

  /** Revision 0 means "no forward": absent, or a tombstone. */
  private async conditionalPut(item: Record<string, unknown>, expectedRevision: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedRevision === 0
            ? {
                ConditionExpression: 'attribute_not_exists(pk) OR #removed = :true',
                ExpressionAttributeNames: { '#removed': 'removed' },
                ExpressionAttributeValues: { ':true': true },
              }
            : {
                ConditionExpression: '#revision = :expected AND attribute_not_exists(#removed)',
                ExpressionAttributeNames: { '#revision': 'revision', '#removed': 'removed' },
                ExpressionAttributeValues: { ':expected': expectedRevision },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  private async flushLastChange(e164: string): Promise<void> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: numberKey(e164), sk: 'FORWARD' }, ConsistentRead: true }),
    );
    const last = out.Item?.lastChange as HistoryEntry | undefined;
    if (last) await this.appendHistory(last);
  }

  async appendHistory(entry: HistoryEntry): Promise<void> {
    await this.client
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: numberKey(entry.phoneNumber), sk: `HISTORY#${entry.at}#${entry.id}`, ...stripUndefined(entry) },
          // An entry is written once; a retried append must not rewrite the trail.
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      )
      .catch((error: unknown) => {
        if (!conditionFailed(error)) throw error;
      });
  }

  async listHistory(e164: string, options: { limit: number; cursor?: string }): Promise<{ items: HistoryEntry[]; cursor?: string }> {
    const start = decodeNextToken(options.cursor);
    if (!start) await this.flushLastChange(e164);
    if (start && start.pk !== numberKey(e164)) decodeNextToken('!'); // a cursor of another number: refuse like a forged one
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': numberKey(e164), ':history': 'HISTORY#' },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (out.Items ?? []).map((item) => body<HistoryEntry>(item)!);
    const cursor = encodeNextToken(out.LastEvaluatedKey);
    return cursor ? { items, cursor } : { items };
  }

  async getAssignment(e164: string): Promise<string | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: numberKey(e164), sk: 'ASSIGNMENT' } }), this.signal);
    return out.Item?.owner as string | undefined;
  }

  async putAssignment(e164: string, owner: string, actor: string, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: numberKey(e164), sk: 'ASSIGNMENT', owner, ownerKey: ownerKey(owner), assignedBy: actor, assignedAt: at },
      }),
    );
  }

  async listAssignedNumbers(owner: string): Promise<string[]> {
    const numbers: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'by-owner',
          KeyConditionExpression: 'ownerKey = :owner',
          ExpressionAttributeValues: { ':owner': ownerKey(owner) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) numbers.push(String(item.pk).slice('NUMBER#'.length));
      start = out.LastEvaluatedKey;
    } while (start);
    return numbers.sort();
  }

  async takeRateLimitToken(actor: string, window: string, limit: number, expiresAtEpochSeconds: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `ACTOR#${actor}`, sk: `RATE#${window}` },
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expiresAtEpochSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  // SwitchJournal

  async get(e164: string): Promise<ProductSwitch | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: numberKey(e164), sk: 'SWITCH' }, ConsistentRead: true }),
    );
    return body<ProductSwitch>(out.Item);
  }

  async save(record: ProductSwitch, expectedRevision: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: numberKey(record.phoneNumber), sk: 'SWITCH', ...stripUndefined(record) },
          ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#revision = :expected',
          ...(expectedRevision === 0
            ? {}
            : { ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':expected': expectedRevision } }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}

/** The document client refuses `undefined` values unless told otherwise; drop them instead. */
function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
