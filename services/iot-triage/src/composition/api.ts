/**
 * api: the REST API behind API Gateway (HTTP API, JWT authorizer; the app checks the token again and enforces the
 * route access table). It reads and edits; its engine only acknowledges and resolves, so it carries no e-mail client.
 */
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import { createApp } from '../api/app.ts';
import { DynamoTicketStore } from '../adapters/aws/dynamodb-tickets.ts';
import { DynamoRunbookStore } from '../adapters/aws/dynamodb-runbook.ts';
import { IotDataCommander } from '../adapters/aws/iot-data-commander.ts';
import { BedrockTriageAgent } from '../adapters/aws/bedrock-agent.ts';
import { BedrockKnowledgeSync } from '../adapters/aws/bedrock-knowledge-sync.ts';
import type { OperatorAssistant } from '../domain/assistant.ts';
import { knowledgeDocuments } from '../knowledge-files.ts';
import { allowedCountries, loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { documentClient, triageEngine } from './aws-parts.ts';
import packageJson from '../../package.json' with { type: 'json' };

/** The knowledge base's guide object: what the API overwrites after a runbook edit (and what IAM allows). */
export const GUIDE_OBJECT_KEY = 'knowledge-base/Troubleshooting_Guide.txt';

const noAgent: OperatorAssistant = {
  ask: async () => ({ answer: 'The assistant is not configured on this stage.', sources: [] }),
};

export function apiHandler(env: HandlerEnv<'api'> = loadHandlerEnv('api')) {
  const documents = documentClient();
  const tickets = new DynamoTicketStore(documents, env.TICKETS_TABLE);
  const runbook = new DynamoRunbookStore(documents, env.RUNBOOK_TABLE);
  const { engine, incidents, devices } = triageEngine(env, documents, { tickets, runbook: () => runbook.load() });
  const app = createApp({
    service: {
      stage: env.STAGE,
      devices,
      incidents,
      tickets,
      runbook,
      engine,
      commander: new IotDataCommander(new IoTDataPlaneClient({ endpoint: env.IOT_DATA_ENDPOINT })),
      assistant:
        env.AGENT_ID && env.AGENT_ALIAS_ID
          ? new BedrockTriageAgent(new BedrockAgentRuntimeClient({}), { agentId: env.AGENT_ID, agentAliasId: env.AGENT_ALIAS_ID })
          : noAgent,
      ...(env.KNOWLEDGE_BUCKET && env.KNOWLEDGE_BASE_ID && env.KNOWLEDGE_DATA_SOURCE_ID
        ? {
            knowledge: new BedrockKnowledgeSync(new S3Client({}), new BedrockAgentClient({}), {
              bucket: env.KNOWLEDGE_BUCKET,
              key: GUIDE_OBJECT_KEY,
              knowledgeBaseId: env.KNOWLEDGE_BASE_ID,
              dataSourceId: env.KNOWLEDGE_DATA_SOURCE_ID,
              documents: knowledgeDocuments,
            }),
          }
        : {}),
      allowFaultInjection: env.ALLOW_FAULT_INJECTION,
      allowedCountries: allowedCountries(env),
    },
    verifier: cognitoVerifier({ userPoolId: env.USER_POOL_ID, clientId: env.USER_POOL_CLIENT_ID }),
    version: packageJson.version,
  });
  return lambdaHandler(app);
}
