import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SignJWT, generateKeyPair } from 'jose';
import {
  HttpProblem,
  createLocalIssuer,
  createRoute,
  createRouter,
  createServiceApp,
  decodeNextToken,
  encodeNextToken,
  lambdaHandler,
  page,
  pageRequest,
  paginationQuerySchema,
  problemResponses,
  requireGroup,
  z,
} from '../src/http/index.ts';
import { createLogger } from '../src/logging/index.ts';

const issuer = await createLocalIssuer();
// Silent so the 500 test's error log doesn't clutter the test output; the handler is still exercised.
const logger = createLogger({ service: 'kit-test', level: 'SILENT' });

const forwardSchema = z.object({
  destination: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number'),
  ringSeconds: z.number().int().min(5).max(60),
});

function buildApp() {
  const app = createServiceApp({ service: 'forwarding', version: '1.2.3', title: 'Forwarding API', verifier: issuer.verifier, logger });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/numbers/{number}/forward',
      request: {
        params: z.object({ number: z.string().regex(/^\d+$/) }),
        body: { required: true, content: { 'application/json': { schema: forwardSchema } } },
      },
      responses: { 200: { description: 'Set', content: { 'application/json': { schema: forwardSchema } } }, ...problemResponses(400, 401, 422) },
    }),
    (c) => {
      const body = c.req.valid('json');
      if (body.destination === '+15550000000') {
        throw new HttpProblem(422, 'Destination not allowed', { detail: 'premium-rate numbers are refused', rule: 'no-premium' });
      }
      return c.json(body, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/items',
      request: { query: paginationQuerySchema },
      responses: { 200: { description: 'A page', content: { 'application/json': { schema: z.object({ limit: z.number() }) } } } },
    }),
    (c) => {
      const { limit, exclusiveStartKey } = pageRequest(c.req.valid('query'));
      return c.json({ limit, start: exclusiveStartKey ?? null, who: c.get('principal').username }, 200);
    },
  );
  app.get('/admin', (c) => {
    const principal = requireGroup(c, 'admin');
    return c.json({ ok: true, subject: principal.subject });
  });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/echo',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ n: z.number() }) } } } },
      responses: { 200: { description: 'echo', content: { 'application/json': { schema: z.object({ n: z.number() }) } } } },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  app.route('/sub', router);
  return app;
}

const app = buildApp();
const adminToken = await issuer.issueToken({ sub: 'user-1', username: 'alice', groups: ['admin'] });
const agentToken = await issuer.issueToken({ sub: 'user-2', username: 'bob', groups: ['agent'] });
const auth = (token = adminToken) => ({ authorization: `Bearer ${token}` });

test('GET /health is public and reports service and version', async () => {
  const res = await app.request('/health');
  assert.is(res.status, 200);
  assert.equal(await res.json(), { status: 'ok', service: 'forwarding', version: '1.2.3' });
  assert.ok(res.headers.get('x-request-id'));
});

test('an incoming x-request-id is echoed; a hostile one is replaced', async () => {
  const res = await app.request('/health', { headers: { 'x-request-id': 'call-abc.123' } });
  assert.is(res.headers.get('x-request-id'), 'call-abc.123');
  const hostile = await app.request('/health', { headers: { 'x-request-id': 'a b;<script>' } });
  assert.is.not(hostile.headers.get('x-request-id'), 'a b;<script>');
  assert.match(hostile.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('GET /openapi.json is public, OpenAPI 3.1, with the bearer scheme and the routes', async () => {
  const res = await app.request('/openapi.json');
  assert.is(res.status, 200);
  const doc = (await res.json()) as any;
  assert.is(doc.openapi, '3.1.0');
  assert.is(doc.info.title, 'Forwarding API');
  assert.is(doc.info.version, '1.2.3');
  assert.equal(doc.components.securitySchemes.bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: doc.components.securitySchemes.bearerAuth.description,
  });
  assert.equal(doc.security, [{ bearerAuth: [] }]);
  assert.equal(doc.paths['/health'].get.security, []);
  assert.ok(doc.paths['/numbers/{number}/forward'].put);
  assert.ok(doc.paths['/sub/echo'].post, 'routes of a mounted router appear with their prefix');
  assert.ok(doc.components.schemas.Problem);
});

test('no token → 401 problem with WWW-Authenticate', async () => {
  const res = await app.request('/items');
  assert.is(res.status, 401);
  assert.is(res.headers.get('content-type'), 'application/problem+json');
  assert.is(res.headers.get('www-authenticate'), 'Bearer');
  const body = (await res.json()) as any;
  assert.is(body.status, 401);
  assert.is(body.title, 'Unauthorized');
  assert.is(body.instance, '/items');
  assert.is(body.requestId, res.headers.get('x-request-id'));
});

test('a malformed, foreign, expired or non-bearer token → 401', async () => {
  const foreignKeys = await generateKeyPair('RS256');
  const foreign = await new SignJWT({ 'cognito:groups': ['admin'], token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256' })
    .setSubject('mallory')
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setExpirationTime('1h')
    .sign(foreignKeys.privateKey);
  const otherIssuer = await createLocalIssuer({ issuer: 'someone-else' });
  const wrongIssuer = await otherIssuer.issueToken({ username: 'eve', groups: ['admin'] });
  const expired = await new SignJWT({ token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256' })
    .setSubject('late')
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
    .sign(foreignKeys.privateKey);
  for (const authorization of [
    'Bearer not-a-jwt',
    `Bearer ${foreign}`,
    `Bearer ${wrongIssuer}`,
    `Bearer ${expired}`,
    `Basic ${Buffer.from('a:b').toString('base64')}`,
    `Bearer ${adminToken.slice(0, -3)}xyz`,
  ]) {
    const res = await app.request('/items', { headers: { authorization } });
    assert.is(res.status, 401, authorization.slice(0, 30));
    assert.is(res.headers.get('content-type'), 'application/problem+json');
  }
});

test('a valid token reaches the handler with the principal', async () => {
  const res = await app.request('/items', { headers: auth() });
  assert.is(res.status, 200);
  assert.equal(await res.json(), { limit: 25, start: null, who: 'alice' });
});

test('requireGroup → 403 for a user outside the group, 200 inside', async () => {
  const denied = await app.request('/admin', { headers: auth(agentToken) });
  assert.is(denied.status, 403);
  const body = (await denied.json()) as any;
  assert.equal(body.requiredGroups, ['admin']);
  const allowed = await app.request('/admin', { headers: auth() });
  assert.equal(await allowed.json(), { ok: true, subject: 'user-1' });
});

test('malformed JSON body → 400 problem', async () => {
  const res = await app.request('/numbers/42/forward', {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: '{"destination": ',
  });
  assert.is(res.status, 400);
  assert.is(res.headers.get('content-type'), 'application/problem+json');
  assert.match(((await res.json()) as any).detail, /Malformed JSON/);
});

test('a body and params that fail the schema → 422 listing each issue with its path', async () => {
  const res = await app.request('/numbers/42/forward', {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ destination: '0555', ringSeconds: 2 }),
  });
  assert.is(res.status, 422);
  const body = (await res.json()) as any;
  const paths = body.issues.map((i: any) => i.path).sort();
  assert.equal(paths, ['body.destination', 'body.ringSeconds']);
  assert.ok(body.issues.find((i: any) => i.path === 'body.destination').message.includes('E.164'));

  const params = await app.request('/numbers/abc/forward', {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ destination: '+15551234567', ringSeconds: 20 }),
  });
  assert.is(params.status, 422);
  assert.equal(
    ((await params.json()) as any).issues.map((i: any) => i.path),
    ['params.number'],
  );
});

test('query that fails the schema → 422 on query.limit', async () => {
  for (const limit of ['0', '101', 'ten']) {
    const res = await app.request(`/items?limit=${limit}`, { headers: auth() });
    assert.is(res.status, 422, `limit=${limit}`);
    assert.equal(
      ((await res.json()) as any).issues.map((i: any) => i.path),
      ['query.limit'],
    );
  }
});

test('a sub-router inherits validation and error handling', async () => {
  const bad = await app.request('/sub/echo', {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ n: 'one' }),
  });
  assert.is(bad.status, 422);
  assert.is(bad.headers.get('content-type'), 'application/problem+json');
  const unauth = await app.request('/sub/echo', { method: 'POST', body: '{}' });
  assert.is(unauth.status, 401);
});

test('HttpProblem thrown by a handler keeps its status, title and extensions', async () => {
  const res = await app.request('/numbers/42/forward', {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ destination: '+15550000000', ringSeconds: 20 }),
  });
  assert.is(res.status, 422);
  const body = (await res.json()) as any;
  assert.is(body.title, 'Destination not allowed');
  assert.is(body.detail, 'premium-rate numbers are refused');
  assert.is(body.rule, 'no-premium');
  assert.is(body.type, 'about:blank');
});

test('an unknown error → 500 problem that leaks nothing', async () => {
  const res = await app.request('/boom', { headers: auth() });
  assert.is(res.status, 500);
  const text = await res.text();
  assert.not.match(text, /hunter2/);
  const body = JSON.parse(text);
  assert.is(body.title, 'Internal Server Error');
  assert.is(body.requestId, res.headers.get('x-request-id'));
});

test('the 500 is logged with the request id and the error, for the operator', async () => {
  const captured: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  const capture = (chunk: string | Uint8Array) => {
    captured.push(String(chunk));
    return true;
  };
  const loud = createServiceApp({
    service: 'kit-test',
    version: '0.0.0',
    title: 't',
    verifier: issuer.verifier,
    logger: createLogger({ service: 'kit-test', level: 'ERROR' }),
  });
  loud.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  let res: Response;
  try {
    res = await loud.request('/boom', { headers: { ...auth(), 'x-request-id': 'req-500-test' } });
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
  assert.is(res.status, 500);
  const record = captured.map((line) => JSON.parse(line)).find((entry) => entry.requestId === 'req-500-test');
  assert.ok(record, 'an error record carries the request id');
  assert.is(record.level, 'ERROR');
  assert.is(record.service, 'kit-test');
  assert.match(JSON.stringify(record.error), /hunter2/, 'the operator sees the real error in the log');
});

test('a body with an undeclared media type → 415 problem', async () => {
  const res = await app.request('/numbers/42/forward', {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'text/plain' },
    body: 'destination=+15551234567',
  });
  assert.is(res.status, 415);
  assert.is(res.headers.get('content-type'), 'application/problem+json');
});

test("a body over the limit → 413 problem; the limit defaults to Lambda's 6 MiB", async () => {
  const small = createServiceApp({ service: 's', version: '0.0.0', title: 't', verifier: issuer.verifier, logger, maxBodyBytes: 1024 });
  small.post('/upload', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }));
  const ok = await small.request('/upload', { method: 'POST', headers: auth(), body: 'x'.repeat(1024) });
  assert.equal(await ok.json(), { size: 1024 });
  const tooBig = await small.request('/upload', { method: 'POST', headers: auth(), body: 'x'.repeat(1025) });
  assert.is(tooBig.status, 413);
  assert.is(tooBig.headers.get('content-type'), 'application/problem+json');
  const streamed = await small.request('/upload', {
    method: 'POST',
    headers: auth(),
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(600)));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  assert.is(streamed.status, 413, 'a chunked body without content-length is counted too');
});

test('behind API Gateway the gateway request id is used when the client sends none', async () => {
  const res = await app.request('/health', {}, { requestContext: { requestId: 'Jd7x1gfwIAMEbCw=' } });
  assert.is(res.headers.get('x-request-id'), 'Jd7x1gfwIAMEbCw=');
});

test('lambdaHandler serves the app to an API Gateway HTTP API (payload 2.0) event', async () => {
  const handler = lambdaHandler(app);
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/numbers/42/forward',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'PUT', path: '/numbers/42/forward', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: 'Jd7x1gfwIAMEbCw=',
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795251600000,
    },
    body: JSON.stringify({ destination: '+15551234567', ringSeconds: 2 }),
    isBase64Encoded: false,
  };
  const result = (await handler(event as never, {} as never)) as { statusCode: number; headers: Record<string, string>; body: string };
  assert.is(result.statusCode, 422);
  assert.is(result.headers['content-type'], 'application/problem+json');
  assert.is(result.headers['x-request-id'], 'Jd7x1gfwIAMEbCw=');
  assert.equal(
    JSON.parse(result.body).issues.map((i: { path: string }) => i.path),
    ['body.ringSeconds'],
  );
});

test('publicPaths: exact paths and /* prefixes are served without a token, nothing else', async () => {
  const pages = createServiceApp({
    service: 'p',
    version: '0.0.0',
    title: 't',
    verifier: issuer.verifier,
    logger,
    publicPaths: ['/page', '/assets/*'],
  });
  for (const path of ['/page', '/assets', '/assets/app.js', '/assets/css/site.css', '/pages', '/assetsX/app.js', '/page/admin']) {
    pages.get(path, (c) => c.text(path));
  }
  for (const path of ['/page', '/assets', '/assets/app.js', '/assets/css/site.css']) {
    assert.is((await pages.request(path)).status, 200, path);
  }
  for (const path of ['/pages', '/assetsX/app.js', '/page/admin']) {
    assert.is((await pages.request(path)).status, 401, path);
  }
});

test('unknown path → 404 problem (after auth)', async () => {
  const res = await app.request('/nope', { headers: auth() });
  assert.is(res.status, 404);
  assert.is(res.headers.get('content-type'), 'application/problem+json');
});

test('pagination tokens round-trip a LastEvaluatedKey and refuse forged ones', async () => {
  const key = { pk: 'NUMBER#+15551234567', sk: 42 };
  const token = encodeNextToken(key);
  assert.ok(token && /^[A-Za-z0-9_-]+$/.test(token));
  assert.equal(decodeNextToken(token), key);
  assert.is(encodeNextToken(undefined), undefined);
  assert.is(encodeNextToken({}), undefined);
  assert.equal(page([1, 2], undefined), { items: [1, 2] });
  assert.equal(page([1], key), { items: [1], nextToken: token });
  for (const forged of ['!!!', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"a":{"b":1}}').toString('base64url'), 'e30']) {
    try {
      decodeNextToken(forged);
      assert.unreachable(`accepted ${forged}`);
    } catch (error) {
      assert.instance(error, HttpProblem);
      assert.is((error as HttpProblem).status, 422);
    }
  }
  const res = await app.request(`/items?limit=5&nextToken=${token}`, { headers: auth() });
  assert.equal(await res.json(), { limit: 5, start: key, who: 'alice' });
  const forgedRes = await app.request('/items?nextToken=%21%21', { headers: auth() });
  assert.is(forgedRes.status, 422);
});

test('local issuer: claims map to the principal; ttl is enforced', async () => {
  const token = await issuer.issueToken({ sub: 's-1', username: 'carol', groups: ['admin', 'ops'], ttlSeconds: 60 });
  const principal = await issuer.verifier.verify(token);
  assert.is(principal.subject, 's-1');
  assert.is(principal.username, 'carol');
  assert.equal(principal.groups, ['admin', 'ops']);
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  assert.is(payload.exp - payload.iat, 60);
  assert.is(payload.token_use, 'id');
  try {
    await issuer.issueToken({ username: 'x', ttlSeconds: 0 });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, RangeError);
  }
});

test.run();
