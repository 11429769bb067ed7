/**
 * Conversations in the `sms-state` table.
 *
 *   PHONE#<e164>          CONVERSATION                      the number's current conversation (versioned)
 *   PHONE#<e164>          HISTORY#<createdAt>#<id>          an archived (ended) conversation of the number
 *   CONVERSATION#<id>     META                              id → number (+ createdAt once archived)
 *   CONTACT#<contactId>   CONTACT                           Connect contact → number and conversation
 *   TRANSCRIPT#<id>       MSG#<messageId>                   one transcript line (idempotent by message id)
 *
 * The current item carries `gsi1pk = OPEN`, `gsi1sk = lastActivityAt` while open (sparse index for the sweeper).
 */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import type { DocumentStore } from './dynamodb-document-store.ts';
import type { Conversation } from '../../domain/conversation.ts';
import { VersionConflictError, type ConversationListQuery, type ConversationRepository, type TranscriptEntry } from '../../domain/ports.ts';

const CURRENT = 'CONVERSATION';
const DAY = 86_400;

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class DynamoConversationRepository implements ConversationRepository {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
    /** Days a conversation and its transcript are kept after the last activity. @default 90 */
    private readonly retentionDays = 90,
  ) {}

  private expiresAt(conversation: Conversation): number {
    return Math.floor(Date.parse(conversation.lastActivityAt) / 1000) + this.retentionDays * DAY;
  }

  async get(phoneNumber: string): Promise<Conversation | undefined> {
    const { Item } = await this.client.get({ TableName: this.tableName, Key: { pk: `PHONE#${phoneNumber}`, sk: CURRENT }, ConsistentRead: true });
    return Item ? (Item.conversation as Conversation) : undefined;
  }

  async save(conversation: Conversation, expectedVersion: number | null): Promise<Conversation> {
    const stored: Conversation = { ...conversation, version: expectedVersion === null ? 0 : expectedVersion + 1 };
    const open = stored.state !== 'ended';
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          pk: `PHONE#${stored.phoneNumber}`,
          sk: CURRENT,
          conversationId: stored.conversationId,
          version: stored.version,
          conversation: stored,
          expiresAt: this.expiresAt(stored),
          ...(open ? { gsi1pk: 'OPEN', gsi1sk: `${stored.lastActivityAt}#${stored.phoneNumber}` } : {}),
        },
        ...(expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new VersionConflictError(stored.phoneNumber, expectedVersion);
      throw error;
    }
    return stored;
  }

  async create(conversation: Conversation, replacingVersion: number | null): Promise<Conversation> {
    const stored = await this.save(conversation, replacingVersion);
    await this.client.put({
      TableName: this.tableName,
      Item: { pk: `CONVERSATION#${stored.conversationId}`, sk: 'META', phoneNumber: stored.phoneNumber, expiresAt: this.expiresAt(stored) },
    });
    return stored;
  }

  async archive(conversation: Conversation): Promise<void> {
    const historyKey = `HISTORY#${conversation.createdAt}#${conversation.conversationId}`;
    await this.client.put({
      TableName: this.tableName,
      Item: {
        pk: `PHONE#${conversation.phoneNumber}`,
        sk: historyKey,
        conversationId: conversation.conversationId,
        conversation,
        expiresAt: this.expiresAt(conversation),
      },
    });
    await this.client.put({
      TableName: this.tableName,
      Item: {
        pk: `CONVERSATION#${conversation.conversationId}`,
        sk: 'META',
        phoneNumber: conversation.phoneNumber,
        historyKey,
        expiresAt: this.expiresAt(conversation),
      },
    });
  }

  async findById(conversationId: string): Promise<Conversation | undefined> {
    const { Item: meta } = await this.client.get({
      TableName: this.tableName,
      Key: { pk: `CONVERSATION#${conversationId}`, sk: 'META' },
      ConsistentRead: true,
    });
    if (!meta) return undefined;
    const phoneNumber = meta.phoneNumber as string;
    if (typeof meta.historyKey === 'string') {
      const { Item } = await this.client.get({ TableName: this.tableName, Key: { pk: `PHONE#${phoneNumber}`, sk: meta.historyKey } });
      if (Item) return Item.conversation as Conversation;
    }
    const current = await this.get(phoneNumber);
    return current?.conversationId === conversationId ? current : undefined;
  }

  async linkContact(contactId: string, phoneNumber: string, conversationId: string): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: {
        pk: `CONTACT#${contactId}`,
        sk: 'CONTACT',
        phoneNumber,
        conversationId,
        expiresAt: Math.floor(Date.now() / 1000) + this.retentionDays * DAY,
      },
    });
  }

  async findByContact(contactId: string): Promise<{ phoneNumber: string; conversationId: string } | undefined> {
    const { Item } = await this.client.get({ TableName: this.tableName, Key: { pk: `CONTACT#${contactId}`, sk: 'CONTACT' }, ConsistentRead: true });
    return Item ? { phoneNumber: Item.phoneNumber as string, conversationId: Item.conversationId as string } : undefined;
  }

  async appendTranscript(conversationId: string, entry: TranscriptEntry): Promise<void> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          pk: `TRANSCRIPT#${conversationId}`,
          sk: `MSG#${entry.messageId}`,
          ...entry,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + this.retentionDays * DAY,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error; // already recorded by an earlier attempt
    }
  }

  async transcript(conversationId: string): Promise<TranscriptEntry[]> {
    const entries: TranscriptEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `TRANSCRIPT#${conversationId}` },
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? []) {
        entries.push({ at: item.at, direction: item.direction, author: item.author, text: item.text, messageId: item.messageId });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries.sort((a, b) => a.at.localeCompare(b.at) || a.messageId.localeCompare(b.messageId));
  }

  async list(query: ConversationListQuery): Promise<{ items: Conversation[]; cursor?: string }> {
    const startKey = decodeCursor(query.cursor);
    if (query.phoneNumber) {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PHONE#${query.phoneNumber}` },
        Limit: query.limit,
        ExclusiveStartKey: startKey,
        ScanIndexForward: false,
      });
      const items = (page.Items ?? []).map((item) => item.conversation as Conversation).filter((c) => !query.openOnly || c.state !== 'ended');
      const cursor = encodeCursor(page.LastEvaluatedKey);
      return cursor ? { items, cursor } : { items };
    }
    if (query.openOnly) {
      const page = await this.client.query({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :open',
        ExpressionAttributeValues: { ':open': 'OPEN' },
        Limit: query.limit,
        ExclusiveStartKey: startKey,
        ScanIndexForward: false,
      });
      const items = (page.Items ?? []).map((item) => item.conversation as Conversation);
      const cursor = encodeCursor(page.LastEvaluatedKey);
      return cursor ? { items, cursor } : { items };
    }
    // Every conversation (current and archived): a filtered scan, paged — an operator view, not a hot path.
    const items: Conversation[] = [];
    let key = startKey;
    do {
      const page = await this.client.scan({
        TableName: this.tableName,
        FilterExpression: 'begins_with(pk, :phone) AND (sk = :current OR begins_with(sk, :history))',
        ExpressionAttributeValues: { ':phone': 'PHONE#', ':current': CURRENT, ':history': 'HISTORY#' },
        Limit: Math.max(query.limit * 4, 100),
        ExclusiveStartKey: key,
      });
      items.push(...(page.Items ?? []).map((item) => item.conversation as Conversation));
      key = page.LastEvaluatedKey;
    } while (key && items.length < query.limit);
    const cursor = encodeCursor(key);
    return cursor ? { items, cursor } : { items };
  }

  async listOpenInactiveSince(before: Date, limit: number): Promise<Conversation[]> {
    const page = await this.client.query({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :open AND gsi1sk < :before',
      ExpressionAttributeValues: { ':open': 'OPEN', ':before': before.toISOString() },
      Limit: limit,
    });
    return (page.Items ?? []).map((item) => item.conversation as Conversation);
  }
}
