/**
 * The platform's role model (`@switchboard/shared/roles`: Cognito groups the stage program creates; plain
 * signed-in users have no group) plus what the console adds: labels, and "anyone signed in" as an access rule.
 */
import { hasAnyRole as hasAnyOf, roles, rolesOf, type Role } from '@switchboard/shared/roles';

export { roles, rolesOf, type Role };

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
  return access === 'signed-in' || hasAnyOf(principal, access);
}
