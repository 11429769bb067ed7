/**
 * The routing table read of the SMA hot path: DynamoDB `Scan` over the signed JSON client (no SDK).
 * Items are validated with the domain schema like the SDK adapter does; invalid ones are skipped.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { byDepartmentName, departmentSchema, type Department } from '../../domain/department.ts';
import type { CallOptions } from '../../domain/ports.ts';
import type { JsonServiceClient } from '@switchboard/shared/aws-http';

type AttributeMap = Parameters<typeof unmarshall>[0];

export class HttpDynamoDbDepartmentList {
  constructor(private readonly options: { client: JsonServiceClient; tableName: string; onInvalidItem?: (name: unknown, problem: string) => void }) {}

  async list(options: CallOptions = {}): Promise<Department[]> {
    const departments: Department[] = [];
    let startKey: AttributeMap | undefined;
    do {
      const page = await this.options.client.post<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>(
        '/',
        { TableName: this.options.tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) },
        { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Scan' },
        options.signal,
      );
      for (const raw of page.Items ?? []) {
        const item = unmarshall(raw);
        const parsed = departmentSchema.safeParse(item);
        if (parsed.success) departments.push(parsed.data);
        else this.options.onInvalidItem?.(item.name, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return departments.sort(byDepartmentName);
  }
}
