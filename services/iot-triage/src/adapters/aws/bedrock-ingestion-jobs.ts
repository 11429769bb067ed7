/**
 * Knowledge-base ingestion jobs on Bedrock Agents (StartIngestionJob, ListIngestionJobs): start one, or report the
 * latest. One job runs at a time per data source; starting while one runs reports the running one.
 */
import { ListIngestionJobsCommand, StartIngestionJobCommand, type BedrockAgentClient, type IngestionJobSummary } from '@aws-sdk/client-bedrock-agent';

export interface IngestionStatus {
  ingestionJobId?: string;
  status: string;
  startedAt?: string;
  updatedAt?: string;
  alreadyRunning?: boolean;
}

const summary = (job: IngestionJobSummary | undefined): IngestionStatus =>
  job
    ? {
        ingestionJobId: job.ingestionJobId,
        status: job.status ?? 'UNKNOWN',
        startedAt: job.startedAt?.toISOString(),
        updatedAt: job.updatedAt?.toISOString(),
      }
    : { status: 'NONE' };

export class BedrockIngestionJobs {
  constructor(
    private readonly bedrock: BedrockAgentClient,
    private readonly ids: { knowledgeBaseId: string; dataSourceId: string },
  ) {}

  async latest(): Promise<IngestionStatus> {
    const page = await this.bedrock.send(
      new ListIngestionJobsCommand({ ...this.ids, sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' }, maxResults: 1 }),
    );
    return summary(page.ingestionJobSummaries?.[0]);
  }

  async start(reason: string): Promise<IngestionStatus> {
    try {
      const started = await this.bedrock.send(new StartIngestionJobCommand({ ...this.ids, description: reason.slice(0, 200) }));
      const job = started.ingestionJob;
      return { ingestionJobId: job?.ingestionJobId, status: job?.status ?? 'STARTING', startedAt: job?.startedAt?.toISOString() };
    } catch (error) {
      // It picks up what was uploaded before it started.
      if ((error as { name?: string }).name !== 'ConflictException') throw error;
      return { ...(await this.latest()), alreadyRunning: true };
    }
  }
}
