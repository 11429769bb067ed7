import { defineRouteAccess } from '@switchboard/shared/http';

/**
 * Who may call each route of the callouts API (enforced by createServiceApp, shown in /openapi.json, proven by
 * test/route-access.test.ts). Ownership is checked in the handlers: a campaign manager sees, pauses, cancels and
 * downloads only the jobs they created; supervisors and admins see every job. Phone numbers and extra columns are
 * shown in full to admins and the job's creator only (supervisors see masked numbers and no extra columns), and
 * report links only to admins and the creator, since a report holds every number and column.
 */
const readers = ['admin', 'supervisor', 'campaign-manager'] as const;
const own = 'Campaign managers: only the jobs they created (others answer 404).';

export const access = defineRouteAccess({
  'POST /jobs': { roles: ['admin', 'campaign-manager'] },
  'POST /jobs/preview': { roles: ['admin', 'campaign-manager'] },
  'POST /jobs/validate': { roles: ['admin', 'campaign-manager'], note: 'A dry run: nothing is stored, called or counted against the daily limits.' },
  'GET /templates/call-job.xlsx': { roles: ['admin', 'campaign-manager'] },
  'GET /jobs': { roles: readers, note: 'Campaign managers see the jobs they created.' },
  'GET /jobs/{jobId}': { roles: readers, note: own },
  'POST /jobs/{jobId}/pause': { roles: readers, note: own },
  'POST /jobs/{jobId}/resume': { roles: readers, note: own },
  'POST /jobs/{jobId}/cancel': { roles: readers, note: own },
  'GET /jobs/{jobId}/results': { roles: readers, note: `${own} Supervisors see masked phone numbers and no extra columns.` },
  'GET /jobs/{jobId}/receivers/{receiverId}/prompts': {
    roles: readers,
    note: `${own} The prompts hold the receiver's columns: admins and the creator only (others 404).`,
  },
  'GET /jobs/{jobId}/report': { roles: ['admin', 'campaign-manager'], note: `${own} The report holds every number and column.` },
  'GET /do-not-call': { roles: readers, note: 'Numbers are masked except for admins.' },
  // The list also protects operator contacts (an entry silently skips an urgent operator call): admins only.
  'PUT /do-not-call/{phoneNumber}': { roles: ['admin'] },
  'DELETE /do-not-call/{phoneNumber}': { roles: ['admin'] },
  // Local stage only (registered by src/local.ts, not documented): script the Connect stand-in's callees.
  'PUT /simulator/callees/{key}': { roles: ['admin', 'campaign-manager'] },
  'GET /simulator/calls': { roles: ['admin', 'supervisor', 'campaign-manager'] },
});

/** Routes in the table that the OpenAPI document does not show (the local stage's simulator). */
export const undocumentedRoutes = ['PUT /simulator/callees/{key}', 'GET /simulator/calls'] as const;
