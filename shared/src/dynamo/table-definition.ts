/**
 * A DynamoDB table described once, as data: the Pulumi `Table` component and the local stage (dynalite) both create
 * tables from it, so the two can never drift.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface TableIndex {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** @default 'ALL' */
  projection?: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical name, unique within its service (kebab-case); the physical name adds project, stage and service. */
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Global secondary indexes. */
  indexes?: TableIndex[];
  /** Attribute holding an epoch-seconds expiry. DynamoDB deletes expired items (dynalite does not: read code must ignore them). */
  ttlAttribute?: string;
}

const NAME = /^[a-z][a-z0-9-]{1,40}$/;

export function defineTable(definition: TableDefinition): Readonly<TableDefinition> {
  if (!NAME.test(definition.name)) throw new Error(`table name "${definition.name}" must be kebab-case, 2–41 characters`);
  const indexNames = new Set<string>();
  for (const index of definition.indexes ?? []) {
    if (indexNames.has(index.name)) throw new Error(`table ${definition.name}: duplicate index ${index.name}`);
    indexNames.add(index.name);
  }
  // One attribute name must not be declared with two types across the keys.
  const types = new Map<string, string>();
  const declared = [
    definition.partitionKey,
    definition.sortKey,
    ...(definition.indexes ?? []).flatMap((index) => [index.partitionKey, index.sortKey]),
  ].filter((key): key is KeyAttribute => key !== undefined);
  for (const key of declared) {
    const seen = types.get(key.name);
    if (seen && seen !== key.type) throw new Error(`table ${definition.name}: attribute ${key.name} declared as ${seen} and ${key.type}`);
    types.set(key.name, key.type);
  }
  return Object.freeze(structuredClone(definition));
}

/** Every attribute used by the table's key or an index key, once each. */
export function keyAttributes(definition: TableDefinition): KeyAttribute[] {
  const all = [
    definition.partitionKey,
    definition.sortKey,
    ...(definition.indexes ?? []).flatMap((index) => [index.partitionKey, index.sortKey]),
  ].filter((key): key is KeyAttribute => key !== undefined);
  return [...new Map(all.map((key) => [key.name, key])).values()];
}
