/**
 * The stage's own small server: an index of what runs where, the issuer's JWKS, the endpoint
 * behind presigned object URLs (GET serves the object, PUT stores the body) and, when built, the
 * console (`console/dist`) with the `config.json` that tells it where the APIs are and who can sign in
 * (through `POST /auth/local/token`).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
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

/** A local user as the console lists it on its sign-in page: name and roles, never the password. */
export interface LocalConsoleUser {
  username: string;
  groups: string[];
}

/** What the console reads from `/config.json` (same shape as the deployed one, with `auth.mode: "cognito"`). */
export interface ConsoleConfig {
  stage: string;
  apis: Record<string, string>;
  auth: { mode: 'local'; signInUrl: string; users: LocalConsoleUser[] };
}

export interface StageConsole {
  /** The built console (`console/dist`); absent or unbuilt: `/` stays the JSON index. */
  dir: string;
  config: () => ConsoleConfig;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/** The headers CloudFront adds to the deployed console, so a CSP mistake shows up locally first. */
function consoleHeaders(apiOrigins: string[]): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${apiOrigins.join(' ')}`,
      "img-src 'self' data:",
      // Cloudscape and Swagger UI set style attributes from script.
      "style-src 'self' 'unsafe-inline'",
      "font-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  };
}

/** A file of the built console, or undefined; never a path outside `dir`. */
async function consoleFile(dir: string, urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  const root = path.resolve(dir);
  const full = path.resolve(root, relative || 'index.html');
  if (full !== root && !full.startsWith(root + path.sep)) return undefined;
  const info = await stat(full).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { body: await readFile(full), type: contentTypes[path.extname(full)] ?? 'application/octet-stream' };
}

/**
 * CORS for the console's origins on every local API (in AWS, API Gateway's CORS configuration does this).
 * Only the listed origins get an `access-control-allow-origin`; everyone else gets no CORS headers at all.
 */
export function consoleCors(origins: () => readonly string[], fetch: (request: Request, env: unknown) => Response | Promise<Response>): Hono {
  const app = new Hono();
  app.use(
    '*',
    cors({
      origin: (origin) => (origins().includes(origin) ? origin : null),
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['authorization', 'content-type', 'x-request-id', 'if-match'],
      exposeHeaders: ['x-request-id', 'retry-after', 'location', 'etag'],
      maxAge: 600,
    }),
  );
  app.all('*', (c) => fetch(c.req.raw, c.env));
  return app;
}

export function createStageServerApp(deps: {
  objects: () => LocalObjectStore;
  index: () => StageIndex;
  jwks: () => unknown;
  /** The data folder's users and a way to sign an ID token for one (`POST /auth/local/token`). */
  users?: () => readonly LocalUser[];
  issueToken?: (user: LocalUser) => Promise<{ token: string; expiresIn: number }>;
  console?: StageConsole;
  /** The console's local tools (`tools.ts`), under `/local/tools`. */
  // biome-ignore lint/suspicious/noExplicitAny: the local tools' app, whatever its env
  tools?: Hono<any>;
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
  const site = deps.console;
  const wantsHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');
  const serveConsole = async (c: Context, urlPath: string) => {
    if (!site) return undefined;
    const file = (await consoleFile(site.dir, urlPath)) ?? (wantsHtml(c) ? await consoleFile(site.dir, 'index.html') : undefined);
    if (!file) return undefined;
    const apiOrigins = [...new Set(Object.values(site.config().apis).map((url) => new URL(url).origin))];
    return c.body(new Uint8Array(file.body), 200, {
      'content-type': file.type,
      // Vite names assets by content hash; index.html must be revalidated to pick up a new build.
      'cache-control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...consoleHeaders(apiOrigins),
    });
  };

  // A browser gets the console; curl and scripts (no text/html in Accept) keep getting the JSON index.
  app.get('/', async (c) => (wantsHtml(c) ? ((await serveConsole(c, '/index.html')) ?? c.json(deps.index())) : c.json(deps.index())));
  app.get('/config.json', (c) =>
    site ? c.json(site.config(), 200, { 'cache-control': 'no-store' }) : problem(404, 'Not Found', 'the console is not served on this stage'),
  );
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
  if (deps.tools) app.route('/local/tools', deps.tools);
  app.get(
    '*',
    async (c) => (await serveConsole(c, new URL(c.req.url).pathname)) ?? problem(404, 'Not Found', `nothing at ${new URL(c.req.url).pathname}`),
  );
  return app;
}
