/**
 * Who may call each route of the sms API (enforced by the kit for every route, shown in /openapi.json).
 *
 * - Transcripts and full phone numbers are personal data: only the roles that work the conversations read them —
 *   agent, supervisor, admin. Other roles see the list of conversations with masked numbers and no transcript.
 * - A supervisor (or admin) closes conversations and maintains the FAQ the bot answers from (supervisors run the
 *   queue and see what customers ask; see the unanswered list). Admins alone re-subscribe a number (it needs the
 *   customer's documented consent); a supervisor may add an opt-out a customer asked for by phone.
 * - `POST /deflections` texts a number from the service's origination identity, so it is for the people who take
 *   calls (agent, supervisor, admin); every request passes the toll-fraud guard and the texts-per-day limits.
 */
import { defineRouteAccess } from '@switchboard/shared/http';
import type { Role } from '@switchboard/shared/roles';

/** Roles that read transcripts and full phone numbers. */
export const TRANSCRIPT_ROLES = ['admin', 'supervisor', 'agent'] as const satisfies readonly Role[];
const staff = ['admin', 'supervisor', 'routing-editor', 'campaign-manager', 'operator', 'agent'] as const satisfies readonly Role[];
const simulator = { roles: ['admin', 'supervisor', 'agent'], note: 'Local stage only: the simulated handsets and Connect agent.' } as const;

export const access = defineRouteAccess({
  'GET /conversations': {
    roles: staff,
    note: 'Phone numbers are masked, and the phoneNumber filter refused, for roles other than agent, supervisor and admin.',
  },
  'GET /conversations/{conversationId}': { roles: TRANSCRIPT_ROLES, note: 'The transcript: agent, supervisor and admin only.' },
  'POST /conversations/{conversationId}/close': { roles: ['admin', 'supervisor'] },
  'POST /deflections': {
    roles: TRANSCRIPT_ROLES,
    note: 'Each request passes the toll-fraud guard and the texts-per-day limits (429 + Retry-After).',
  },
  'GET /faq': { roles: 'signed-in' },
  'PUT /faq': { roles: ['admin', 'supervisor'] },
  'PUT /faq/csv': { roles: ['admin', 'supervisor'] },
  'GET /faq/unanswered': { roles: ['admin', 'supervisor'], note: 'What customers typed: it may carry personal data.' },
  'GET /opt-outs': { roles: ['admin', 'supervisor'] },
  'PUT /opt-outs/{phoneNumber}': { roles: ['admin', 'supervisor'] },
  'DELETE /opt-outs/{phoneNumber}': { roles: ['admin'], note: 'Only with the customer’s documented consent (they can also text START).' },
  'GET /metrics': { roles: staff },
  'POST /simulator/handsets/{phoneNumber}/texts': simulator,
  'GET /simulator/handsets/{phoneNumber}/texts': simulator,
  'GET /simulator/agent/contacts': simulator,
  'POST /simulator/agent/contacts/{contactId}/join': simulator,
  'POST /simulator/agent/contacts/{contactId}/messages': simulator,
  'POST /simulator/agent/contacts/{contactId}/end': simulator,
});
