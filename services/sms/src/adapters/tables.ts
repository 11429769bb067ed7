/**
 * The service's DynamoDB tables, described once as data: the Pulumi component and the local stage create
 * the same tables from these definitions.
 */
import { defineTable } from '@switchboard/shared/dynamo';

/**
 * Conversations, their transcripts, the contact → conversation links, the per-number mailboxes and leases,
 * and daily metric counters (single-table: one number's state, mailbox and lease share a partition prefix
 * so nothing needs a transaction). `gsi1` is sparse: open conversations (`OPEN`, by last activity) and
 * pending mailbox messages (`PENDING`, by enqueue time) — what the sweeper looks for.
 */
export const stateTable = defineTable({
  name: 'sms-state',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [{ name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
  ttlAttribute: 'expiresAt',
});

/** Numbers that opted out (kept without expiry: an opt-out stands until the number opts in again). */
export const optOutsTable = defineTable({
  name: 'sms-opt-outs',
  partitionKey: { name: 'phoneNumber', type: 'S' },
});

/** FAQ entries (pk `FAQ`) and counted unanswered questions (pk `UNANSWERED`). */
export const faqTable = defineTable({
  name: 'sms-faq',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
});

export const smsTables = [stateTable, optOutsTable, faqTable] as const;
