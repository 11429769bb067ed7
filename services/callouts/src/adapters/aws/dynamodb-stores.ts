import { type DynamoDBDocumentClient, DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import { queryAll } from '@switchboard/shared/dynamo-query';
import type {
  AttemptLog,
  ContactRef,
  DoNotCallEntry,
  DoNotCallList,
  JobStatus,
  JobStore,
  Page,
  ResultPatch,
  ResultStore,
  StoredJob,
} from '../../domain/ports.ts';
import type { FinalStatus, ReceiverResult } from '../../domain/results.ts';
import { answerUpdateRequest, contactRefFrom, doNotCallPutRequest, resultUpdateRequest, strip } from './dynamodb-items.ts';

/**
 * The stores on DynamoDB (document client): AWS in production, dynalite on the local stage. Every list is
 * paginated (LastEvaluatedKey → opaque cursor) and every write that must not clobber is conditional.
 * Table names are physical names (from config in AWS, `platform.tableName(def)` locally).
 */
export type CalloutsTableNames = { jobs: string; results: string; contacts: string; doNotCall: string; attempts: string };

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new Error('invalid pagination cursor');
}
const pageFrom = <T>(items: T[], lastKey: Record<string, unknown> | undefined): Page<T> => {
  const cursor = encodeCursor(lastKey);
  return cursor ? { items, cursor } : { items };
};

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createJob(job: StoredJob) {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: { ...job, listKey: 'job' }, ConditionExpression: 'attribute_not_exists(jobId)' }),
      );
      return { created: true, job };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.getJob(job.jobId);
      if (!existing) throw error;
      return { created: false, job: existing };
    }
  }
  async getJob(jobId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { jobId }, ConsistentRead: true }));
    return Item ? (strip(Item) as StoredJob) : undefined;
  }
  async updateJob(
    jobId: string,
    patch: Partial<Pick<StoredJob, 'status' | 'reportKey' | 'reportJsonKey' | 'completedAt' | 'cancelReason'>>,
    expected?: readonly JobStatus[],
  ) {
    const entries = Object.entries({ ...patch, updatedAt: new Date().toISOString() }).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = { '#jobId': 'jobId' };
    const values: Record<string, unknown> = {};
    const sets = entries.map(([key, value], i) => {
      names[`#f${i}`] = key;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    let condition = 'attribute_exists(#jobId)';
    if (expected?.length) {
      names['#status'] = 'status';
      condition += ` AND #status IN (${expected
        .map((s, i) => {
          values[`:e${i}`] = s;
          return `:e${i}`;
        })
        .join(', ')})`;
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { jobId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? (strip(Attributes) as StoredJob) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
  async listJobs(options: { limit: number; cursor?: string }) {
    const start = decodeCursor(options.cursor);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'by-created',
        KeyConditionExpression: 'listKey = :k',
        ExpressionAttributeValues: { ':k': 'job' },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return pageFrom(
      (out.Items ?? []).map((i) => strip(i) as StoredJob),
      out.LastEvaluatedKey,
    );
  }
  async countFinal(jobId: string, status: FinalStatus) {
    // finalCounts is created (as a map) with the job, so ADD on one of its keys is atomic and needs no read.
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { jobId },
        UpdateExpression: 'ADD finalCounts.#s :one',
        ConditionExpression: 'attribute_exists(jobId)',
        ExpressionAttributeNames: { '#s': status },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }
  async listJobsByStatus(status: JobStatus) {
    const items = await queryAll<Record<string, unknown>>(this.db, {
      TableName: this.table,
      IndexName: 'by-status',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status },
    });
    return items.map((i) => strip(i) as StoredJob);
  }
}

export class DynamoResultStore implements ResultStore {
  /** `contactsTable`: only functions that link or look up a call's contact are given it. */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly contactsTableName?: string,
  ) {}

  private get contactsTable(): string {
    if (!this.contactsTableName) throw new Error('this function has no contacts table (CONTACTS_TABLE)');
    return this.contactsTableName;
  }

  async putInitial(results: readonly ReceiverResult[]) {
    // Conditional puts (no BatchWrite: it cannot skip existing rows). Bounded parallelism keeps within
    // on-demand throughput and the local stage's single dynalite process.
    const queue = [...results];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.table,
              Item: { ...item, answeredAt: item.answers.map(() => null) },
              ConditionExpression: 'attribute_not_exists(receiverId)',
            }),
          );
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  }
  async get(jobId: string, receiverId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { jobId, receiverId }, ConsistentRead: true }));
    return Item ? (strip(Item) as ReceiverResult) : undefined;
  }
  async update(jobId: string, receiverId: string, patch: ResultPatch) {
    const { Attributes } = await this.db.send(new UpdateCommand(resultUpdateRequest(this.table, jobId, receiverId, patch, new Date())));
    return strip(Attributes ?? {}) as ReceiverResult;
  }
  async recordAnswer(jobId: string, receiverId: string, questionIndex: number, answer: string, answeredAt: string) {
    await this.db.send(new UpdateCommand(answerUpdateRequest(this.table, jobId, receiverId, questionIndex, answer, answeredAt)));
  }
  async answeredAt(jobId: string, receiverId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { jobId, receiverId }, ProjectionExpression: 'answeredAt', ConsistentRead: true }),
    );
    return ((Item?.answeredAt as (string | null)[] | undefined) ?? []).map((t) => t ?? null);
  }
  async list(jobId: string, options: { limit: number; cursor?: string }) {
    const start = decodeCursor(options.cursor);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'jobId = :j',
        ExpressionAttributeValues: { ':j': jobId },
        Limit: options.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return pageFrom(
      (out.Items ?? []).map((i) => strip(i) as ReceiverResult),
      out.LastEvaluatedKey,
    );
  }
  async *all(jobId: string) {
    let cursor: string | undefined;
    do {
      const page = await this.list(jobId, { limit: 500, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor);
  }
  async linkContact(contactId: string, ref: ContactRef) {
    await this.db.send(
      new PutCommand({ TableName: this.contactsTable, Item: { contactId, ...ref, expiresAt: Math.floor(Date.now() / 1000) + 8 * 86_400 } }),
    );
  }
  async contactRef(contactId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.contactsTable, Key: { contactId }, ConsistentRead: true }));
    return contactRefFrom(Item);
  }
}

export class DynamoDoNotCallList implements DoNotCallList {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}
  async has(phoneNumber: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { phoneNumber }, ProjectionExpression: 'phoneNumber', ConsistentRead: true }),
    );
    return Item !== undefined;
  }
  async add(entry: DoNotCallEntry) {
    try {
      await this.db.send(new PutCommand(doNotCallPutRequest(this.table, entry)));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  async remove(phoneNumber: string) {
    const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.table, Key: { phoneNumber }, ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }
  async list(options: { limit: number; cursor?: string }) {
    const start = decodeCursor(options.cursor);
    const out = await this.db.send(new ScanCommand({ TableName: this.table, Limit: options.limit, ...(start ? { ExclusiveStartKey: start } : {}) }));
    return pageFrom((out.Items ?? []) as DoNotCallEntry[], out.LastEvaluatedKey);
  }
}

export class DynamoAttemptLog implements AttemptLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}
  async record(phoneNumber: string, at: Date, ref: { jobId: string; receiverId: string; attempt: number }) {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          phoneNumber,
          attemptKey: `${at.toISOString()}#${ref.jobId}#${ref.receiverId}#${ref.attempt}`,
          at: at.toISOString(),
          ...ref,
          expiresAt: Math.floor(at.getTime() / 1000) + 2 * 86_400,
        },
      }),
    );
  }
  async since(phoneNumber: string, since: Date) {
    const items = await queryAll<{ at: string }>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'phoneNumber = :p AND attemptKey >= :s',
      ExpressionAttributeValues: { ':p': phoneNumber, ':s': since.toISOString() },
      ProjectionExpression: '#at',
      ExpressionAttributeNames: { '#at': 'at' },
    });
    return items.map((i) => new Date(String(i.at)));
  }
}
