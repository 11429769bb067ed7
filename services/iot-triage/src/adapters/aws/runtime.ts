/**
 * The Lambda-side composition root: one service per cold start, built from the environment. Handlers import
 * `runtime()` and nothing else from here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { cognitoVerifier } from '@switchboard/shared/http';
import { createLogger, createMetrics } from '@switchboard/shared/logging';
import { readConfig } from '../../config.ts';
import { createIotTriageService, type IotTriageService } from '../../service.ts';
import { DynamoIncidentRepository } from './dynamodb-incidents.ts';
import { DynamoDeviceRepository } from './dynamodb-devices.ts';
import { DynamoTicketStore } from './dynamodb-tickets.ts';
import { DynamoRunbookStore } from './dynamodb-runbook.ts';
import { SesTicketMailer } from './ses-ticket-mailer.ts';
import { IotDataCommander } from './iot-data-commander.ts';
import { BedrockTriageAgent } from './bedrock-agent.ts';
import { S3Client } from '@aws-sdk/client-s3';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockKnowledgeSync } from './bedrock-knowledge-sync.ts';

export const logger = createLogger({ service: 'iot-triage' });
export const metrics = createMetrics({ service: 'iot-triage' });

/** The action-group function runs inside the agent; it must never call the agent back. */
const notConfiguredAgent = {
  triage: async (): Promise<never> => {
    throw new Error('the Bedrock agent is not configured for this function');
  },
  ask: async (): Promise<never> => {
    throw new Error('the Bedrock agent is not configured for this function');
  },
};

let built: { service: IotTriageService; config: ReturnType<typeof readConfig> } | undefined;

export function runtime() {
  if (built) return built;
  const config = readConfig();
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const agent =
    config.AGENT_ID && config.AGENT_ALIAS_ID
      ? new BedrockTriageAgent(new BedrockAgentRuntimeClient({}), { agentId: config.AGENT_ID, agentAliasId: config.AGENT_ALIAS_ID })
      : notConfiguredAgent;
  const service = createIotTriageService({
    stage: config.STAGE,
    incidents: new DynamoIncidentRepository(documents, config.INCIDENTS_TABLE),
    devices: new DynamoDeviceRepository(documents, config.DEVICES_TABLE),
    tickets: new DynamoTicketStore(documents, config.TICKETS_TABLE),
    runbook: new DynamoRunbookStore(documents, config.RUNBOOK_TABLE),
    mailer: new SesTicketMailer(new SESv2Client({}), config.SES_FROM_ADDRESS, config.SES_CONFIGURATION_SET),
    commander: new IotDataCommander(new IoTDataPlaneClient({ endpoint: config.IOT_DATA_ENDPOINT })),
    events: new EventBridgeBus({ busName: config.EVENT_BUS_NAME }),
    agent,
    assistant: agent,
    ...(config.KNOWLEDGE_BUCKET && config.KNOWLEDGE_BASE_ID && config.KNOWLEDGE_DATA_SOURCE_ID
      ? {
          knowledge: new BedrockKnowledgeSync(new S3Client({}), new BedrockAgentClient({}), {
            bucket: config.KNOWLEDGE_BUCKET,
            key: 'knowledge-base/Troubleshooting_Guide.txt',
            knowledgeBaseId: config.KNOWLEDGE_BASE_ID,
            dataSourceId: config.KNOWLEDGE_DATA_SOURCE_ID,
          }),
        }
      : {}),
    detectionRules: config.detectionRules,
    settings: {
      ackTimeoutMs: config.ACK_TIMEOUT_SECONDS * 1000,
      recoveryTimeoutMs: config.RECOVERY_TIMEOUT_SECONDS * 1000,
      recoveryReadings: config.RECOVERY_READINGS,
      flapWindowMs: config.FLAP_WINDOW_SECONDS * 1000,
      defaultTicketEmails: config.TICKET_EMAILS,
    },
    allowFaultInjection: config.ALLOW_FAULT_INJECTION,
  });
  built = { service, config };
  return built;
}

export function verifier() {
  const { config } = runtime();
  return cognitoVerifier({ userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID });
}
