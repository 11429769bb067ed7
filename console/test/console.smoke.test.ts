/**
 * The console end to end: `npm start` on free ports, Debian's Chromium, every role signing in, and each
 * page's main flow against the real local APIs — edit a department and see the next test call follow it,
 * place a call and find it in Calls, text as a customer and answer as an agent, change a forward and see it
 * in the audit history. axe-core runs on every page (no serious or critical violations) and every page is
 * photographed at 1280×800 into console/screenshots/ (shown in the README).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sideNavigationItems } from '../src/navigation.ts';
import { axe, screenshot, signIn, startConsoleStage, type ConsoleStage } from './support/browser.ts';

let stage: ConsoleStage;
const pagesChecked: string[] = [];

/** axe + screenshot: each page once, named as in the README. */
async function check(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const violations = await axe(page);
  assert.equal(
    violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    [],
    `${name}: axe found serious or critical violations`,
  );
  await screenshot(page, name);
  pagesChecked.push(name);
}

/** On failure, what each open tab showed (into os.tmpdir()), so a red run can be looked at. */
function flow(name: string, body: () => Promise<void>) {
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      const pages = stage.context.pages();
      for (const [index, page] of pages.entries()) {
        const file = path.join(os.tmpdir(), `console-failure-${name.slice(0, 20).replace(/\W+/g, '-')}-${index}.png`);
        await page.screenshot({ path: file }).catch(() => undefined);
        console.error(`screenshot of ${page.url()} at failure: ${file}`);
      }
      throw error;
    }
  });
}

const navigate = (page: Page, title: string) => page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: title, exact: true }).click();

test.before(async () => {
  stage = await startConsoleStage();
});

test.after(async () => {
  await stage?.stop();
});

test('the stage serves the console at its root, config.json, and CORS for the console origin only', async () => {
  const html = await fetch(stage.consoleUrl, { headers: { accept: 'text/html' } });
  assert.is(html.status, 200);
  assert.match(await html.text(), /<div id="root">/);
  assert.match(html.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const index = await fetch(stage.consoleUrl);
  assert.match(index.headers.get('content-type') ?? '', /json/, 'curl keeps getting the JSON index');
  const origin = new URL(stage.consoleUrl).origin;
  const preflight = await fetch(`${stage.apis.routing}/departments`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
  });
  assert.is(preflight.headers.get('access-control-allow-origin'), origin);
  const foreign = await fetch(`${stage.apis.routing}/health`, { headers: { origin: 'http://127.0.0.1:9' } });
  assert.is(foreign.headers.get('access-control-allow-origin'), null, 'another origin gets no CORS grant');
  const config = (await (await fetch(new URL('config.json', stage.consoleUrl))).json()) as { auth: { users: object[] } };
  assert.not.match(JSON.stringify(config), new RegExp(stage.passwords.admin!), 'config.json lists users, never their passwords');
  const refused = await fetch(new URL('auth/local/token', stage.consoleUrl), { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'guess' }), headers: { 'content-type': 'application/json' } });
  assert.is(refused.status, 401, 'a wrong password is refused');
});

flow('every role signs in and sees the navigation of its role', async () => {
  const page = await stage.context.newPage();
  await page.goto(stage.consoleUrl);
  await page.getByRole('radio', { name: /^admin/ }).check();
  await check(page, 'sign-in');
  await page.close();
  const users = [
    ['admin', ['admin']],
    ['supervisor', ['supervisor']],
    ['routing-editor', ['routing-editor']],
    ['campaign-manager', ['campaign-manager']],
    ['operator', ['operator']],
    ['agent', ['agent']],
    ['user', []],
  ] as const;
  for (const [username, groups] of users) {
    const signedIn = await signIn(stage, username);
    const expected = sideNavigationItems({ username, groups }, { stage: 'local' }).flatMap((item) =>
      item.type === 'link' ? [item.text] : item.type === 'section' ? item.items.map((link) => link.text) : [],
    );
    const nav = signedIn.getByRole('navigation', { name: 'Side navigation' });
    const shown = (await nav.getByRole('link').allTextContents()).filter((text) => text !== 'Switchboard');
    assert.equal(shown, expected, `${username} sees the pages of its role`);
    assert.ok(await signedIn.getByRole('button', { name: new RegExp(username) }).isVisible(), `${username} is shown as signed in`);
    if (username === 'admin') {
      await signedIn.getByText(/Healthy · v/).first().waitFor();
      await check(signedIn, 'overview');
    }
    if (username === 'user') {
      await signedIn.goto(new URL('routing', stage.consoleUrl).toString());
      await signedIn.getByText('Not available to your role').waitFor();
    }
    await signedIn.close();
  }
});

flow('routing: a 422 lands on the field; the saved department is what the next test call follows', async () => {
  // admin until routing checks the platform's role names: it still asks for "routing-editors" (plural),
  // so the routing-editor role is refused by the API (the console shows that 403 on the form).
  const page = await signIn(stage, 'admin');
  await navigate(page, 'Routing');
  await page.getByRole('link', { name: 'history', exact: true }).waitFor();
  await check(page, 'routing');

  await page.getByRole('link', { name: 'history', exact: true }).click();
  const extension = page.getByLabel('Route to: extension');
  await extension.fill('12a');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(/^extension: /).waitFor();
  await check(page, 'department-editor');

  await extension.fill('600399');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Extension 600399').waitFor();

  await navigate(page, 'Calls');
  await page.getByLabel('The caller says').fill('history');
  await page.getByRole('button', { name: 'Place test call' }).click();
  await page.getByRole('heading', { name: 'Test call transcript' }).waitFor();
  // The transcript's summary (the same text is also in the Recent calls row).
  const summary = await page.getByText(/^Bridged to /).first().textContent();
  assert.match(summary ?? '', /600399/, 'the call is bridged to the extension just saved');
  await check(page, 'calls');

  const openButton = page.getByRole('button', { name: /^Open call / });
  await openButton.click();
  await page.getByRole('rowheader', { name: 'Routed' }).first().waitFor();
  assert.match((await page.getByRole('table').textContent()) ?? '', /history/, 'the timeline names the department');
  await check(page, 'call-detail');
  const callId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await navigate(page, 'Calls');
  await page.getByRole('link', { name: callId, exact: true }).waitFor();
  assert.is(await page.getByRole('link', { name: callId, exact: true }).count(), 1, 'the call is listed in Calls, once');
  await page.close();
});

flow('texts: a customer texts, an agent answers through the chat, the supervisor reads the transcript and closes it', async () => {
  const customer = '+14255550182';
  const agent = await signIn(stage, 'agent');
  await navigate(agent, 'Texts');
  await agent.getByRole('tab', { name: 'Handset (local)' }).click();
  await agent.getByLabel('Handset number').fill(customer);
  await agent.getByRole('button', { name: 'Offer a text conversation' }).click();
  await agent.getByText('Offer: offered').waitFor();
  const handset = agent.getByRole('log', { name: 'Handset messages' });
  await handset.getByText(/^Service:/).first().waitFor();
  const send = async (text: string) => {
    const before = await handset.getByText(/^Service:/).count();
    await agent.getByLabel('Text to send').fill(text);
    await agent.getByRole('button', { name: 'Send text' }).click();
    await handset.getByText(`You: ${text}`).waitFor();
    // Wait for the service's answer to this text before the next one.
    await agent.waitForFunction(
      ([count]) => Array.from(document.querySelectorAll('[aria-label="Handset messages"] > *')).filter((n) => n.textContent?.startsWith('Service:')).length > count!,
      [before],
      { timeout: 20_000 },
    );
  };
  await send('YES');
  await send('AGENT');
  await check(agent, 'texts-handset');

  await agent.getByRole('tab', { name: 'Agent panel (local)' }).click();
  await agent.getByRole('button', { name: 'Accept chat' }).click();
  const reply = 'Hi, this is the agent. How can I help?';
  await agent.getByLabel('Reply to the customer').fill(reply);
  await check(agent, 'texts-agent');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await agent.getByRole('log', { name: 'Chat transcript' }).getByText(reply).waitFor();
  await agent.getByRole('tab', { name: 'Handset (local)' }).click();
  await agent.getByLabel('Handset number').fill(customer);
  await handset.getByText(new RegExp(reply.replace(/[.?]/g, '\\$&'))).waitFor({ timeout: 20_000 });
  await agent.close();

  const supervisor = await signIn(stage, 'supervisor');
  await navigate(supervisor, 'Texts');
  await supervisor.getByRole('link', { name: customer }).click();
  await supervisor.getByRole('log', { name: 'Conversation transcript' }).getByText(reply).waitFor();
  await check(supervisor, 'conversation-detail');
  await supervisor.getByRole('button', { name: 'Close conversation' }).click();
  await supervisor.getByRole('dialog').getByRole('button', { name: 'Close conversation' }).click();
  await supervisor.getByText(/closed-by-api/).waitFor();
  assert.not.ok(await supervisor.getByRole('button', { name: 'Close conversation' }).isVisible(), 'an ended conversation cannot be closed again');
  await navigate(supervisor, 'Texts');
  await supervisor.getByRole('heading', { name: /Conversations/ }).waitFor();
  await check(supervisor, 'texts-conversations');
  await supervisor.close();

  const admin = await signIn(stage, 'admin');
  await navigate(admin, 'Texts');
  await admin.getByRole('tab', { name: 'FAQ' }).click();
  await admin.getByRole('button', { name: 'Export CSV' }).waitFor();
  await check(admin, 'texts-faq');
  await admin.getByRole('tab', { name: 'Opt-outs' }).click();
  await admin.getByLabel('Number to opt out').fill('+14255550199');
  await admin.getByRole('button', { name: 'Opt out', exact: true }).click();
  await admin.getByRole('rowheader', { name: '+14255550199' }).waitFor();
  await check(admin, 'texts-opt-outs');
  await admin.close();
});

flow('forwarding: an admin assigns a number and sets its forward; the audit history shows before and after', async () => {
  const page = await signIn(stage, 'admin');
  await navigate(page, 'Forwarding');
  await page.getByRole('link', { name: '+12065550103' }).waitFor();
  await check(page, 'forwarding');
  await page.getByRole('link', { name: '+12065550103' }).click();
  await page.getByLabel('Owner').fill('local-carol');
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByText('+12065550103 assigned to local-carol').waitFor();
  await page.getByLabel('Forward to').fill('+14155550123');
  await page.getByRole('button', { name: 'Save forward' }).click();
  await page.getByText(/^Forward (set|replaced)/).waitFor();
  const history = page.getByRole('table').last();
  await history.locator('td').filter({ hasText: '"number": "+14155550123"' }).first().waitFor({ timeout: 20_000 });
  assert.match((await history.textContent()) ?? '', /local-carol/, 'the assignment is in the audit history');
  await check(page, 'number-detail');
  await page.close();
});

flow('API documentation: each service browsable, requests carry the token', async () => {
  const page = await signIn(stage, 'admin');
  await navigate(page, 'API documentation');
  await page.getByText('Switchboard routing API').waitFor();
  await check(page, 'api-docs');
  await page.close();
});

test('no page error or CSP violation in any page', () => {
  assert.equal(stage.problems, []);
  assert.equal(
    [...pagesChecked].sort(),
    ['api-docs', 'call-detail', 'calls', 'conversation-detail', 'department-editor', 'forwarding', 'number-detail', 'overview', 'routing', 'sign-in', 'texts-agent', 'texts-conversations', 'texts-faq', 'texts-handset', 'texts-opt-outs'],
    'every page was checked with axe and photographed',
  );
});

test.run();
