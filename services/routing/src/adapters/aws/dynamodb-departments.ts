/**
 * The routing table on DynamoDB (DocumentClient). The same adapter serves the local stage, where the
 * client points at dynalite.
 *
 * Items are the department JSON with `name` as partition key. Reads re-validate with the domain schema:
 * an item edited by hand in the console that would crash a live call is skipped (and reported) instead.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defineTable, isConditionalCheckFailed } from '@switchboard/shared/dynamo';
import { scanAll } from '@switchboard/shared/dynamo-query';
import { byDepartmentName, departmentSchema, type Department } from '../../domain/department.ts';
import { DepartmentExistsError, type CallOptions, type DepartmentRepository } from '../../domain/ports.ts';

export const departmentsTable = defineTable({
  name: 'departments',
  partitionKey: { name: 'name', type: 'S' },
});

export interface DynamoDbDepartmentsOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Called for an item that no longer matches the schema (it is left out of the directory). */
  onInvalidItem?: (name: unknown, problem: string) => void;
}

export class DynamoDbDepartments implements DepartmentRepository {
  constructor(private readonly options: DynamoDbDepartmentsOptions) {}

  async list(options: CallOptions = {}): Promise<Department[]> {
    const items = await scanAll(
      this.options.client,
      { TableName: this.options.tableName, ConsistentRead: true },
      options.signal ? { abortSignal: options.signal } : {},
    );
    const departments: Department[] = [];
    for (const item of items) {
      const department = this.toDepartment(item);
      if (department !== undefined) departments.push(department);
    }
    return departments.sort(byDepartmentName);
  }

  async get(name: string, options: CallOptions = {}): Promise<Department | undefined> {
    const { Item } = await this.options.client.send(new GetCommand({ TableName: this.options.tableName, Key: { name }, ConsistentRead: true }), {
      abortSignal: options.signal,
    });
    return Item === undefined ? undefined : this.toDepartment(Item);
  }

  async put(department: Department, options: CallOptions & { mustNotExist?: boolean } = {}): Promise<void> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          // JSON round trip drops `undefined` members, which the marshaller would reject.
          Item: JSON.parse(JSON.stringify(departmentSchema.parse(department))) as Record<string, unknown>,
          ...(options.mustNotExist ? { ConditionExpression: 'attribute_not_exists(#name)', ExpressionAttributeNames: { '#name': 'name' } } : {}),
        }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new DepartmentExistsError(department.name);
      }
      throw error;
    }
  }

  async delete(name: string, options: CallOptions = {}): Promise<boolean> {
    const { Attributes } = await this.options.client.send(
      new DeleteCommand({ TableName: this.options.tableName, Key: { name }, ReturnValues: 'ALL_OLD' }),
      { abortSignal: options.signal },
    );
    return Attributes !== undefined;
  }

  private toDepartment(item: Record<string, unknown>): Department | undefined {
    const parsed = departmentSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    this.options.onInvalidItem?.(item.name, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return undefined;
  }
}
