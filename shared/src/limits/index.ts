/**
 * Spend limits: calls and texts per user and per stage per UTC day, on DynamoDB conditional counters (or in
 * memory for tests). The HTTP answer to a refusal (429 + Retry-After) is `spendLimitProblem` in `@switchboard/shared/http`.
 */
export * from '../limits-core/index.ts';
export { DynamoSpendCounterStore, spendLimitsTable } from './dynamo-store.ts';

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSpendCounterStore } from './dynamo-store.ts';
import { createSpendLimiter, type SpendLimiter, type SpendLimits } from './spend-limiter.ts';

/** The limiter on the counters table (`tableName`: the physical name of `spendLimitsTable`). */
export function createDynamoSpendLimiter(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  limits: SpendLimits;
  now?: () => Date;
}): SpendLimiter {
  return createSpendLimiter({
    store: new DynamoSpendCounterStore(options.client, options.tableName),
    limits: options.limits,
    ...(options.now ? { now: options.now } : {}),
  });
}
