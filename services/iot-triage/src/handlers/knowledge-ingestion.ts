/**
 * Knowledge-base ingestion: invoked by `pulumi up` whenever the shipped knowledge documents change (and on the first
 * deploy), and by operators for its status:
 *   aws lambda invoke --function-name <stage function> --payload '{"action":"status"}' out.json
 * `start` starts an ingestion job (or reports the one already running); `status` reports the latest job.
 * Errors propagate: a failed start fails the deployment step that invoked it.
 */
import { BedrockAgentClient, ListIngestionJobsCommand, StartIngestionJobCommand, type IngestionJobSummary } from '@aws-sdk/client-bedrock-agent';
import * as z from 'zod';

const env = z.object({ KNOWLEDGE_BASE_ID: z.string().min(1), KNOWLEDGE_DATA_SOURCE_ID: z.string().min(1) }).parse(process.env);
const bedrock = new BedrockAgentClient({});
const ids = { knowledgeBaseId: env.KNOWLEDGE_BASE_ID, dataSourceId: env.KNOWLEDGE_DATA_SOURCE_ID };

interface IngestionStatus {
  ingestionJobId?: string;
  status: string;
  startedAt?: string;
  updatedAt?: string;
  alreadyRunning?: boolean;
}

const summary = (job: IngestionJobSummary | undefined): IngestionStatus =>
  job
    ? { ingestionJobId: job.ingestionJobId, status: job.status ?? 'UNKNOWN', startedAt: job.startedAt?.toISOString(), updatedAt: job.updatedAt?.toISOString() }
    : { status: 'NONE' };

async function latest(): Promise<IngestionJobSummary | undefined> {
  const page = await bedrock.send(new ListIngestionJobsCommand({ ...ids, sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' }, maxResults: 1 }));
  return page.ingestionJobSummaries?.[0];
}

export const handler = async (event: { action?: 'start' | 'status'; reason?: string } = {}): Promise<IngestionStatus> => {
  if (event.action === 'status') return summary(await latest());
  try {
    const started = await bedrock.send(new StartIngestionJobCommand({ ...ids, description: (event.reason ?? 'knowledge documents changed').slice(0, 200) }));
    const job = started.ingestionJob;
    return { ingestionJobId: job?.ingestionJobId, status: job?.status ?? 'STARTING', startedAt: job?.startedAt?.toISOString() };
  } catch (error) {
    // One job at a time per data source: report the running one (it picks up what was uploaded before it started).
    if ((error as { name?: string }).name !== 'ConflictException') throw error;
    return { ...summary(await latest()), alreadyRunning: true };
  }
};
