/**
 * Who may call each iot-triage route (issue 13). Operators run incidents; supervisors read; admins own the site
 * records (whose contacts are called), the runbook (which decides who is called) and fault injection. Roles are not
 * hierarchical: an admin who is also on call is put in `operator` too. Phone numbers are shown in full only to admins
 * (who maintain them); everyone else sees them masked.
 */
import { defineRouteAccess } from '@switchboard/shared/http';

const readers = ['operator', 'supervisor', 'admin'] as const;

export const access = defineRouteAccess({
  'GET /devices': { roles: readers, note: 'Contact phone numbers are masked except for admins.' },
  'GET /devices/{deviceId}': { roles: readers, note: 'Contact phone numbers are masked except for admins.' },
  'GET /devices/{deviceId}/telemetry': { roles: readers, note: 'The newest readings kept on the device (at most 120).' },
  'GET /knowledge': { roles: readers },
  'PUT /devices/{deviceId}': { roles: ['admin'], note: 'Every contact number passes the toll-fraud guard.' },
  'POST /devices/{deviceId}/faults': { roles: ['admin'], note: 'Refused on prod and wherever the stage has no test hooks.' },
  'GET /incidents': { roles: readers },
  'GET /incidents/{incidentId}': { roles: readers },
  'POST /incidents/{incidentId}/acknowledge': { roles: ['operator'], note: 'Cancels the call-out still outstanding.' },
  'POST /incidents/{incidentId}/resolve': { roles: ['operator'], note: 'Cancels the call-out still outstanding.' },
  'GET /runbook': { roles: readers },
  'GET /runbook/guide': { roles: readers },
  'PUT /runbook/{code}': { roles: ['admin'] },
  'DELETE /runbook/{code}': { roles: ['admin'] },
  'POST /runbook/import': { roles: ['admin'] },
  'POST /ask': { roles: readers },
});
