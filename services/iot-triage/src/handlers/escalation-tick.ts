/** Every minute (EventBridge Scheduler): escalate unacknowledged call-outs, reopen devices that did not recover. */
import { logger, runtime } from '../adapters/aws/runtime.ts';

export const handler = async () => {
  const result = await runtime().service.engine.tick();
  if (result.escalated || result.reopened) logger.info('escalation tick', result);
  return result;
};
