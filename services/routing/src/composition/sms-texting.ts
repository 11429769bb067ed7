/**
 * The subscriber (EventBridge rule built from SMS_TEXTING_CONTRACTS' patterns) to sms's SmsOptedOut, SmsOptedIn and
 * SmsDeflectionFailed, from `handlerEnv['sms-texting']`: keeps routing's projection of who can be offered "continue
 * by text". Asynchronous: errors propagate, so the rule's retry policy and dead-letter queue apply.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTextingProjection } from '../adapters/aws/dynamodb-texting-projection.ts';
import { recordSmsFact } from '../application/sms-texting-recorder.ts';
import { loadSmsTextingConfig } from '../config.ts';

const config = loadSmsTextingConfig();
const projection = new DynamoDbTextingProjection({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  tableName: config.SMS_TEXTING_TABLE,
});

export const smsTexting = async (event: unknown): Promise<void> => {
  await recordSmsFact(projection, event);
};
