/**
 * KnowledgeSync on S3 + Bedrock Agents: writes the runbook (in the guide's format) over the knowledge base's guide
 * document and starts an ingestion job, so the agent retrieves what the engine executes.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConflictException, StartIngestionJobCommand, type BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { KnowledgeSync } from '../../domain/ports.ts';

export interface BedrockKnowledgeSyncOptions {
  bucket: string;
  /** Object key of the guide (`knowledge-base/Troubleshooting_Guide.txt`). */
  key: string;
  knowledgeBaseId: string;
  dataSourceId: string;
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
}
