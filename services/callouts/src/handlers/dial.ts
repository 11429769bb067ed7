import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { awsRuntime, logger } from '../adapters/aws/runtime.ts';
import { dialAttempt } from '../domain/campaign.ts';
import { ScaledScheduler } from '../runner/scheduler.ts';
import { TokenBucket } from '../runner/token-bucket.ts';

/**
 * The dial queue's consumer: StartOutboundVoiceContact, paced. The event source mapping runs at most 2
 * workers (maximum concurrency) and each paces itself with a token bucket of DIAL_RATE_PER_WORKER (1/s),
 * so the instance stays within Connect's ≈ 2 requests/s. A refused call reports NotCallable/Failed to the
 * waiting workflow at once; a throttled one goes back to the queue (same ClientToken: never a second call).
 */
const message = z.object({ jobId: z.string(), receiverId: z.string(), attempt: z.coerce.number().int().min(1), clientToken: z.string(), taskToken: z.string() });
let pacing: TokenBucket | undefined;
let dialer: ReturnType<typeof awsRuntime>['dialer'] | undefined;

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const runtime = awsRuntime();
  pacing ??= new TokenBucket(new ScaledScheduler(1), runtime.settings.DIAL_RATE_PER_WORKER, 1);
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const call = message.parse(JSON.parse(record.body));
      logger.appendKeys({ correlationId: call.jobId });
      await pacing.take();
      dialer ??= runtime.dialer;
      const dial = await dialAttempt(runtime.campaign, dialer, call);
      if (dial.kind === 'throttled') failures.push({ itemIdentifier: record.messageId });
      else if (dial.kind === 'rejected') await runtime.session.callbacks.succeed(call.taskToken, dial.report);
    } catch (error) {
      logger.error('dial failed', { error, messageId: record.messageId });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
