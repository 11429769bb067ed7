/**
 * The subscriber (EventBridge rule built from the contracts' patterns) to routing's own CallRouted, CallRoutingFailed
 * and SmsDeflectionRequested events, from `handlerEnv['call-log']`: keeps them per call for `GET /calls/{callId}`.
 * Asynchronous: errors propagate, so the rule's retry policy and dead-letter queue apply.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCallLog } from '../adapters/aws/dynamodb-call-log.ts';
import { recordRoutingEvent } from '../application/call-log-recorder.ts';
import { loadCallLogConfig } from '../config.ts';

const config = loadCallLogConfig();
const callLog = new DynamoDbCallLog({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName: config.CALL_LOG_TABLE });

export const callLogSubscriber = async (event: unknown): Promise<void> => {
  await recordRoutingEvent(callLog, event);
};
