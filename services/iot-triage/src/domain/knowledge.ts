/**
 * Keyword retrieval over the knowledge documents (the troubleshooting guide and the manual), for the local
 * stand-in of the Bedrock knowledge base. Documents are split at Markdown headings (the guide's `## Error Code`
 * sections are exactly the chunks the seed's agent was told to use) and scored with BM25.
 */
export interface KnowledgeChunk {
  source: string;
  heading: string;
  text: string;
}

export interface ScoredChunk extends KnowledgeChunk {
  score: number;
}

const STOP = new Set(
  'a an and are as at be by do does for from how i if in is it its of on or the this to what when which with you your my me please tell about'.split(
    ' ',
  ),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9_]+/g) ?? []).filter((t) => !STOP.has(t) && t.length > 1);
}

export function chunkDocument(source: string, text: string, maxChars = 1500): KnowledgeChunk[] {
  const chunks: KnowledgeChunk[] = [];
  let heading = source;
  let buffer: string[] = [];
  const flush = () => {
    const body = buffer.join('\n').trim();
    for (let i = 0; i < body.length; i += maxChars) chunks.push({ source, heading, text: body.slice(i, i + maxChars) });
    buffer = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const match = /^#{1,4}\s+(.*)$/.exec(line);
    if (match) {
      flush();
      heading = match[1]!.replace(/\*/g, '').trim();
    }
    buffer.push(line);
  }
  flush();
  return chunks.filter((c) => c.text.length > 0);
}

export class KnowledgeIndex {
  private readonly docs: Array<{ chunk: KnowledgeChunk; terms: Map<string, number>; length: number }>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(chunks: readonly KnowledgeChunk[]) {
    this.docs = chunks.map((chunk) => {
      const terms = new Map<string, number>();
      const tokens = tokenize(`${chunk.heading} ${chunk.text}`);
      for (const t of tokens) terms.set(t, (terms.get(t) ?? 0) + 1);
      for (const t of terms.keys()) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
      return { chunk, terms, length: tokens.length };
    });
    this.averageLength = this.docs.reduce((a, d) => a + d.length, 0) / Math.max(1, this.docs.length);
  }

  search(query: string, limit = 3): ScoredChunk[] {
    const k1 = 1.2,
      b = 0.75,
      n = this.docs.length;
    const queryTerms = [...new Set(tokenize(query))];
    return this.docs
      .map(({ chunk, terms, length }) => {
        let score = 0;
        for (const term of queryTerms) {
          const tf = terms.get(term);
          if (!tf) continue;
          const df = this.documentFrequency.get(term) ?? 0;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / this.averageLength));
        }
        return { ...chunk, score };
      })
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
