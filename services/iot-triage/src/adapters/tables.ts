/**
 * The service's tables, as data: the Pulumi component and the local stage create the same ones.
 */
import { defineTable } from '@switchboard/shared/dynamo';

/**
 * Incidents, plus one "slot" item per device and code (`incidentId = slot#<device>#<code>`) pointing at the current
 * incident: the conditional write on the slot is what makes "one unresolved incident per device and code" hold
 * without transactions (dynalite has none). Slot items carry no `deviceId`/`phase`, so they stay out of the indexes.
 */
export const incidentsTable = defineTable({
  name: 'incidents',
  partitionKey: { name: 'incidentId', type: 'S' },
  indexes: [
    { name: 'by-device', partitionKey: { name: 'deviceId', type: 'S' }, sortKey: { name: 'openedAt', type: 'S' } },
    // Sparse: only unresolved incidents carry `activeDeviceId`, so the telemetry path's per-batch lookup stays small
    // however long a device's history grows.
    { name: 'active-by-device', partitionKey: { name: 'activeDeviceId', type: 'S' }, sortKey: { name: 'openedAt', type: 'S' } },
    // Sparse: only incidents waiting for an acknowledgement or a recovery have `phase`; the tick queries dueAt ≤ now.
    { name: 'by-phase', partitionKey: { name: 'phase', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' } },
  ],
});

/** Site records (the seed's device-data table), last telemetry and detector state, keyed by thing name. */
export const devicesTable = defineTable({
  name: 'devices',
  partitionKey: { name: 'deviceId', type: 'S' },
});

/** Tickets: the seed's device error table (unique_id = incident id). */
export const ticketsTable = defineTable({
  name: 'tickets',
  partitionKey: { name: 'ticketId', type: 'S' },
  indexes: [{ name: 'by-device', partitionKey: { name: 'deviceId', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' } }],
});

/** The runbook, one item per code, editable through the API. */
export const runbookTable = defineTable({
  name: 'runbook',
  partitionKey: { name: 'code', type: 'S' },
});

export const iotTriageTables = [incidentsTable, devicesTable, ticketsTable, runbookTable] as const;
