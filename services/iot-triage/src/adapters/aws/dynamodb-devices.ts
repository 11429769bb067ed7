/** DeviceRepository on DynamoDB (devices table). */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanAll } from '@switchboard/shared/dynamo-query';
import type { DeviceRecord, DeviceRepository } from '../../domain/ports.ts';

export class DynamoDeviceRepository implements DeviceRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(deviceId: string): Promise<DeviceRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { deviceId } }));
    return Item as DeviceRecord | undefined;
  }

  async list(): Promise<DeviceRecord[]> {
    const items = await scanAll<DeviceRecord>(this.documents, { TableName: this.tableName });
    return items.sort((a, b) => a.deviceId.localeCompare(b.deviceId));
  }

  async put(record: DeviceRecord): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: record }));
  }

  async saveSite(record: Pick<DeviceRecord, 'deviceId' | 'siteOwner' | 'address' | 'contacts' | 'ticketEmails'>): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { deviceId: record.deviceId },
        UpdateExpression: 'SET siteOwner = :owner, address = :address, contacts = :contacts, ticketEmails = :emails',
        ExpressionAttributeValues: {
          ':owner': record.siteOwner,
          ':address': record.address,
          ':contacts': record.contacts,
          ':emails': record.ticketEmails ?? [],
        },
      }),
    );
  }

  async saveTelemetryState(
    deviceId: string,
    update: Pick<DeviceRecord, 'lastTelemetry' | 'lastSeenAt' | 'detector' | 'lastReceivedAt' | 'history'>,
  ): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { deviceId },
          UpdateExpression: `SET lastTelemetry = :reading, lastSeenAt = :seen, detector = :detector, lastReceivedAt = :received${update.history ? ', history = :history' : ''}`,
          // A slower concurrent batch must not put older detector state over newer.
          ConditionExpression: 'attribute_exists(deviceId) AND (attribute_not_exists(lastReceivedAt) OR lastReceivedAt < :received)',
          ExpressionAttributeValues: {
            ':reading': update.lastTelemetry,
            ':seen': update.lastSeenAt,
            ':detector': update.detector,
            ':received': update.lastReceivedAt,
            ...(update.history ? { ':history': update.history } : {}),
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return;
      throw error;
    }
  }
}
