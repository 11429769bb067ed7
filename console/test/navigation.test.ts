import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { can, pageForPath, sideNavigationItems, visiblePages } from '../src/navigation.ts';
import { roles } from '../src/roles.ts';

const as = (...groups: string[]) => ({ username: 'someone', groups });
const titles = (groups: string[], stage = 'local') => visiblePages(as(...groups), { stage }).map((page) => page.title);

test('each role sees the pages of its job, and only those', () => {
  assert.equal(titles(['admin']), [
    'Overview',
    'Calls',
    'Texts',
    'Devices',
    'Incidents',
    'Ask the assistant',
    'Campaigns',
    'Runbook and knowledge',
    'Routing',
    'Forwarding',
    'API documentation',
    'Agent softphone',
    'Event log',
    'E-mail outbox',
    'MQTT monitor',
    'Device simulator',
  ]);
  assert.equal(titles(['supervisor']), [
    'Overview',
    'Calls',
    'Texts',
    'Devices',
    'Incidents',
    'Ask the assistant',
    'Campaigns',
    'Runbook and knowledge',
    'Routing',
    'API documentation',
    'Agent softphone',
  ]);
  assert.equal(titles(['routing-editor']), ['Overview', 'Calls', 'Routing', 'API documentation']);
  assert.equal(titles(['agent']), ['Overview', 'Calls', 'Texts', 'API documentation', 'Agent softphone']);
  assert.equal(titles(['campaign-manager']), ['Overview', 'Campaigns', 'API documentation']);
  assert.equal(titles(['operator']), ['Overview', 'Devices', 'Incidents', 'Ask the assistant', 'Runbook and knowledge', 'API documentation']);
});

test('a plain signed-in user (no group) and nobody', () => {
  assert.equal(titles([]), ['Overview', 'API documentation']);
  assert.equal(visiblePages(undefined, { stage: 'local' }), []);
  assert.not.ok(can(undefined, 'editRouting'));
});

test('an unknown group grants nothing beyond signed-in', () => {
  assert.equal(titles(['routing-editors', 'Admin']), ['Overview', 'API documentation']);
});

test('roles add up', () => {
  assert.equal(titles(['operator', 'routing-editor']), [
    'Overview',
    'Calls',
    'Devices',
    'Incidents',
    'Ask the assistant',
    'Runbook and knowledge',
    'Routing',
    'API documentation',
  ]);
  assert.ok(can(as('agent', 'routing-editor'), 'editRouting'));
});

test('actions follow the same table', () => {
  assert.ok(can(as('admin'), 'editRouting'));
  assert.ok(can(as('routing-editor'), 'editRouting'));
  assert.not.ok(can(as('supervisor'), 'editRouting'), 'supervisors read the routing table');
  assert.ok(can(as('supervisor'), 'closeConversation'));
  assert.not.ok(can(as('agent'), 'closeConversation'));
  assert.ok(can(as('agent'), 'answerChats'));
  assert.not.ok(can(as('supervisor'), 'manageForwarding'));
  assert.ok(can(as('campaign-manager'), 'createCallJob'));
  assert.not.ok(can(as('supervisor'), 'createCallJob'), 'supervisors follow jobs, they do not start them');
  assert.not.ok(can(as('campaign-manager'), 'manageDoNotCall'), 'only admins change the do-not-call list');
  assert.ok(can(as(), 'textAsCustomer'));
  assert.ok(can(as('operator'), 'handleIncidents'));
  assert.not.ok(can(as('supervisor'), 'handleIncidents'), 'supervisors read incidents; operators take them');
  assert.not.ok(can(as('operator'), 'editRunbook'));
});

test('every role of the model is covered by some page or action', () => {
  for (const role of roles) assert.ok(titles([role]).length >= 2, role);
});

test('side navigation groups pages into sections, Overview first', () => {
  assert.equal(sideNavigationItems(as('agent'), { stage: 'local' }), [
    { type: 'link', text: 'Overview', href: '/' },
    {
      type: 'section',
      text: 'Operations',
      items: [
        { type: 'link', text: 'Calls', href: '/calls' },
        { type: 'link', text: 'Texts', href: '/texts' },
        { type: 'link', text: 'Agent softphone', href: '/softphone' },
      ],
    },
    { type: 'section', text: 'Developer', items: [{ type: 'link', text: 'API documentation', href: '/api-docs' }] },
  ]);
});

test('the local tools are local-stage pages for admins only', () => {
  const local = ['Event log', 'E-mail outbox', 'MQTT monitor', 'Device simulator'];
  assert.ok(local.every((title) => titles(['admin']).includes(title)));
  assert.not.ok(
    titles(['admin'], 'dev').some((title) => local.includes(title)),
    'not on a deployed stage',
  );
  assert.ok(titles(['admin'], 'dev').includes('Agent softphone'), 'the softphone is on every stage');
  assert.is(pageForPath('/local/events')?.id, 'event-log');
});

test('pageForPath finds the page of a nested path, not a prefix of another word', () => {
  assert.is(pageForPath('/routing/history')?.id, 'routing');
  assert.is(pageForPath('/routingx'), undefined);
  assert.is(pageForPath('/')?.id, 'overview');
  assert.is(pageForPath('/texts/abc')?.id, 'texts');
});

test.run();
