/**
 * The CallForwarded subscriber (EventBridge rule built from the contract's pattern), from `handlerEnv['call-counter']`:
 * counts each forwarded call on its UTC day by outcome. Asynchronous: errors propagate, so the function's retries and
 * the rule's retry policy and dead-letter queue apply.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoForwardedCallCounts } from '../adapters/aws/dynamodb-forwarded-call-counts.ts';
import { countForwardedCall } from '../application/call-counter.ts';
import { loadHandlerEnv } from '../config.ts';

let counts: DynamoForwardedCallCounts | undefined;

export const callCounter = async (event: unknown): Promise<void> => {
  counts ??= new DynamoForwardedCallCounts(DynamoDBDocumentClient.from(new DynamoDBClient({})), loadHandlerEnv('call-counter').FORWARDS_TABLE);
  await countForwardedCall(counts, event);
};
