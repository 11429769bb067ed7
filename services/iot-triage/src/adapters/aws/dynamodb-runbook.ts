/**
 * The runbook on DynamoDB (runbook table), cached briefly: every triage reads it, edits are rare, and a Lambda
 * that sees an edit a minute late is fine.
 */
import { DeleteCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRunbook, runbookEntrySchema, type Runbook, type RunbookEntry } from '../../domain/runbook.ts';

export class DynamoRunbookStore {
  private cached: { runbook: Runbook; at: number } | undefined;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cacheMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<Runbook> {
    if (this.cached && this.now() - this.cached.at < this.cacheMs) return this.cached.runbook;
    const entries: RunbookEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      entries.push(...(page.Items ?? []).map((item) => runbookEntrySchema.parse(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    const runbook = createRunbook(entries.sort((a, b) => a.code.localeCompare(b.code)));
    this.cached = { runbook, at: this.now() };
    return runbook;
  }

  async put(entry: RunbookEntry): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: runbookEntrySchema.parse(entry) }));
    this.cached = undefined;
  }

  async delete(code: string): Promise<boolean> {
    const { Attributes } = await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { code }, ReturnValues: 'ALL_OLD' }));
    this.cached = undefined;
    return Attributes !== undefined;
  }

  /** Writes the guide's entries where the table has none yet (first start, first deploy). */
  async seed(entries: readonly RunbookEntry[]): Promise<number> {
    const existing = new Set((await this.load()).entries.map((e) => e.code));
    const missing = entries.filter((e) => !existing.has(e.code));
    for (const entry of missing) await this.put(entry);
    return missing.length;
  }
}
