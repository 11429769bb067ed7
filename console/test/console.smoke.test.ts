/**
 * The console end to end: `npm start` on free ports, Debian's Chromium, every role signing in, and each
 * page's main flow against the real local APIs. The flows live in `test/flows/<area>.ts` and share this one
 * stage and browser (support/flows.ts); axe-core runs on every page (no serious or critical violations)
 * and every page is photographed at 1280×800 into console/screenshots/ (shown in the README).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir } from 'node:fs/promises';
import { startConsoleStage, type ConsoleStage } from './support/browser.ts';
import { pagesChecked, pagesDeclared, stage, useStage } from './support/flows.ts';

let running: ConsoleStage | undefined;

test.before(async () => {
  running = await startConsoleStage();
  useStage(running);
});

test.after(async () => {
  await running?.stop();
});

test('the stage serves the console at its root, config.json, and CORS for the console origin only', async () => {
  const html = await fetch(stage().consoleUrl, { headers: { accept: 'text/html' } });
  assert.is(html.status, 200);
  assert.match(await html.text(), /<div id="root">/);
  assert.match(html.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const index = await fetch(stage().consoleUrl);
  assert.match(index.headers.get('content-type') ?? '', /json/, 'curl keeps getting the JSON index');
  const origin = new URL(stage().consoleUrl).origin;
  const preflight = await fetch(`${stage().apis.routing}/departments`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
  });
  assert.is(preflight.headers.get('access-control-allow-origin'), origin);
  const foreign = await fetch(`${stage().apis.routing}/health`, { headers: { origin: 'http://127.0.0.1:9' } });
  assert.is(foreign.headers.get('access-control-allow-origin'), null, 'another origin gets no CORS grant');
  const config = (await (await fetch(new URL('config.json', stage().consoleUrl))).json()) as { auth: { users: object[] } };
  assert.not.match(JSON.stringify(config), new RegExp(stage().passwords.admin!), 'config.json lists users, never their passwords');
  const refused = await fetch(new URL('auth/local/token', stage().consoleUrl), {
    method: 'POST',
    body: JSON.stringify({ username: 'admin', password: 'guess' }),
    headers: { 'content-type': 'application/json' },
  });
  assert.is(refused.status, 401, 'a wrong password is refused');
});

// Every flow file registers its flows when imported; flows do not depend on each other's order.
const flowFiles = (await readdir(new URL('./flows/', import.meta.url))).filter((file) => file.endsWith('.ts')).sort();
for (const file of flowFiles) await import(new URL(`./flows/${file}`, import.meta.url).href);

test('no page error or CSP violation in any page; every declared page was checked', () => {
  assert.equal(stage().problems, []);
  assert.equal([...pagesChecked()].sort(), [...pagesDeclared()].sort(), 'every page was checked with axe and photographed');
});

test.run();
