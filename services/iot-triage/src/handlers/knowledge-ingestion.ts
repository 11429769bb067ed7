/** The knowledge-ingestion Lambda: see src/composition/knowledge-ingestion.ts. */
import { knowledgeIngestionHandler } from '../composition/knowledge-ingestion.ts';

export const handler = knowledgeIngestionHandler();
