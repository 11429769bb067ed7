/**
 * The SMA's read of the texting projection: DynamoDB `GetItem` over the signed JSON client (no SDK on the
 * caller's cold start), like the routing table's Scan.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CallOptions } from '../../domain/ports.ts';
import { toTextingRecord, type TextingRecord } from '../../domain/sms-eligibility.ts';
import type { JsonServiceClient } from '@switchboard/shared/aws-http';

type AttributeMap = Parameters<typeof unmarshall>[0];

export class HttpDynamoDbTextingLookup {
  constructor(private readonly options: { client: JsonServiceClient; tableName: string }) {}

  async get(phoneNumber: string, options: CallOptions = {}): Promise<TextingRecord | undefined> {
    const result = await this.options.client.post<{ Item?: AttributeMap }>(
      '/',
      { TableName: this.options.tableName, Key: { phoneNumber: { S: phoneNumber } }, ConsistentRead: true },
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      options.signal,
    );
    return toTextingRecord(result.Item ? unmarshall(result.Item) : undefined);
  }
}
