/**
 * Which deflection requests had their failure published (`sms-state`, `DEFLECTION#<requestKey>` / `FAILURE-REPORTED`),
 * kept as long as a redelivery of the request can arrive (EventBridge retries for up to 24 hours; 7 days kept).
 */
import type { FailureReports } from '../../domain/ports.ts';
import type { DocumentStore } from './dynamodb-document-store.ts';

const KEPT_SECONDS = 7 * 86_400;

export class DynamoFailureReports implements FailureReports {
  constructor(
    private readonly client: DocumentStore,
    private readonly tableName: string,
  ) {}

  private key(requestKey: string) {
    return { pk: `DEFLECTION#${requestKey}`, sk: 'FAILURE-REPORTED' };
  }

  async isReported(requestKey: string): Promise<boolean> {
    const { Item } = await this.client.get({ TableName: this.tableName, Key: this.key(requestKey), ConsistentRead: true });
    return Item !== undefined;
  }

  async markReported(requestKey: string, at: Date): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: { ...this.key(requestKey), reportedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + KEPT_SECONDS },
    });
  }
}
