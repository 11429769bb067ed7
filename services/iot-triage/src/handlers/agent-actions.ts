/** The Bedrock agent's action-group Lambda (both groups): every mutating action passes the runbook's policy check. */
import { handleActionGroupEvent } from '../adapters/bedrock-action-group.ts';
import { logger, runtime } from '../adapters/aws/runtime.ts';

export const handler = async (event: unknown) => {
  const response = await handleActionGroupEvent(runtime().service, event);
  logger.info('agent action', {
    function: response.response.function,
    state: response.response.functionResponse.responseState ?? 'OK',
  });
  return response;
};
