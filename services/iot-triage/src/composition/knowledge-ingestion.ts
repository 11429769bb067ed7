/**
 * knowledge-ingestion: invoked by `pulumi up` whenever the shipped knowledge documents change (and on the first
 * deploy), and by operators for its status:
 *   aws lambda invoke --function-name <stage function> --payload '{"action":"status"}' out.json
 * `start` starts an ingestion job (or reports the one already running); `status` reports the latest job.
 * Errors propagate: a failed start fails the deployment step that invoked it.
 */
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockIngestionJobs, type IngestionStatus } from '../adapters/aws/bedrock-ingestion-jobs.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';

export function knowledgeIngestionHandler(env: HandlerEnv<'knowledge-ingestion'> = loadHandlerEnv('knowledge-ingestion')) {
  const jobs = new BedrockIngestionJobs(new BedrockAgentClient({}), {
    knowledgeBaseId: env.KNOWLEDGE_BASE_ID,
    dataSourceId: env.KNOWLEDGE_DATA_SOURCE_ID,
  });
  return async (event: { action?: 'start' | 'status'; reason?: string } = {}): Promise<IngestionStatus> =>
    event.action === 'status' ? jobs.latest() : jobs.start(event.reason ?? 'knowledge documents changed');
}
