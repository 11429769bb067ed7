/**
 * agent-actions: the Bedrock agent's action-group Lambda (both groups). Every mutating action passes the runbook's
 * policy check; this function runs inside the agent's turn and never calls the agent back.
 */
import { handleActionGroupEvent } from '../adapters/bedrock-action-group.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient, logger, triageEngine, unwired } from './aws-parts.ts';
import { actionPorts } from './actions.ts';
import type { TriageAgent } from '../domain/ports.ts';

export function agentActionsHandler(env: HandlerEnv<'agent-actions'> = loadHandlerEnv('agent-actions')) {
  const documents = documentClient();
  const ports = actionPorts(env, documents);
  const { engine, devices } = triageEngine(env, documents, { ...ports, agent: unwired<TriageAgent>('agent') });
  const dependencies = { engine, tickets: ports.tickets, devices };
  return async (event: unknown) => {
    const response = await handleActionGroupEvent(dependencies, event);
    logger.info('agent action', {
      function: response.response.function,
      state: response.response.functionResponse.responseState ?? 'OK',
    });
    return response;
  };
}
