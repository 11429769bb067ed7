/**
 * Forwarded calls per UTC day, in the forwards table (see forwards-table.ts for the key layout): one counter item
 * per day whose attributes are the outcomes, grown with `UpdateItem ADD` (atomic: concurrent calls do not lose
 * counts), and one short-lived marker per event so a redelivered CallForwarded is not counted twice.
 *
 * Without TransactWriteItems (dynalite has none; the local stage runs this same adapter) the marker and the counter
 * cannot change in one call, so the marker has two states: it is claimed as `counted = false`, the counter is
 * incremented, then the marker is set `counted = true`. A delivery that failed before the increment finds its own
 * unfinished claim and counts; one that finds `counted = true` is a duplicate. The one window left: a failure after
 * the increment and before the marker is confirmed (or two deliveries racing inside it) over-counts by one.
 *
 * Only UpdateItem: the subscriber's role is granted nothing else on the table.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { forwardOutcomes, type ForwardOutcome } from '../../domain/call-counts.ts';
import type { ForwardedCallCounts } from '../../domain/ports.ts';
import { callEventMarkerKey, forwardedCallsKey } from '../forwards-table.ts';

/** A day's counter is kept a little over a year: the API answers any date in that range. */
export const COUNTER_RETENTION_SECONDS = 400 * 86_400;
/** Longer than EventBridge retries an event (24 h at most) and the Lambda's own async retries. */
export const MARKER_RETENTION_SECONDS = 2 * 86_400;

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';

export class DynamoForwardedCallCounts implements ForwardedCallCounts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async count(day: string, outcome: ForwardOutcome, eventId: string): Promise<'counted' | 'duplicate'> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const marker = callEventMarkerKey(eventId);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: marker,
          UpdateExpression: 'SET counted = :no, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pk) OR counted = :no',
          ExpressionAttributeValues: { ':no': false, ':expires': nowSeconds + MARKER_RETENTION_SECONDS },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: forwardedCallsKey(day),
        UpdateExpression: 'ADD #outcome :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ExpressionAttributeNames: { '#outcome': outcome },
        ExpressionAttributeValues: { ':one': 1, ':expires': dayEndSeconds(day) + COUNTER_RETENTION_SECONDS },
      }),
    );
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: marker,
        UpdateExpression: 'SET counted = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    return 'counted';
  }

  async read(day: string): Promise<Partial<Record<ForwardOutcome, number>>> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: forwardedCallsKey(day), ConsistentRead: true }));
    const counts: Partial<Record<ForwardOutcome, number>> = {};
    for (const outcome of forwardOutcomes) {
      const value = Item?.[outcome];
      if (typeof value === 'number') counts[outcome] = value;
    }
    return counts;
  }
}

/** Epoch seconds of the end of a UTC day (`YYYY-MM-DD`): retention counts from the day, not the first call. */
function dayEndSeconds(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 86_400;
}
