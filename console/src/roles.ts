/**
 * The platform's role model (DESIGN.md "Roles"): Cognito groups the stage program creates. Plain signed-in
 * users have no group (forwarding self-service of the numbers they own).
 *
 * The one place the console names roles. When `@switchboard/shared/roles` lands on main this module
 * re-exports it instead of keeping its own list.
 */
export const roles = ['admin', 'supervisor', 'routing-editor', 'campaign-manager', 'operator', 'agent'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  supervisor: 'Supervisor',
  'routing-editor': 'Routing editor',
  'campaign-manager': 'Campaign manager',
  operator: 'Operator',
  agent: 'Agent',
};

export interface Principal {
  username: string;
  groups: readonly string[];
}

/** Who may use something: a list of roles, or anyone signed in (including plain users). */
export type Access = readonly Role[] | 'signed-in';

export function hasAnyRole(principal: Principal | undefined, access: Access): boolean {
  if (!principal) return false;
  if (access === 'signed-in') return true;
  return access.some((role) => principal.groups.includes(role));
}

export function rolesOf(principal: Principal): Role[] {
  return roles.filter((role) => principal.groups.includes(role));
}
