/** Daily counters (`sms-state`, pk `METRICS#<yyyy-mm-dd>`) behind the API's metrics endpoint. */
import type { DocumentStore } from './dynamodb-document-store.ts';
import type { MetricName, MetricsRepository } from '../../domain/ports.ts';

export const METRIC_NAMES: readonly MetricName[] = [
  'offered',
  'accepted',
  'answeredByBot',
  'unanswered',
  'escalated',
  'agentJoined',
  'ended',
  'optedOut',
  'undeliverable',
];

const day = (date: Date) => date.toISOString().slice(0, 10);

export class DynamoMetricsRepository implements MetricsRepository {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
  ) {}

  async increment(name: MetricName, at: Date, by = 1): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: { pk: `METRICS#${day(at)}`, sk: 'METRICS' },
      UpdateExpression: 'ADD #name :by',
      ExpressionAttributeNames: { '#name': name },
      ExpressionAttributeValues: { ':by': by },
    });
  }

  async totals(from: Date, to: Date): Promise<Record<MetricName, number>> {
    const totals = Object.fromEntries(METRIC_NAMES.map((name) => [name, 0])) as Record<MetricName, number>;
    const days: string[] = [];
    for (let at = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); at <= to.getTime() && days.length < 400; at += 86_400_000) {
      days.push(day(new Date(at)));
    }
    for (const date of days) {
      const { Item } = await this.client.get({ TableName: this.tableName, Key: { pk: `METRICS#${date}`, sk: 'METRICS' } });
      if (!Item) continue;
      for (const name of METRIC_NAMES) totals[name] += Number(Item[name] ?? 0);
    }
    return totals;
  }
}
