/**
 * `Table`: a DynamoDB table created from the same `TableDefinition` the local stage gives dynalite, so the
 * two cannot drift. On-demand billing, server-side encryption always; point-in-time recovery, deletion
 * protection and Pulumi `protect` follow the stage table.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { keyAttributes, type TableDefinition } from '@switchboard/shared/dynamo';
import type { Platform } from './platform.ts';

export interface TableArgs {
  /** The stage platform (names, settings, tags). */
  readonly platform: Platform;
  /** Service owning the table (part of the physical name `${project}-${stage}-${service}-${definition.name}`). */
  readonly service: string;
  /** The table, as defined with `defineTable` in the service's source. */
  readonly definition: TableDefinition;
  /**
   * DynamoDB stream of item changes, for services that react to their own writes.
   * @default undefined (no stream)
   */
  readonly streamViewType?: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';
}

export class Table extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: TableArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:dynamo:Table', name, {}, opts);
    const { platform, definition } = args;
    const owner = `Table ${name}`;
    if (!definition?.name || !definition.partitionKey?.name) throw new Error(`${owner}: definition must come from defineTable()`);
    if (!/^[a-z][a-z0-9-]*$/.test(args.service)) throw new Error(`${owner}: service "${args.service}" must be a services/ folder name`);
    const attributes = keyAttributes(definition);
    const declared = new Map<string, string>();
    for (const key of [definition.partitionKey, definition.sortKey, ...(definition.indexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey])]) {
      if (!key) continue;
      if (!['S', 'N', 'B'].includes(key.type)) throw new Error(`${owner}: attribute ${key.name} has type ${key.type}; use S, N or B`);
      const seen = declared.get(key.name);
      if (seen && seen !== key.type) throw new Error(`${owner}: attribute ${key.name} declared as ${seen} and ${key.type}`);
      declared.set(key.name, key.type);
    }
    if ((definition.indexes ?? []).length > 20) throw new Error(`${owner}: DynamoDB allows at most 20 global secondary indexes`);
    const tableName = platform.physicalName(`${args.service}-${definition.name}`);

    this.table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name: tableName,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: definition.partitionKey.name,
        rangeKey: definition.sortKey?.name,
        attributes: attributes.map((key) => ({ name: key.name, type: key.type })),
        // keySchemas, not the deprecated per-index hashKey/rangeKey.
        globalSecondaryIndexes: (definition.indexes ?? []).map((index) => ({
          name: index.name,
          keySchemas: [
            { attributeName: index.partitionKey.name, keyType: 'HASH' },
            ...(index.sortKey ? [{ attributeName: index.sortKey.name, keyType: 'RANGE' }] : []),
          ],
          projectionType: index.projection ?? 'ALL',
        })),
        ttl: definition.ttlAttribute ? { attributeName: definition.ttlAttribute, enabled: true } : undefined,
        // Always encrypted at rest with a KMS key (the AWS-owned default is not visible in the template; be explicit).
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: platform.settings.pointInTimeRecovery },
        deletionProtectionEnabled: platform.settings.deletionProtection,
        streamEnabled: args.streamViewType !== undefined,
        streamViewType: args.streamViewType,
        tags: { ...platform.tags, service: args.service },
      },
      { parent: this, protect: platform.settings.protect },
    );
    this.name = this.table.name;
    this.arn = this.table.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
