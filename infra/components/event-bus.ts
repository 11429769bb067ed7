/**
 * `EventBus`: the stage's one custom EventBridge bus (`switchboard-<stage>`), an archive for replay, and a
 * schema registry holding one JSON Schema per event contract, so other systems can discover and generate
 * code for every event the platform publishes.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AnyEventContract } from '@switchboard/shared/contracts';

export interface EventBusArgs {
  /** Bus name, `${project}-${stage}`. */
  readonly busName: string;
  /** Contracts published in the schema registry (normally `allContracts`). */
  readonly contracts: readonly AnyEventContract[];
  /** Days the archive keeps events (0 = forever). */
  readonly archiveRetentionDays: number;
  /**
   * Pulumi protect on the bus and archive.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Tags on every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Registry schema name for a contract, as EventBridge schema discovery names them: `<source>@<DetailType>`. */
export function schemaName(contract: Pick<AnyEventContract, 'source' | 'detailType'>): string {
  return `${contract.source}@${contract.detailType}`;
}

/**
 * The whole EventBridge event as JSON Schema draft 4 (what the registry's `JSONSchemaDraft4` type accepts):
 * envelope fields fixed to the contract's source and detail type, `detail` = the contract's own schema.
 */
export function registrySchemaContent(contract: AnyEventContract): string {
  const detail = { ...contract.jsonSchema() };
  delete detail.$schema;
  return JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: schemaName(contract),
    description: `${contract.detailType} v${contract.version}, published by ${contract.source}`,
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      source: { type: 'string', enum: [contract.source] },
      'detail-type': { type: 'string', enum: [contract.detailType] },
      detail,
    },
  });
}

export class EventBus extends pulumi.ComponentResource {
  readonly bus: aws.cloudwatch.EventBus;
  readonly archive: aws.cloudwatch.EventArchive;
  readonly registry: aws.schemas.Registry;
  readonly schemas: readonly aws.schemas.Schema[];
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: EventBusArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:events:EventBus', name, {}, opts);
    const owner = `EventBus ${name}`;
    if (!/^[A-Za-z0-9._-]{1,256}$/.test(args.busName)) throw new Error(`${owner}: bus name "${args.busName}" is not a valid EventBridge name`);
    if (!Number.isInteger(args.archiveRetentionDays) || args.archiveRetentionDays < 0) throw new Error(`${owner}: archiveRetentionDays must be ≥ 0`);
    const names = args.contracts.map(schemaName);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`${owner}: two contracts share the schema name ${duplicate}`);
    const tags = args.tags ?? {};

    this.bus = new aws.cloudwatch.EventBus(`${name}-bus`, { name: args.busName, tags }, { parent: this, protect: args.protect });
    this.archive = new aws.cloudwatch.EventArchive(
      `${name}-archive`,
      {
        name: `${args.busName}-archive`,
        eventSourceArn: this.bus.arn,
        retentionDays: args.archiveRetentionDays,
        description: `Every event on ${args.busName}, kept for replay`,
      },
      { parent: this, protect: args.protect },
    );
    this.registry = new aws.schemas.Registry(
      `${name}-registry`,
      { name: args.busName, description: `JSON Schemas of the events on ${args.busName}`, tags },
      { parent: this },
    );
    this.schemas = args.contracts.map(
      (contract) =>
        new aws.schemas.Schema(
          `${name}-schema-${contract.source.replace(/^switchboard\./, '')}-${contract.detailType.replace(/\./g, '-')}`,
          {
            registryName: this.registry.name,
            name: schemaName(contract),
            type: 'JSONSchemaDraft4',
            description: `${contract.detailType} v${contract.version}`,
            content: registrySchemaContent(contract),
            tags,
          },
          { parent: this },
        ),
    );
    this.name = this.bus.name;
    this.arn = this.bus.arn;
    this.registerOutputs({ name: this.name, arn: this.arn, schemas: names });
  }
}
