export * from './event-bus.ts';
export * from './pattern.ts';
export * from './local-bus.ts';
export * from './eventbridge-bus.ts';
export * from './eventbridge-http-bus.ts';
