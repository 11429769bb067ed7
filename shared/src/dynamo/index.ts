export * from './table-definition.ts';
export * from './ensure-tables.ts';
export * from './timeout.ts';
