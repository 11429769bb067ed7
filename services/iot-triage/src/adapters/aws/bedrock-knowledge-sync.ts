/**
 * KnowledgeSync on S3 + Bedrock Agents: writes the runbook (in the guide's format) over the knowledge base's guide
 * document and starts an ingestion job, so the agent retrieves what the engine executes; reports the data source's
 * newest ingestion job for the console.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConflictException, ListIngestionJobsCommand, StartIngestionJobCommand, type BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { KnowledgeStatus, KnowledgeSync } from '../../domain/ports.ts';

export interface BedrockKnowledgeSyncOptions {
  bucket: string;
  /** Object key of the guide (`knowledge-base/Troubleshooting_Guide.txt`). */
  key: string;
  knowledgeBaseId: string;
  dataSourceId: string;
  /** The documents the data source holds (uploaded by the stack from `knowledge/`). */
  documents?: readonly string[];
}

export class BedrockKnowledgeSync implements KnowledgeSync {
  constructor(
    private readonly s3: S3Client,
    private readonly bedrock: BedrockAgentClient,
    private readonly options: BedrockKnowledgeSyncOptions,
  ) {}

  async publishGuide(guideText: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: this.options.key, Body: guideText, ContentType: 'text/plain; charset=utf-8' }),
    );
    try {
      await this.bedrock.send(
        new StartIngestionJobCommand({
          knowledgeBaseId: this.options.knowledgeBaseId,
          dataSourceId: this.options.dataSourceId,
          description: 'runbook edited through the iot-triage API',
        }),
      );
    } catch (error) {
      // A job already running picks the new object up only if it started after the write; the next edit (or the
      // console's Sync) catches up. Anything else is a real failure.
      if (!(error instanceof ConflictException) && (error as { name?: string }).name !== 'ConflictException') throw error;
    }
  }

  /** One data source holds every document, so they share its newest job's status. */
  async status(): Promise<KnowledgeStatus> {
    const page = await this.bedrock.send(
      new ListIngestionJobsCommand({
        knowledgeBaseId: this.options.knowledgeBaseId,
        dataSourceId: this.options.dataSourceId,
        sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' },
        maxResults: 1,
      }),
    );
    const job = page.ingestionJobSummaries?.[0];
    return {
      ingestion: job
        ? {
            status: job.status ?? 'UNKNOWN',
            ...(job.ingestionJobId ? { jobId: job.ingestionJobId } : {}),
            ...(job.startedAt ? { startedAt: job.startedAt.toISOString() } : {}),
            ...(job.updatedAt ? { updatedAt: job.updatedAt.toISOString() } : {}),
          }
        : { status: 'NONE' },
      documents: (this.options.documents ?? []).map((name) => ({
        name,
        ...(job?.updatedAt && job.status === 'COMPLETE' ? { indexedAt: job.updatedAt.toISOString() } : {}),
      })),
    };
  }
}
