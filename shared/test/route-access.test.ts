import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createLocalIssuer,
  createRoute,
  createRouter,
  createServiceApp,
  defineRouteAccess,
  problemResponses,
  routeAccessReasons,
  z,
  type RouteAccessTable,
} from '../src/http/index.ts';
import { createLogger } from '../src/logging/index.ts';
import { hasAnyRole, isRole, roles, rolesOf, type Role } from '../src/roles/index.ts';
import { assertRouteAccess, rejects } from '../src/testing/index.ts';

const issuer = await createLocalIssuer();
const logger = createLogger({ service: 'access-test', level: 'SILENT' });
const tokenFor = (role: Role | null) => issuer.issueToken({ username: role ?? 'plain', groups: role ? [role] : [] });

const access = defineRouteAccess({
  'GET /jobs': { roles: ['admin', 'supervisor', 'campaign-manager'], note: 'Campaign managers see the jobs they created.' },
  'POST /jobs': { roles: ['admin', 'campaign-manager'] },
  'GET /jobs/{jobId}': { roles: 'signed-in' },
  'DELETE /admin/things/{id}': { roles: ['admin'] },
  'GET /page': { roles: 'public' },
});

const jobSchema = z.object({ name: z.string().min(1) });

function buildApp(table: RouteAccessTable | undefined, options: { withUnlisted?: boolean } = {}) {
  const app = createServiceApp({
    service: 'access',
    version: '0.0.1',
    title: 'Access test',
    verifier: issuer.verifier,
    logger,
    ...(table ? { access: table } : {}),
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs',
      responses: {
        200: { description: 'Jobs', content: { 'application/json': { schema: z.object({ items: z.array(jobSchema) }) } } },
        ...problemResponses(401, 403),
      },
    }),
    (c) => c.json({ items: [{ name: `job of ${c.get('principal').username}` }] }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/jobs',
      request: { body: { required: true, content: { 'application/json': { schema: jobSchema } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: jobSchema } } }, ...problemResponses(401, 403, 422) },
    }),
    (c) => c.json(c.req.valid('json'), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{jobId}',
      description: 'One job.',
      request: { params: z.object({ jobId: z.string().openapi({ example: 'job-1' }) }) },
      responses: { 200: { description: 'A job', content: { 'application/json': { schema: jobSchema } } }, ...problemResponses(401, 403, 404) },
    }),
    (c) => c.json({ name: c.req.valid('param').jobId }, 200),
  );
  const admin = createRouter();
  admin.openapi(
    createRoute({
      method: 'delete',
      path: '/things/{id}',
      request: { params: z.object({ id: z.string() }) },
      responses: { 204: { description: 'Deleted' } },
    }),
    (c) => c.body(null, 204),
  );
  app.route('/admin', admin);
  if (options.withUnlisted) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/secret',
        responses: { 200: { description: 'Secret', content: { 'application/json': { schema: z.object({ secret: z.string() }) } } } },
      }),
      (c) => c.json({ secret: 'the launch codes' }, 200),
    );
  }
  app.get('/page', (c) => c.html('<h1>hello</h1>'));
  return app;
}

async function call(app: ReturnType<typeof buildApp>, method: string, path: string, role: Role | null | undefined, body?: unknown) {
  const headers: Record<string, string> = {};
  if (role !== undefined) headers.authorization = `Bearer ${await tokenFor(role)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text ? (JSON.parse(text.startsWith('<') ? 'null' : text) as Record<string, unknown>) : null,
    text,
  };
}

test('roles: the fixed list, isRole, rolesOf and hasAnyRole', () => {
  assert.equal([...roles], ['admin', 'supervisor', 'routing-editor', 'campaign-manager', 'operator', 'agent']);
  assert.ok(isRole('routing-editor'));
  assert.not.ok(isRole('routing-editors'), 'the old plural group name is not a role');
  assert.equal(rolesOf({ groups: ['operator', 'us-east-1_pool_Google', 'admin'] }), ['operator', 'admin']);
  assert.ok(hasAnyRole({ groups: ['operator'] }, ['admin', 'operator']));
  assert.not.ok(hasAnyRole({ groups: [] }, ['admin']));
  assert.not.ok(hasAnyRole(undefined, ['admin']));
});

test('defineRouteAccess refuses malformed tables at definition time', () => {
  assert.throws(() => defineRouteAccess({ 'GET jobs': { roles: 'signed-in' } } as never), /METHOD \/path/);
  assert.throws(() => defineRouteAccess({ 'GET /jobs/:id': { roles: 'signed-in' } }), /\{name\}/);
  assert.throws(() => defineRouteAccess({ 'GET /jobs': { roles: ['routing-editors' as Role] } }), /not a role/);
  assert.throws(() => defineRouteAccess({ 'GET /jobs': { roles: [] } }), /non-empty/);
  assert.throws(() => defineRouteAccess({ 'GET /jobs/{id}': { roles: 'signed-in' }, 'GET /jobs/{jobId}': { roles: ['admin'] } }), /same route/);
});

test('no token: 401 on every route that is not public; public routes answer', async () => {
  const app = buildApp(access);
  for (const [method, path] of [
    ['GET', '/jobs'],
    ['POST', '/jobs'],
    ['GET', '/jobs/1'],
    ['DELETE', '/admin/things/1'],
    ['GET', '/nowhere'],
  ] as const) {
    const answer = await call(app, method, path, undefined);
    assert.is(answer.status, 401, `${method} ${path}`);
  }
  const page = await app.request('/page');
  assert.is(page.status, 200);
  assert.match(await page.text(), /hello/);
  assert.is((await app.request('/health')).status, 200);
});

test('a role the route does not admit gets the kit 403 before validation, with no data', async () => {
  const app = buildApp(access);
  const plain = await call(app, 'GET', '/jobs', null);
  assert.is(plain.status, 403);
  assert.is(plain.type, 'application/problem+json');
  assert.is(plain.body?.reason, routeAccessReasons.roleRequired);
  assert.equal(plain.body?.requiredRoles, ['admin', 'supervisor', 'campaign-manager']);
  assert.not.ok('items' in (plain.body ?? {}));
  // An invalid body from a refused role is still a 403: the table is checked before the validator runs.
  const operator = await call(app, 'POST', '/jobs', 'operator', { name: '' });
  assert.is(operator.status, 403);
  const manager = await call(app, 'POST', '/jobs', 'campaign-manager', { name: '' });
  assert.is(manager.status, 422);
  const created = await call(app, 'POST', '/jobs', 'campaign-manager', { name: 'spring campaign' });
  assert.is(created.status, 201);
  assert.is((await call(app, 'GET', '/jobs', 'supervisor')).status, 200);
  assert.is((await call(app, 'GET', '/jobs/7', null)).status, 200, 'signed-in admits a user in no group');
  assert.is((await call(app, 'DELETE', '/admin/things/1', 'supervisor')).status, 403, 'routes of a mounted router are checked');
  assert.is((await call(app, 'DELETE', '/admin/things/1', 'admin')).status, 204);
  const head = await app.request('/jobs', { method: 'HEAD', headers: { authorization: `Bearer ${await tokenFor('agent')}` } });
  assert.is(head.status, 403, 'HEAD is checked as GET');
  assert.is((await call(app, 'GET', '/nowhere', 'admin')).status, 404);
});

test('a route missing from the table is refused to everyone, admin included', async () => {
  const app = buildApp(access, { withUnlisted: true });
  const answer = await call(app, 'GET', '/secret', 'admin');
  assert.is(answer.status, 403);
  assert.is(answer.body?.reason, routeAccessReasons.notInAccessTable);
  assert.not.match(answer.text, /launch codes/);
});

test('/openapi.json shows the table: security requirement, x-switchboard-roles and a line per operation', async () => {
  const app = buildApp(access, { withUnlisted: true });
  const document = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const list = document.paths['/jobs']!.get!;
  assert.equal(list.security, [{ bearerAuth: [] }]);
  assert.equal(list['x-switchboard-roles'], ['admin', 'supervisor', 'campaign-manager']);
  assert.match(String(list.description), /Who may call: admin, supervisor, campaign-manager\. Campaign managers see the jobs they created\./);
  const one = document.paths['/jobs/{jobId}']!.get!;
  assert.is(one['x-switchboard-roles'], 'signed-in');
  assert.match(String(one.description), /^One job\.\n\nWho may call: any signed-in user\./);
  assert.equal(document.paths['/admin/things/{id}']!.delete!['x-switchboard-roles'], ['admin']);
  assert.equal(document.paths['/secret']!.get!['x-switchboard-roles'], []);
  assert.match(String(document.paths['/secret']!.get!.description), /nobody/);
  assert.equal(document.paths['/health']!.get!.security, []);
  assert.is(document.paths['/health']!.get!['x-switchboard-roles'], 'public');
});

test('assertRouteAccess passes for an app that enforces its table, walking every route × role', async () => {
  const report = await assertRouteAccess(buildApp(access), access, { tokenFor, undocumented: ['GET /page'] });
  // 4 protected operations × (anonymous + 6 roles + no group).
  assert.is(report.checks.length, 4 * 8);
  assert.ok(
    report.checks.some((check) => check.route === 'POST /jobs' && check.caller === 'agent' && check.expected === 'denied' && check.status === 403),
  );
});

test('assertRouteAccess fails, naming the route and caller, when the app does not enforce the table', async () => {
  const error = (await rejects(() => assertRouteAccess(buildApp(undefined), access, { tokenFor, undocumented: ['GET /page'] }))) as Error;
  assert.match(error.message, /GET \/jobs is documented but not in the route access table|x-switchboard-roles/);
  assert.match(error.message, /GET \/jobs as no-group \(denied\): expected the kit's 403/);
});

test('assertRouteAccess reports a documented route missing from the table and a stale entry', async () => {
  const error = (await rejects(() => assertRouteAccess(buildApp(access, { withUnlisted: true }), access, { tokenFor }))) as Error;
  assert.match(error.message, /GET \/secret is documented but not in the route access table/);
  assert.match(error.message, /GET \/page is in the route access table but no route documents it/);
});

test('assertRouteAccess catches a table that differs from the one the app enforces', async () => {
  const looser = defineRouteAccess({ ...access.rules, 'POST /jobs': { roles: ['admin', 'campaign-manager', 'operator'] } } as never);
  const error = (await rejects(() =>
    assertRouteAccess(buildApp(access), looser as RouteAccessTable, { tokenFor, undocumented: ['GET /page'] }),
  )) as Error;
  assert.match(error.message, /POST \/jobs: the document says x-switchboard-roles/);
  assert.match(error.message, /POST \/jobs as operator \(allowed\): admitted by the table but refused: 403/);
});

test.run();
