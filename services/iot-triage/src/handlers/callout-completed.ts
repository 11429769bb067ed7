/** CalloutCompleted from the callouts service: the operator acknowledged, or the next contact is called. */
import { CalloutCompleted } from '@switchboard/shared/contracts';
import { logger, runtime } from '../adapters/aws/runtime.ts';

export const handler = async (event: unknown) => {
  const { data, metadata } = CalloutCompleted.parse(event);
  const incident = await runtime().service.engine.calloutCompleted(data);
  logger.info('callout completed', {
    correlationId: data.callbackContext?.incidentId ?? metadata.correlationId,
    status: data.status,
    incidentStatus: incident?.status ?? 'not ours',
  });
};
