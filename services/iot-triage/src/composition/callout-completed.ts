/**
 * callout-completed: CalloutCompleted from the callouts service — the operator acknowledged, or why nobody was
 * reached is recorded and the next contact is called. Asynchronous: errors propagate (retries, then the DLQ).
 */
import { CalloutCompleted } from '@switchboard/shared/contracts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient, logger, triageEngine } from './aws-parts.ts';

export function calloutCompletedHandler(env: HandlerEnv<'callout-completed'> = loadHandlerEnv('callout-completed')) {
  const { engine } = triageEngine(env, documentClient());
  return async (event: unknown): Promise<void> => {
    const { data, metadata } = CalloutCompleted.parse(event);
    const incident = await engine.calloutCompleted(data);
    logger.info('callout completed', {
      correlationId: data.callbackContext?.incidentId ?? metadata.correlationId,
      status: data.status,
      incidentStatus: incident?.status ?? 'not ours',
    });
  };
}
