/** escalation-tick: every minute (EventBridge Scheduler) — unacknowledged call-outs escalate, unrecovered devices reopen. */
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient, logger, triageEngine } from './aws-parts.ts';

export function escalationTickHandler(env: HandlerEnv<'escalation-tick'> = loadHandlerEnv('escalation-tick')) {
  const { engine } = triageEngine(env, documentClient());
  return async () => {
    const result = await engine.tick();
    if (result.escalated || result.reopened) logger.info('escalation tick', result);
    return result;
  };
}
