/**
 * The stage server's console additions: the built files with their headers, the SPA fallback for browser
 * navigations, no path outside the console folder, config.json, and CORS for listed origins only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { consoleCors, createStageServerApp, type ConsoleConfig } from '../src/local/stage-server.ts';

const config: ConsoleConfig = {
  stage: 'local',
  apis: { routing: 'http://127.0.0.1:4010' },
  auth: { mode: 'local', signInUrl: '/auth/local/token', users: [{ username: 'agent', groups: ['agent'] }] },
};

async function withSite(run: (app: ReturnType<typeof createStageServerApp>, root: string) => Promise<void>) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'stage-console-'));
  const dir = path.join(root, 'dist');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
  await writeFile(path.join(root, 'secret.txt'), 'do not serve');
  const app = createStageServerApp({
    objects: () => {
      throw new Error('not used');
    },
    index: () => ({ stage: 'local', services: {}, dynamodb: '', mqtt: '', jwks: '' }),
    jwks: () => ({ keys: [] }),
    console: { dir, config: () => config },
  });
  try {
    await run(app, root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const html = { accept: 'text/html,application/xhtml+xml' };

test('a browser gets the console at / with its CSP; scripts keep the JSON index', () =>
  withSite(async (app) => {
    const page = await app.request('/', { headers: html });
    assert.is(page.status, 200);
    assert.match(await page.text(), /id="root"/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self' http:\/\/127\.0\.0\.1:4010/, 'the APIs of config.json may be called');
    assert.is(page.headers.get('x-frame-options'), 'DENY');
    const index = await app.request('/');
    assert.equal(await index.json(), { stage: 'local', services: {}, dynamodb: '', mqtt: '', jwks: '' });
  }));

test('hashed assets are cached for good; a page route falls back to index.html for browsers only', () =>
  withSite(async (app) => {
    const asset = await app.request('/assets/main-abc.js');
    assert.is(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /text\/javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    const route = await app.request('/routing/history', { headers: html });
    assert.match(await route.text(), /id="root"/);
    assert.is(route.headers.get('cache-control'), 'no-cache');
    assert.is((await app.request('/routing/history')).status, 404, 'a script asking for a missing file gets a 404, not HTML');
  }));

test('nothing outside the console folder is served, however the path is spelled', () =>
  withSite(async (app) => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const response = await app.request(attempt);
      const body = await response.text();
      assert.not.match(body, /do not serve/, attempt);
    }
    assert.is((await app.request('/%E0%A4%A')).status, 404, 'malformed percent-encoding');
  }));

test('config.json: where the APIs are and who can sign in', () =>
  withSite(async (app) => {
    const response = await app.request('/config.json');
    assert.equal(await response.json(), config);
    assert.is(response.headers.get('cache-control'), 'no-store');
  }));

test('CORS: the listed origins get a grant, others none, and the request still reaches the app', async () => {
  const app = consoleCors(
    () => ['http://127.0.0.1:4000'],
    () => new Response('hello'),
  );
  const preflight = await app.request('/departments', {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:4000', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
  });
  assert.is(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4000');
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
  const foreign = await app.request('/departments', { headers: { origin: 'https://evil.example' } });
  assert.is(foreign.headers.get('access-control-allow-origin'), null);
  assert.is(await foreign.text(), 'hello');
});

test.run();
