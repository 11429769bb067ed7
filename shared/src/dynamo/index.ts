export * from './table-definition.ts';
export * from './ensure-tables.ts';
export * from './timeout.ts';
export * from './errors.ts';
