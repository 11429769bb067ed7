/** KnowledgeSync on the local stage: re-indexes the stand-in agent's retrieval with the edited guide. */
import type { KnowledgeStatus, KnowledgeSync } from '../../domain/ports.ts';
import { chunkDocument, KnowledgeIndex, type KnowledgeChunk } from '../../domain/knowledge.ts';

export class LocalKnowledgeSync implements KnowledgeSync {
  private indexed: { chunks: readonly KnowledgeChunk[]; at: string };

  constructor(
    /** The other documents (the manual), indexed beside the guide. */
    private readonly otherChunks: readonly KnowledgeChunk[],
    private readonly install: (index: KnowledgeIndex) => void,
    /** The guide's chunks as the stage indexed them at start. */
    initialGuide: readonly KnowledgeChunk[] = [],
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.indexed = { chunks: [...initialGuide, ...otherChunks], at: clock().toISOString() };
  }

  async publishGuide(guideText: string): Promise<void> {
    const chunks = [...chunkDocument('Troubleshooting_Guide.txt', guideText), ...this.otherChunks];
    this.install(new KnowledgeIndex(chunks));
    this.indexed = { chunks, at: this.clock().toISOString() };
  }

  /** The stand-in indexes synchronously: every document is indexed as of the last (re-)index. */
  async status(): Promise<KnowledgeStatus> {
    const counts = new Map<string, number>();
    for (const chunk of this.indexed.chunks) counts.set(chunk.source, (counts.get(chunk.source) ?? 0) + 1);
    return {
      ingestion: { status: 'COMPLETE', startedAt: this.indexed.at, updatedAt: this.indexed.at },
      documents: [...counts].map(([name, chunks]) => ({ name, chunks, indexedAt: this.indexed.at })),
    };
  }
}
