/** KnowledgeSync on the local stage: re-indexes the stand-in agent's retrieval with the edited guide. */
import type { KnowledgeSync } from '../../domain/ports.ts';
import { chunkDocument, KnowledgeIndex, type KnowledgeChunk } from '../../domain/knowledge.ts';

export class LocalKnowledgeSync implements KnowledgeSync {
  constructor(
    /** The other documents (the manual), indexed beside the guide. */
    private readonly otherChunks: readonly KnowledgeChunk[],
    private readonly install: (index: KnowledgeIndex) => void,
  ) {}

  async publishGuide(guideText: string): Promise<void> {
    this.install(new KnowledgeIndex([...chunkDocument('Troubleshooting_Guide.txt', guideText), ...this.otherChunks]));
  }
}
