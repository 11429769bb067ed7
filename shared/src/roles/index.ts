/**
 * The platform's one role model. Each role is a Cognito group the stage program creates; a signed-in
 * user in no group is a plain user (forwarding self-service of the numbers they own).
 *
 * Roles are not hierarchical: an access table lists every role a route admits, `admin` included, so the
 * table read alone says who may call a route.
 */

export const roles = ['admin', 'supervisor', 'routing-editor', 'campaign-manager', 'operator', 'agent'] as const;

export type Role = (typeof roles)[number];

/** One sentence per role: what it is for. Printed by the local stage and used for the Cognito group descriptions. */
export const roleDescriptions: Readonly<Record<Role, string>> = Object.freeze({
  admin: 'Administers the stage: every service, site contacts, runbooks, the do-not-call list, fault injection (not on prod).',
  supervisor: 'Reads everything in its services (jobs, results, transcripts, call logs) and closes conversations.',
  'routing-editor': 'Edits IVR departments, routes and phone-number rules.',
  'campaign-manager': 'Creates and runs callout campaigns; sees the jobs they created.',
  operator: 'Works incidents: acknowledges and resolves them, reads devices, asks the triage assistant.',
  agent: 'Answers contacts in Amazon Connect (chat and calls handed over by the bots).',
});

const roleSet: ReadonlySet<string> = new Set(roles);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && roleSet.has(value);
}

/** The roles among a principal's groups (groups that are not roles — e.g. a pool's own groups — are ignored). */
export function rolesOf(principal: { readonly groups: readonly string[] } | undefined | null): Role[] {
  return principal ? principal.groups.filter(isRole) : [];
}

/** True when the principal is in at least one of `wanted`. A missing principal has no role. */
export function hasAnyRole(principal: { readonly groups: readonly string[] } | undefined | null, wanted: readonly Role[]): boolean {
  if (!principal) return false;
  return wanted.some((role) => principal.groups.includes(role));
}
