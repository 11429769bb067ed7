import { defineRouteAccess } from '@switchboard/shared/http';

/**
 * Who may call each route of the routing API (enforced by createServiceApp, shown in /openapi.json, proven by
 * test/route-access.test.ts). The table in the README says the same.
 *
 * - The routing table is read by the roles whose work needs it (editors, supervisors, agents and operators who
 *   transfer callers) and changed only by routing editors and admins: a change reroutes live calls.
 * - Call logs hold callers' numbers: supervisors, admins and agents read them; numbers are shown in full to
 *   admins and supervisors only, masked for agents. The day's counts (no call ids, no numbers) are for every reader.
 * - The simulator (local stage only) places calls on the stand-ins: anyone who works with routing.
 */
const readers = ['admin', 'supervisor', 'routing-editor', 'agent', 'operator'] as const;
const editors = ['admin', 'routing-editor'] as const;
const callReaders = ['admin', 'supervisor', 'agent'] as const;
const masked = 'Phone numbers are masked except for admins and supervisors.';

export const access = defineRouteAccess({
  'GET /departments': { roles: readers },
  'GET /departments/{name}': { roles: readers },
  'POST /departments': { roles: editors },
  'PUT /departments/{name}': { roles: editors },
  'DELETE /departments/{name}': { roles: editors, note: 'The operator department cannot be deleted while it is the fallback.' },
  'PUT /departments/{name}/expected-wait': { roles: editors },
  'GET /calls/summary': { roles: readers, note: 'Counts by outcome only: no call ids, no numbers.' },
  'GET /calls': { roles: callReaders, note: masked },
  'GET /calls/{callId}': { roles: callReaders, note: masked },
  'POST /simulator/calls': { roles: readers, note: 'Local stage only.' },
  'GET /simulator/agent-line/calls': { roles: callReaders, note: 'Local stage only: the PBX stand-in.' },
  'POST /simulator/agent-line/calls/{callId}/answer': { roles: callReaders, note: 'Local stage only.' },
  'POST /simulator/agent-line/calls/{callId}/decline': { roles: callReaders, note: 'Local stage only.' },
  'POST /simulator/agent-line/calls/{callId}/hang-up': { roles: callReaders, note: 'Local stage only.' },
});

/** Routes in the table that an app without the simulator (AWS) does not document. */
export const localOnlyRoutes = [
  'POST /simulator/calls',
  'GET /simulator/agent-line/calls',
  'POST /simulator/agent-line/calls/{callId}/answer',
  'POST /simulator/agent-line/calls/{callId}/decline',
  'POST /simulator/agent-line/calls/{callId}/hang-up',
] as const;
