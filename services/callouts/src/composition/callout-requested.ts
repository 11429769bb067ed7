/**
 * callout-requested: CalloutRequested from the bus → a job (idempotent on requestId), counted against the daily
 * call ceilings as `system:<requestedBy>` (see domain/intake.ts). Errors propagate: EventBridge retries, then the DLQ.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { createDynamoSpendLimiter } from '@switchboard/shared/limits';
import { StepFunctionsJobStarter } from '../adapters/aws/step-functions.ts';
import { acceptCalloutRequested } from '../domain/intake.ts';
import { callLimits, loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps, documentClient, logger } from './aws-parts.ts';

export function calloutRequestedHandler(env: HandlerEnv<'callout-requested'> = loadHandlerEnv('callout-requested')) {
  const db = documentClient();
  const deps = {
    ...campaignDeps(env, db),
    ...(env.SPEND_LIMITS_TABLE
      ? { spendLimiter: createDynamoSpendLimiter({ client: db, tableName: env.SPEND_LIMITS_TABLE, limits: callLimits(env) }) }
      : {}),
    onCeilingPassed: (limit: { name: string; max: number }, jobId: string) =>
      logger.warn('urgent callout placed past a daily call ceiling', { jobId, limit: limit.name, max: limit.max }),
  };
  const starter = new StepFunctionsJobStarter(new SFNClient({}), env.STATE_MACHINE_ARN);
  return async (event: unknown): Promise<void> => {
    const result = await acceptCalloutRequested(deps, starter, event);
    if (result.kind === 'invalid') logger.warn('CalloutRequested refused', { issues: result.issues.slice(0, 200) });
    else logger.info('CalloutRequested accepted', { outcome: result.kind, jobId: result.job.jobId });
  };
}
