/**
 * What each role sees: the console's pages and actions, each with the roles that may use it. A page or
 * action a role may not use is not shown (the APIs enforce the same table; hiding is for clarity, not
 * security). Pure, so the unit tests walk every role.
 */
import { hasAnyRole, type Access, type Principal } from './roles.ts';

export interface PageDefinition {
  id: string;
  title: string;
  /** Route path (react-router). */
  path: string;
  access: Access;
  /** Only where the stage has the stand-ins (simulators), i.e. `stage === "local"`. */
  localOnly?: boolean;
  section?: 'operations' | 'configuration' | 'developer';
}

/** Actions inside pages, same rule. Kept next to the pages so one table says who does what. */
export const actions = {
  editRouting: ['admin', 'routing-editor'],
  placeTestCall: ['admin', 'supervisor', 'routing-editor', 'agent'],
  readCalls: ['admin', 'supervisor', 'agent'],
  closeConversation: ['admin', 'supervisor'],
  editFaq: ['admin'],
  manageOptOuts: ['admin'],
  answerChats: ['admin', 'supervisor', 'agent'],
  textAsCustomer: 'signed-in',
  manageForwarding: ['admin'],
  createCallJob: ['admin', 'campaign-manager'],
  manageCallJobs: ['admin', 'supervisor', 'campaign-manager'],
  manageDoNotCall: ['admin'],
  handleIncidents: ['operator'],
  editRunbook: ['admin'],
  injectFaults: ['admin'],
} as const satisfies Record<string, Access>;
export type Action = keyof typeof actions;

export const pages: readonly PageDefinition[] = [
  { id: 'overview', title: 'Overview', path: '/', access: 'signed-in' },
  { id: 'calls', title: 'Calls', path: '/calls', access: ['admin', 'supervisor', 'routing-editor', 'agent'], section: 'operations' },
  { id: 'texts', title: 'Texts', path: '/texts', access: ['admin', 'supervisor', 'agent'], section: 'operations' },
  { id: 'devices', title: 'Devices', path: '/devices', access: ['operator', 'supervisor', 'admin'], section: 'operations' },
  { id: 'incidents', title: 'Incidents', path: '/incidents', access: ['operator', 'supervisor', 'admin'], section: 'operations' },
  { id: 'ask', title: 'Ask the assistant', path: '/ask', access: ['operator', 'supervisor', 'admin'], section: 'operations' },
  { id: 'campaigns', title: 'Campaigns', path: '/campaigns', access: ['admin', 'supervisor', 'campaign-manager'], section: 'operations' },
  { id: 'runbook', title: 'Runbook and knowledge', path: '/runbook', access: ['operator', 'supervisor', 'admin'], section: 'configuration' },
  { id: 'routing', title: 'Routing', path: '/routing', access: ['admin', 'supervisor', 'routing-editor'], section: 'configuration' },
  { id: 'forwarding', title: 'Forwarding', path: '/forwarding', access: ['admin'], section: 'configuration' },
  { id: 'api-docs', title: 'API documentation', path: '/api-docs', access: 'signed-in', section: 'developer' },
  { id: 'softphone', title: 'Agent softphone', path: '/softphone', access: ['admin', 'supervisor', 'agent'], section: 'operations' },
  { id: 'event-log', title: 'Event log', path: '/local/events', access: ['admin'], localOnly: true, section: 'developer' },
  { id: 'outbox', title: 'E-mail outbox', path: '/local/outbox', access: ['admin'], localOnly: true, section: 'developer' },
  { id: 'mqtt-monitor', title: 'MQTT monitor', path: '/local/mqtt', access: ['admin'], localOnly: true, section: 'developer' },
  { id: 'device-simulator', title: 'Device simulator', path: '/local/devices', access: ['admin'], localOnly: true, section: 'developer' },
];

export interface NavigationContext {
  stage: string;
}

export function visiblePages(principal: Principal | undefined, context: NavigationContext): PageDefinition[] {
  return pages.filter((page) => hasAnyRole(principal, page.access) && (!page.localOnly || context.stage === 'local'));
}

export function can(principal: Principal | undefined, action: Action): boolean {
  return hasAnyRole(principal, actions[action]);
}

/** The page a path belongs to (longest matching prefix), for guards and breadcrumbs. */
export function pageForPath(path: string): PageDefinition | undefined {
  return [...pages]
    .sort((a, b) => b.path.length - a.path.length)
    .find((page) => (page.path === '/' ? path === '/' : path === page.path || path.startsWith(`${page.path}/`)));
}

export type SideNavItem =
  | { type: 'link'; text: string; href: string }
  | { type: 'section'; text: string; items: { type: 'link'; text: string; href: string }[] }
  | { type: 'divider' };

const sectionTitles = { operations: 'Operations', configuration: 'Configuration', developer: 'Developer' } as const;

/** Cloudscape SideNavigation items for this principal: top-level pages first, then one section per group. */
export function sideNavigationItems(principal: Principal | undefined, context: NavigationContext): SideNavItem[] {
  const visible = visiblePages(principal, context);
  const items: SideNavItem[] = visible.filter((page) => !page.section).map((page) => ({ type: 'link', text: page.title, href: page.path }));
  for (const section of ['operations', 'configuration', 'developer'] as const) {
    const links = visible.filter((page) => page.section === section).map((page) => ({ type: 'link' as const, text: page.title, href: page.path }));
    if (links.length > 0) items.push({ type: 'section', text: sectionTitles[section], items: links });
  }
  return items;
}
