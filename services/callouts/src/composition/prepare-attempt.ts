/** prepare-attempt (map item step 1): compliance (do-not-call, window, 24 h cap) and recording the attempt with its ClientToken. */
import * as z from '@switchboard/shared/zod-mini';
import { prepareAttempt } from '../domain/campaign.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps } from './aws-parts.ts';

const input = z.object({ jobId: z.string().check(z.minLength(1)), receiverId: z.string().check(z.minLength(1)) });

export function prepareAttemptHandler(env: HandlerEnv<'prepare-attempt'> = loadHandlerEnv('prepare-attempt')) {
  const campaign = campaignDeps(env);
  return async (event: unknown) => {
    const { jobId, receiverId } = input.parse(event);
    const step = await prepareAttempt(campaign, jobId, receiverId);
    return step.kind === 'deferred' ? { kind: step.kind, until: step.until.toISOString(), reason: step.reason } : step;
  };
}
