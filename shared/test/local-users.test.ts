/**
 * The local stage's users: one per role plus a plain user, passwords generated per data folder (mode 0600),
 * printed in the banner, and the stage server's sign-in endpoint that turns one into an ID token.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import path from 'node:path';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRoute, createServiceApp, defineRouteAccess, z } from '../src/http/index.ts';
import { describeLocalStage, loadLocalUsers, startLocalStage, type ServiceRegistration } from '../src/local/index.ts';
import { roles } from '../src/roles/index.ts';

const quiet = () => {};
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'switchboard-users-test-'));

test('one user per role and a plain user; passwords generated per data folder, kept with mode 0600', async () => {
  const [first, second] = [await tempDir(), await tempDir()];
  try {
    const users = await loadLocalUsers(first);
    assert.equal(
      users.map((user) => user.username),
      [...roles, 'user'],
    );
    assert.equal(users.find((user) => user.username === 'routing-editor')?.groups, ['routing-editor']);
    assert.equal(users.find((user) => user.username === 'user')?.groups, []);
    assert.is(new Set(users.map((user) => user.password)).size, users.length, 'every user has their own password');
    const file = path.join(first, 'auth', 'local-users.json');
    assert.is((await stat(file)).mode & 0o777, 0o600);
    assert.equal(
      (await loadLocalUsers(first)).map((user) => user.password),
      users.map((user) => user.password),
      'stable across restarts',
    );
    const other = await loadLocalUsers(second);
    assert.not.equal(
      other.find((user) => user.username === 'admin')?.password,
      users.find((user) => user.username === 'admin')?.password,
      'no fixed admin password',
    );
    await chmod(file, 0o644);
    await loadLocalUsers(first);
    assert.is((await stat(file)).mode & 0o777, 0o600, 'loosened permissions are tightened again');
    assert.match(await readFile(file, 'utf8'), /"campaign-manager"/);
  } finally {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  }
});

const whoami: ServiceRegistration = async (platform) => {
  const access = defineRouteAccess({ 'GET /whoami': { roles: 'signed-in' }, 'GET /incidents': { roles: ['operator', 'admin'] } });
  const app = createServiceApp({
    service: 'whoami',
    version: '0.0.1',
    title: 'whoami',
    verifier: platform.auth.verifier,
    logger: platform.logger,
    access,
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/whoami',
      responses: { 200: { description: 'me', content: { 'application/json': { schema: z.object({}) } } } },
    }),
    (c) => c.json({ username: c.get('principal').username, groups: c.get('principal').groups, sub: c.get('principal').subject }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/incidents',
      responses: { 200: { description: 'incidents', content: { 'application/json': { schema: z.object({}) } } } },
    }),
    (c) => c.json({ items: [] }, 200),
  );
  return { name: 'whoami', app };
};

test('POST /auth/local/token signs a user in with their groups; the banner lists users, roles and passwords', async () => {
  const dataDir = await tempDir();
  const stage = await startLocalStage({
    dataDir,
    ports: { base: 0 },
    services: [{ name: 'whoami', register: whoami }],
    log: quiet,
    logLevel: 'SILENT',
    persist: false,
  });
  try {
    const operator = stage.users.find((user) => user.username === 'operator')!;
    const signIn = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stage.stageUrl}/auth/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    const ok = await signIn({ username: 'operator', password: operator.password });
    assert.is(ok.status, 200);
    const issued = (await ok.json()) as { idToken: string; tokenType: string; expiresIn: number; groups: string[] };
    assert.equal(issued.groups, ['operator']);
    assert.is(issued.tokenType, 'Bearer');
    assert.is(issued.expiresIn, 43_200);
    const me = await fetch(`${stage.urls.whoami}/whoami`, { headers: { authorization: `Bearer ${issued.idToken}` } });
    assert.equal(await me.json(), { username: 'operator', groups: ['operator'], sub: 'local-operator' });
    assert.is((await fetch(`${stage.urls.whoami}/incidents`, { headers: { authorization: `Bearer ${issued.idToken}` } })).status, 200);

    const plain = await stage.tokenFor('user');
    assert.is(
      (await fetch(`${stage.urls.whoami}/incidents`, { headers: { authorization: `Bearer ${plain}` } })).status,
      403,
      'a plain user is not an operator',
    );

    assert.is((await signIn({ username: 'operator', password: 'wrong-password' })).status, 401);
    assert.is((await signIn({ username: 'root', password: operator.password })).status, 401);
    assert.is((await signIn({ username: 'operator' })).status, 422);
    assert.is((await signIn('{not json')).status, 400);

    // The console on another loopback port may call it from a browser; another site may not.
    const local = await signIn({ username: 'operator', password: operator.password }, { origin: 'http://127.0.0.1:5173' });
    assert.is(local.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
    const foreign = await signIn({ username: 'operator', password: operator.password }, { origin: 'https://evil.example' });
    assert.is(foreign.headers.get('access-control-allow-origin'), null);

    const banner = describeLocalStage(stage);
    for (const user of stage.users) assert.ok(banner.includes(`${user.username.padEnd(17)} ${user.password}`), `banner lists ${user.username}`);
    assert.match(banner, /campaign-manager\s+\S+\s+role campaign-manager/);
    assert.match(banner, /user\s+\S+\s+no role \(a plain signed-in user\)/);
    assert.match(banner, /\/auth\/local\/token/);
    assert.match(banner, /export SWITCHBOARD_TOKEN=/, 'the development token is still printed');
  } finally {
    await stage.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test.run();
