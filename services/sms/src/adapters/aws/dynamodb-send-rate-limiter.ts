/**
 * The send rate limit shared by every function instance: one token bucket per origination identity in the
 * `sms-state` table (`RATE#<identity>` / `BUCKET`), refilled by elapsed time and taken with a write conditional
 * on the version read — so the number's MPS holds however many Lambdas send at once. End User Messaging still
 * throttles above it (the SDK retries); this keeps the service from leaning on that.
 */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import type { DocumentStore } from './dynamodb-document-store.ts';
import type { SendRateLimiter } from '../../domain/ports.ts';

export interface DynamoSendRateLimiterOptions {
  identity: string;
  perSecond: number;
  burst: number;
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class DynamoSendRateLimiter implements SendRateLimiter {
  private readonly nowMs: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
    private readonly options: DynamoSendRateLimiterOptions,
  ) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) throw new RangeError('rate limit must be positive (burst ≥ 1)');
    this.nowMs = options.nowMs ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async take(segments: number): Promise<void> {
    const { perSecond, burst } = this.options;
    const need = Math.min(Math.max(segments, 1), burst);
    const key = { pk: `RATE#${this.options.identity}`, sk: 'BUCKET' };
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const { Item } = await this.client.get({ TableName: this.tableName, Key: key, ConsistentRead: true });
      const now = this.nowMs();
      const stored = Item as { tokens: number; updatedAt: number; version: number } | undefined;
      const tokens = stored ? Math.min(burst, stored.tokens + (Math.max(0, now - stored.updatedAt) / 1000) * perSecond) : burst;
      if (tokens < need) {
        await this.sleep(Math.ceil(((need - tokens) / perSecond) * 1000));
        continue;
      }
      try {
        await this.client.put({
          TableName: this.tableName,
          Item: { ...key, tokens: tokens - need, updatedAt: now, version: (stored?.version ?? 0) + 1 },
          ...(stored
            ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': stored.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        });
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // Another instance took tokens meanwhile: read again.
      }
    }
    throw new Error('send rate limiter: too much contention on the shared bucket');
  }
}
