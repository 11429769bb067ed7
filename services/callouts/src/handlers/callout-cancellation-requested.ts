import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { createLogger } from '@switchboard/shared/logging';
import { DynamoJobStore, DynamoResultStore } from '../adapters/aws/dynamodb-stores.ts';
import { StepFunctionsJobStarter } from '../adapters/aws/step-functions.ts';
import { config } from '../config.ts';
import { acceptCalloutCancellation } from '../domain/intake.ts';

/**
 * CalloutCancellationRequested from the bus → the job of that requestId is cancelled (idempotent). Errors propagate:
 * EventBridge retries, then the DLQ. Its own narrow composition (DynamoDB, EventBridge, Step Functions): no Excel,
 * S3, SNS or Connect code in this bundle.
 */
const logger = createLogger({ service: 'callouts' });
let deps: { campaign: Parameters<typeof acceptCalloutCancellation>[0]; starter: StepFunctionsJobStarter } | undefined;

export const handler = async (event: unknown): Promise<void> => {
  if (!deps) {
    const settings = config();
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    deps = {
      campaign: {
        jobs: new DynamoJobStore(db, settings.JOBS_TABLE), results: new DynamoResultStore(db, settings.RESULTS_TABLE, settings.CONTACTS_TABLE),
        bus: new EventBridgeBus({ busName: settings.EVENT_BUS_NAME }), clock: { now: () => new Date() },
      },
      starter: new StepFunctionsJobStarter(new SFNClient({}), settings.STATE_MACHINE_ARN),
    };
  }
  const result = await acceptCalloutCancellation(deps.campaign, deps.starter, event);
  logger.info('CalloutCancellationRequested handled', { outcome: result.kind, ...(result.kind === 'cancelled' ? { jobId: result.job.jobId, cancelled: result.cancelled } : {}) });
};
