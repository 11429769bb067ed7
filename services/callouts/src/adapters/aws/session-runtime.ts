import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger } from '@switchboard/shared/logging';
import { config } from '../../config.ts';
import type { SessionDeps } from '../../domain/call-session.ts';
import { DynamoDoNotCallList, DynamoJobStore, DynamoResultStore } from './dynamodb-stores.ts';
import { StepFunctionsCallbacks } from './step-functions.ts';

/**
 * The narrow wiring of the contact-flow Lambdas and the DISCONNECTED handler: DynamoDB and Step Functions only,
 * so their bundles carry no Excel, S3, SNS or Connect code — a caller is waiting on their cold start.
 */
export const logger = createLogger({ service: 'callouts' });

let session: SessionDeps | undefined;
export function sessionRuntime(): SessionDeps {
  if (!session) {
    const settings = config();
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    session = {
      jobs: new DynamoJobStore(db, settings.JOBS_TABLE),
      results: new DynamoResultStore(db, settings.RESULTS_TABLE, settings.CONTACTS_TABLE),
      doNotCall: new DynamoDoNotCallList(db, settings.DO_NOT_CALL_TABLE),
      callbacks: new StepFunctionsCallbacks(new SFNClient({})),
      clock: { now: () => new Date() },
    };
  }
  return session;
}
