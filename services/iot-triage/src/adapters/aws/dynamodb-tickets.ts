/** TicketStore on DynamoDB (tickets table): one ticket per incident, created once. */
import { isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Ticket, TicketStore } from '../../domain/ports.ts';

export class DynamoTicketStore implements TicketStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(ticket: Ticket): Promise<boolean> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: ticket, ConditionExpression: 'attribute_not_exists(ticketId)' }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { ticketId } }));
    return Item as Ticket | undefined;
  }

  async setAnomalyEnd(ticketId: string, end: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { ticketId },
          UpdateExpression: 'SET anomalyEnd = :end',
          ConditionExpression: 'attribute_exists(ticketId)',
          ExpressionAttributeValues: { ':end': end },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listForDevice(deviceId: string, limit = 20): Promise<Ticket[]> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by-device',
        KeyConditionExpression: 'deviceId = :device',
        ExpressionAttributeValues: { ':device': deviceId },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []) as Ticket[];
  }
}
