/**
 * The stage's own small server: an index of what runs where, the issuer's JWKS, and the endpoint
 * behind presigned object URLs (GET serves the object, PUT stores the body).
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { LocalObjectStore } from './object-store.ts';
import { authenticateLocalUser, type LocalUser } from './users.ts';
import { ObjectStoreError } from './object-store.ts';

export interface StageIndex {
  stage: 'local';
  services: Record<string, { url: string; status: 'running' | 'failed' | 'starting'; error?: string }>;
  dynamodb: string;
  mqtt: string;
  jwks: string;
}

const problem = (status: number, title: string, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

/** S3 rejects single PUTs over 5 GiB; locally a far smaller cap keeps a runaway upload from filling the disk. */
const maxUploadBytes = 100 * 1024 * 1024;

export function createStageServerApp(deps: {
  objects: () => LocalObjectStore;
  index: () => StageIndex;
  jwks: () => unknown;
  /** The data folder's users and a way to sign an ID token for one (`POST /auth/local/token`). */
  users?: () => readonly LocalUser[];
  issueToken?: (user: LocalUser) => Promise<{ token: string; expiresIn: number }>;
}): Hono {
  const app = new Hono();
  // The console (another loopback port) signs in from the browser; nothing off this machine may.
  app.use(
    '/auth/local/*',
    cors({
      origin: (origin) => (/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin) ? origin : null),
      allowMethods: ['POST'],
      allowHeaders: ['content-type'],
    }),
  );
  app.post('/auth/local/token', async (c) => {
    if (!deps.users || !deps.issueToken) return problem(404, 'Not Found', 'local sign-in is not enabled on this stage');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(400, 'Bad Request', 'the body must be JSON: {"username": "...", "password": "..."}');
    }
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || typeof password !== 'string' || username.length === 0 || password.length === 0) {
      return problem(422, 'Unprocessable Content', 'username and password are required strings');
    }
    const user = authenticateLocalUser(deps.users(), username, password);
    if (!user) return problem(401, 'Unauthorized', 'unknown user or wrong password (the banner of npm start lists the local users)');
    const { token, expiresIn } = await deps.issueToken(user);
    return c.json({ idToken: token, tokenType: 'Bearer', expiresIn, username: user.username, groups: user.groups }, 200);
  });
  app.get('/', (c) => c.json(deps.index()));
  app.get('/health', (c) => c.json({ status: 'ok', service: 'local-stage' }));
  app.get('/.well-known/jwks.json', (c) => c.json(deps.jwks()));

  app.on(['GET', 'HEAD', 'PUT'], '/objects/:bucket/*', async (c) => {
    const bucket = c.req.param('bucket');
    const prefix = `/objects/${encodeURIComponent(bucket)}/`;
    const rawPath = new URL(c.req.url).pathname;
    if (!rawPath.startsWith(prefix)) return problem(404, 'Not Found', 'no such object');
    let key: string;
    try {
      key = rawPath.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      return problem(400, 'Bad Request', 'the object key is not valid percent-encoding');
    }
    const query = new URL(c.req.url).searchParams;
    const store = deps.objects();
    const check = store.verifyPresigned(bucket, key, query, c.req.method);
    if (!check.ok) return problem(403, 'Forbidden', check.reason);
    try {
      if (c.req.method === 'PUT') {
        const length = Number(c.req.header('content-length') ?? '0');
        if (length > maxUploadBytes) return problem(413, 'Content Too Large', `uploads are limited to ${maxUploadBytes} bytes locally`);
        const body = new Uint8Array(await c.req.arrayBuffer());
        if (body.byteLength > maxUploadBytes) return problem(413, 'Content Too Large', `uploads are limited to ${maxUploadBytes} bytes locally`);
        await store.put(bucket, key, body, { contentType: c.req.header('content-type') ?? 'application/octet-stream' });
        return c.body(null, 200);
      }
      const object = await store.get(bucket, key);
      if (!object) return problem(404, 'Not Found', `no object ${key} in ${bucket}`);
      const headers = {
        'content-type': object.contentType,
        'content-length': String(object.size),
        'last-modified': object.lastModified.toUTCString(),
      };
      return c.req.method === 'HEAD' ? c.body(null, 200, headers) : c.body(new Uint8Array(object.body), 200, headers);
    } catch (error) {
      if (error instanceof ObjectStoreError) return problem(400, 'Bad Request', error.message);
      throw error;
    }
  });
  return app;
}
