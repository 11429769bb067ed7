export * from './define-event.ts';
export * from './common.ts';
export * from './events/index.ts';

import * as events from './events/index.ts';
import type { AnyEventContract } from './define-event.ts';

function isContract(value: unknown): value is AnyEventContract {
  return typeof value === 'object' && value !== null && 'detailType' in value && 'pattern' in value && 'schema' in value;
}

/** Every contract the platform defines (the schema registry publishes one schema each). */
export const allContracts: readonly AnyEventContract[] = Object.freeze(Object.values(events).filter(isContract));
