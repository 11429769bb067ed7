import { defineTable } from '@switchboard/shared/dynamo';

/** The callouts tables, as data: the Pulumi component and the local stage create the same tables from these. */
export const jobsTable = defineTable({
  name: 'jobs',
  partitionKey: { name: 'jobId', type: 'S' },
  indexes: [
    // Every job carries listKey = "job": one partition to list newest first (a job count far below the partition limit).
    { name: 'by-created', partitionKey: { name: 'listKey', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' } },
    { name: 'by-status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' } },
  ],
});

export const resultsTable = defineTable({
  name: 'results',
  partitionKey: { name: 'jobId', type: 'S' },
  sortKey: { name: 'receiverId', type: 'S' },
});

/** Contact id → attempt, for DISCONNECTED contact events (they carry no contact attributes). Expires after 8 days. */
export const contactsTable = defineTable({
  name: 'contacts',
  partitionKey: { name: 'contactId', type: 'S' },
  ttlAttribute: 'expiresAt',
});

export const doNotCallTable = defineTable({
  name: 'do-not-call',
  partitionKey: { name: 'phoneNumber', type: 'S' },
});

/** Attempts per number across jobs, for the per-24 h cap; items expire after 2 days. */
export const attemptsTable = defineTable({
  name: 'call-attempts',
  partitionKey: { name: 'phoneNumber', type: 'S' },
  sortKey: { name: 'attemptKey', type: 'S' },
  ttlAttribute: 'expiresAt',
});

export const calloutsTables = [jobsTable, resultsTable, contactsTable, doNotCallTable, attemptsTable] as const;
