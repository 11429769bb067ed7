import { defineRouteAccess } from '@switchboard/shared/http';

/**
 * Who may call each route of the forwarding API (enforced by createServiceApp, shown in /openapi.json, proven by
 * test/route-access.test.ts). Forwarding is self-service: any signed-in user (in a group or none) manages the
 * numbers assigned to them — ownership is checked by the service, and another user's number answers as if it did
 * not exist — and `admin` manages every number and assigns owners.
 */
const own = 'Users see and change only the numbers assigned to them; admins every number.';

export const access = defineRouteAccess({
  'GET /numbers': { roles: 'signed-in', note: own },
  'GET /numbers/{e164}': { roles: 'signed-in', note: own },
  'PUT /numbers/{e164}/forward': { roles: 'signed-in', note: own },
  'DELETE /numbers/{e164}/forward': { roles: 'signed-in', note: own },
  'GET /numbers/{e164}/history': { roles: 'signed-in', note: own },
  'PUT /numbers/{e164}/owner': { roles: ['admin'] },
  'GET /calls/summary': { roles: ['admin', 'supervisor'], note: 'Counts by outcome only: no call ids, no numbers.' },
  'GET /voice-connectors': { roles: 'signed-in', note: 'The names of the Voice Connectors a removed forward returns a number to.' },
});
