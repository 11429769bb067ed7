/** The adapters of functions that run runbook actions: tickets, e-mail, device commands, the runbook, the agent. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTicketStore } from '../adapters/aws/dynamodb-tickets.ts';
import { DynamoRunbookStore } from '../adapters/aws/dynamodb-runbook.ts';
import { SesTicketMailer } from '../adapters/aws/ses-ticket-mailer.ts';
import { IotDataCommander } from '../adapters/aws/iot-data-commander.ts';
import { BedrockTriageAgent } from '../adapters/aws/bedrock-agent.ts';
import type { TriageAgent } from '../domain/ports.ts';
import type { HandlerEnv } from '../config.ts';

export function actionPorts(env: HandlerEnv<'agent-actions'>, documents: DynamoDBDocumentClient) {
  const runbook = new DynamoRunbookStore(documents, env.RUNBOOK_TABLE);
  return {
    runbookStore: runbook,
    runbook: () => runbook.load(),
    tickets: new DynamoTicketStore(documents, env.TICKETS_TABLE),
    mailer: new SesTicketMailer(new SESv2Client({}), env.SES_FROM_ADDRESS, env.SES_CONFIGURATION_SET),
    commander: new IotDataCommander(new IoTDataPlaneClient({ endpoint: env.IOT_DATA_ENDPOINT })),
  };
}

/**
 * The Bedrock agent for codes the runbook does not cover. Without one configured, such a code gets what the policy
 * allows every uncovered code — a ticket — through the same policy-checked action path.
 */
export function triageAgent(
  env: { AGENT_ID?: string | undefined; AGENT_ALIAS_ID?: string | undefined },
  engine: () => { agentAction(request: { deviceId: string; code: string; action: string }): Promise<{ status: string }> },
): TriageAgent {
  if (env.AGENT_ID && env.AGENT_ALIAS_ID)
    return new BedrockTriageAgent(new BedrockAgentRuntimeClient({}), { agentId: env.AGENT_ID, agentAliasId: env.AGENT_ALIAS_ID });
  return {
    triage: async (request) => {
      const outcome = await engine().agentAction({ deviceId: request.deviceId, code: request.code, action: 'log_ticket' });
      return { summary: `no agent configured: log_ticket ${outcome.status}` };
    },
  };
}
