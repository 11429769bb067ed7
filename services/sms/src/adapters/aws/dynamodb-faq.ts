/** The FAQ (`sms-faq`): entries under pk `FAQ`, counted unanswered questions under pk `UNANSWERED`. */
import type { DocumentStore } from './dynamodb-document-store.ts';
import type { FaqEntry } from '../../domain/faq.ts';
import type { FaqRepository } from '../../domain/ports.ts';

/** Questions are grouped by a normalised form so "Opening hours?" and "opening hours" count together. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 300);
}

export class DynamoFaqRepository implements FaqRepository {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
  ) {}

  private async queryAll(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: startKey,
      });
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async list(): Promise<FaqEntry[]> {
    return (await this.queryAll('FAQ')).map((item) => ({
      id: item.id as string,
      question: item.question as string,
      utterances: (item.utterances as string[] | undefined) ?? [],
      answer: item.answer as string,
    }));
  }

  async get(id: string): Promise<FaqEntry | undefined> {
    const { Item } = await this.client.get({ TableName: this.tableName, Key: { pk: 'FAQ', sk: id } });
    return Item ? { id: Item.id, question: Item.question, utterances: Item.utterances ?? [], answer: Item.answer } : undefined;
  }

  async replaceAll(entries: FaqEntry[]): Promise<{ written: number; removed: number }> {
    const keep = new Set(entries.map((entry) => entry.id));
    const stale = (await this.list()).filter((entry) => !keep.has(entry.id));
    const requests = [
      ...entries.map((entry) => ({ PutRequest: { Item: { pk: 'FAQ', sk: entry.id, ...entry } } })),
      ...stale.map((entry) => ({ DeleteRequest: { Key: { pk: 'FAQ', sk: entry.id } } })),
    ];
    for (let i = 0; i < requests.length; i += 25) {
      let batch: typeof requests | undefined = requests.slice(i, i + 25);
      for (let attempt = 0; batch && batch.length > 0; attempt += 1) {
        if (attempt > 8) throw new Error('FAQ import: DynamoDB kept returning unprocessed items');
        const result = await this.client.batchWrite({ RequestItems: { [this.tableName]: batch } });
        batch = result.UnprocessedItems?.[this.tableName] as typeof requests | undefined;
        if (batch && batch.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
    return { written: entries.length, removed: stale.length };
  }

  async countUnanswered(question: string, at: string): Promise<void> {
    const key = normalizeQuestion(question);
    if (key.length === 0) return;
    await this.client.update({
      TableName: this.tableName,
      Key: { pk: 'UNANSWERED', sk: key },
      UpdateExpression: 'ADD #count :one SET question = :question, lastAskedAt = :at',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':question': question.slice(0, 500), ':at': at },
    });
  }

  async unanswered(limit: number): Promise<{ question: string; count: number; lastAskedAt: string }[]> {
    return (await this.queryAll('UNANSWERED'))
      .map((item) => ({ question: item.question as string, count: Number(item.count), lastAskedAt: item.lastAskedAt as string }))
      .sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt))
      .slice(0, limit);
  }
}
