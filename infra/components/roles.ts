/**
 * The platform's one role model (issue 13), as the Cognito groups the stage program creates: the list and the
 * descriptions come from `@switchboard/shared/roles`, the same module every service checks principals with, so a
 * group the infra creates and a role the code checks cannot drift apart. Plain signed-in users belong to no group.
 */
import { roleDescriptions, roles, type Role } from '@switchboard/shared/roles';

export const platformRoles: readonly Role[] = roles;
export type PlatformRole = Role;
export { roleDescriptions };
