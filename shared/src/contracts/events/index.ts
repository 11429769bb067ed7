// Every event of the platform, one file each. Adding an event: create its file and append one export line here;
// `allContracts` (schema registry, tests) picks it up.
export * from './call-routed.ts';
export * from './call-routing-failed.ts';
export * from './sms-deflection-requested.ts';
export * from './sms-conversation-started.ts';
export * from './sms-conversation-ended.ts';
export * from './sms-opted-out.ts';
export * from './forward-changed.ts';
export * from './call-forwarded.ts';
export * from './callout-requested.ts';
export * from './callout-completed.ts';
export * from './callout-job-completed.ts';
export * from './incident-opened.ts';
export * from './incident-resolved.ts';
export * from './incident-acknowledged.ts';
export * from './incident-escalated.ts';
export * from './incident-reopened.ts';
