/**
 * `@switchboard/shared/limits-core`: the spend limiter and the SDK-free counter store (`ConditionalSpendCounterStore`
 * over any `UpdateItem` sender), for Lambdas that talk to DynamoDB through `@switchboard/shared/aws-http` — the same
 * code as `@switchboard/shared/limits`, without its SDK DocumentClient store.
 */
export * from '../limits/spend-limiter.ts';
export { ConditionalSpendCounterStore, type CounterUpdate } from '../limits/conditional-store.ts';
