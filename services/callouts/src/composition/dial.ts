/**
 * dial: the dial queue's consumer — StartOutboundVoiceContact, paced. The event source mapping runs at most 2
 * workers (maximum concurrency) and each paces itself with a token bucket of DIAL_RATE_PER_WORKER (1/s), so the
 * instance stays within Connect's ≈ 2 requests/s. A refused call reports NotCallable/Failed to the waiting workflow
 * at once; a throttled one goes back to the queue (same ClientToken: never a second call).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ConnectClient } from '@aws-sdk/client-connect';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from '@switchboard/shared/zod-mini';
import { ConnectDialer } from '../adapters/aws/connect-dialer.ts';
import { StepFunctionsCallbacks } from '../adapters/aws/step-functions.ts';
import { dialAttempt } from '../domain/campaign.ts';
import { ScaledScheduler } from '../runner/scheduler.ts';
import { TokenBucket } from '../runner/token-bucket.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps, logger } from './aws-parts.ts';

const message = z.object({
  jobId: z.string(),
  receiverId: z.string(),
  attempt: z.coerce.number().check(z.int(), z.minimum(1)),
  clientToken: z.string(),
  taskToken: z.string(),
});

export function dialHandler(env: HandlerEnv<'dial'> = loadHandlerEnv('dial')) {
  const campaign = campaignDeps(env);
  const callbacks = new StepFunctionsCallbacks(new SFNClient({}));
  const dialer = new ConnectDialer(new ConnectClient({}), {
    instanceId: env.CONNECT_INSTANCE_ID,
    contactFlowId: env.CONNECT_CONTACT_FLOW_ID,
    sourcePhoneNumber: env.CONNECT_SOURCE_PHONE_NUMBER,
  });
  const pacing = new TokenBucket(new ScaledScheduler(1), env.DIAL_RATE_PER_WORKER, 1);
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const call = message.parse(JSON.parse(record.body));
        logger.appendKeys({ correlationId: call.jobId });
        await pacing.take();
        const dial = await dialAttempt(campaign, dialer, call);
        if (dial.kind === 'throttled') failures.push({ itemIdentifier: record.messageId });
        else if (dial.kind === 'rejected') await callbacks.succeed(call.taskToken, dial.report);
      } catch (error) {
        logger.error('dial failed', { error, messageId: record.messageId });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}
