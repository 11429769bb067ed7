/**
 * callout-cancellation-requested: CalloutCancellationRequested from the bus → the job of that requestId is
 * cancelled (idempotent). Errors propagate: EventBridge retries, then the DLQ. DynamoDB, EventBridge and Step
 * Functions only.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { DynamoJobStore, DynamoResultStore } from '../adapters/aws/dynamodb-stores.ts';
import { StepFunctionsJobStarter } from '../adapters/aws/step-functions.ts';
import { acceptCalloutCancellation } from '../domain/intake.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { clock, documentClient, logger } from './aws-parts.ts';

export function calloutCancellationRequestedHandler(
  env: HandlerEnv<'callout-cancellation-requested'> = loadHandlerEnv('callout-cancellation-requested'),
) {
  const db = documentClient();
  const campaign = {
    jobs: new DynamoJobStore(db, env.JOBS_TABLE),
    results: new DynamoResultStore(db, env.RESULTS_TABLE),
    bus: new EventBridgeBus({ busName: env.EVENT_BUS_NAME }),
    clock,
  };
  const starter = new StepFunctionsJobStarter(new SFNClient({}), env.STATE_MACHINE_ARN);
  return async (event: unknown): Promise<void> => {
    const result = await acceptCalloutCancellation(campaign, starter, event);
    logger.info('CalloutCancellationRequested handled', {
      outcome: result.kind,
      ...(result.kind === 'cancelled' ? { jobId: result.job.jobId, cancelled: result.cancelled } : {}),
    });
  };
}
