/**
 * The forwards table, described once as data (the Pulumi component and the local stage create it from this), and
 * the item layout both of its adapters share: the SDK store (API, switch worker, local stage) and the SMA's signed
 * HTTP read. One table, items keyed by number:
 *
 * | pk                | sk                      | item                                                    |
 * |-------------------|-------------------------|---------------------------------------------------------|
 * | NUMBER#<e164>     | FORWARD                 | the forward (revision-guarded)                          |
 * | NUMBER#<e164>     | ASSIGNMENT              | owner; `ownerKey` feeds the by-owner index              |
 * | NUMBER#<e164>     | SWITCH                  | the product-switch journal (revision-guarded)           |
 * | NUMBER#<e164>     | HISTORY#<at>#<id>       | one audit entry                                         |
 * | ACTOR#<subject>   | RATE#<window>           | change counter of one user in one window (expires)      |
 */
import { defineTable } from '@switchboard/shared/dynamo';
import type { Forward } from '../domain/forward.ts';

export const forwardsTable = defineTable({
  name: 'forwards',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [{ name: 'by-owner', partitionKey: { name: 'ownerKey', type: 'S' }, sortKey: { name: 'pk', type: 'S' }, projection: 'KEYS_ONLY' }],
  ttlAttribute: 'expiresAt',
});

export const numberKey = (e164: string) => `NUMBER#${e164}`;
export const ownerKey = (owner: string) => `OWNER#${owner}`;

/** The key of a number's forward item. */
export const forwardKey = (e164: string) => ({ pk: numberKey(e164), sk: 'FORWARD' });

/** Strips the key and bookkeeping attributes from an item. */
export function body<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, ownerKey: _owner, expiresAt: _expires, lastChange: _last, removed: _removed, ...rest } = item;
  return rest as T;
}

/**
 * The forward an item holds, or undefined when there is none: never set, or removed (a removal leaves a tombstone
 * that carries the removal's audit entry).
 */
export function forwardOf(item: Record<string, unknown> | undefined): Forward | undefined {
  return item && !item.removed ? body<Forward>(item) : undefined;
}
