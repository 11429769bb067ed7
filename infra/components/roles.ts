/**
 * The platform's one role model, as the Cognito groups the stage program creates (issue 13). Plain signed-in users
 * belong to no group. Services check these names (`@switchboard/shared/roles` holds the same list for the runtime
 * side; infra/test/roles.test.ts keeps the two equal once both exist).
 */
export const platformRoles = ['admin', 'supervisor', 'routing-editor', 'campaign-manager', 'operator', 'agent'] as const;
export type PlatformRole = (typeof platformRoles)[number];

/** What each group is for, shown as the group's description in Cognito. */
export const roleDescriptions: Readonly<Record<PlatformRole, string>> = {
  admin: 'Switchboard administrators: everything, including site contacts, the runbook and do-not-call lists',
  supervisor: 'Reads everything in its services and closes conversations',
  'routing-editor': 'Edits departments and routing',
  'campaign-manager': 'Creates and runs callout jobs and sees their results',
  operator: 'Handles incidents, devices and Q&A',
  agent: 'Contact-center agents',
};
