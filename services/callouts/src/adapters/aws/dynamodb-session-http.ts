/**
 * The DynamoDB reads and writes of a call in progress (the contact-flow Lambdas: a callee is on the line) over the
 * kit's signed JSON client instead of the SDK — GetItem, PutItem, UpdateItem in DynamoDB's JSON protocol, values
 * marshalled by `@aws-sdk/util-dynamodb` as the document client does. The requests are the ones the SDK stores send
 * (dynamodb-items.ts); everything off the call's path keeps the SDK stores (dynamodb-stores.ts).
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AwsRequestError, type JsonServiceClient } from '@switchboard/shared/aws-http';
import type { ContactRef, DoNotCallEntry, JobStore, ResultPatch, ResultStore, StoredJob, DoNotCallList } from '../../domain/ports.ts';
import type { ReceiverResult } from '../../domain/results.ts';
import { answerUpdateRequest, contactRefFrom, doNotCallPutRequest, resultUpdateRequest, strip } from './dynamodb-items.ts';

type Item = Record<string, unknown>;
type Wire = Record<string, unknown>;
const toWire = (value: Item) => marshall(value, { removeUndefinedValues: true }) as Wire;
const fromWire = (value: unknown): Item => unmarshall(value as Parameters<typeof unmarshall>[0]) as Item;

/** GetItem / PutItem / UpdateItem with plain values in and out. */
export class HttpDynamoDocuments {
  constructor(private readonly client: JsonServiceClient) {}

  private call<T>(operation: string, body: Wire): Promise<T> {
    return this.client.post<T>('/', body, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` });
  }

  async get(input: { TableName: string; Key: Item; ConsistentRead?: boolean }): Promise<Item | undefined> {
    const out = await this.call<{ Item?: Wire }>('GetItem', { ...input, Key: toWire(input.Key) });
    return out.Item ? fromWire(out.Item) : undefined;
  }

  async put(input: { TableName: string; Item: Item; ConditionExpression?: string }): Promise<void> {
    await this.call('PutItem', { ...input, Item: toWire(input.Item) });
  }

  async update(
    input: { TableName: string; Key: Item; ExpressionAttributeValues?: Item; ReturnValues?: string } & Record<string, unknown>,
  ): Promise<Item | undefined> {
    const { Key, ExpressionAttributeValues, ...rest } = input;
    const out = await this.call<{ Attributes?: Wire }>('UpdateItem', {
      ...rest,
      Key: toWire(Key),
      ...(ExpressionAttributeValues ? { ExpressionAttributeValues: toWire(ExpressionAttributeValues) } : {}),
    });
    return out.Attributes ? fromWire(out.Attributes) : undefined;
  }
}

const conditionFailed = (error: unknown) => error instanceof AwsRequestError && error.errorType === 'ConditionalCheckFailedException';

/** The job as the call reads it (prompts, questions). */
export class HttpJobReader implements Pick<JobStore, 'getJob'> {
  constructor(
    private readonly documents: HttpDynamoDocuments,
    private readonly table: string,
  ) {}
  async getJob(jobId: string) {
    const item = await this.documents.get({ TableName: this.table, Key: { jobId }, ConsistentRead: true });
    return item ? (strip(item) as StoredJob) : undefined;
  }
}

/** The receiver's row and its contact link, as the call updates them. */
export class HttpCallResults implements Pick<ResultStore, 'get' | 'update' | 'recordAnswer' | 'contactRef'> {
  constructor(
    private readonly documents: HttpDynamoDocuments,
    private readonly table: string,
    private readonly contactsTable: string,
  ) {}
  async get(jobId: string, receiverId: string) {
    const item = await this.documents.get({ TableName: this.table, Key: { jobId, receiverId }, ConsistentRead: true });
    return item ? (strip(item) as ReceiverResult) : undefined;
  }
  async update(jobId: string, receiverId: string, patch: ResultPatch) {
    return strip((await this.documents.update(resultUpdateRequest(this.table, jobId, receiverId, patch, new Date()))) ?? {}) as ReceiverResult;
  }
  async recordAnswer(jobId: string, receiverId: string, questionIndex: number, answer: string, answeredAt: string) {
    await this.documents.update(answerUpdateRequest(this.table, jobId, receiverId, questionIndex, answer, answeredAt));
  }
  async contactRef(contactId: string): Promise<ContactRef | undefined> {
    return contactRefFrom(await this.documents.get({ TableName: this.contactsTable, Key: { contactId }, ConsistentRead: true }));
  }
}

/** "Stop calling me" during a call. */
export class HttpDoNotCallWriter implements Pick<DoNotCallList, 'add'> {
  constructor(
    private readonly documents: HttpDynamoDocuments,
    private readonly table: string,
  ) {}
  async add(entry: DoNotCallEntry) {
    try {
      await this.documents.put(doNotCallPutRequest(this.table, entry));
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }
}
