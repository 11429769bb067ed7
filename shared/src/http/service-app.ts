/**
 * createServiceApp: the Hono app every Switchboard API starts from. It gives each service the same
 * request id handling, problem+json errors, validation responses, bearer auth, `/health` and
 * `/openapi.json`, so a service's `src/api/app.ts` only adds its routes.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z, type Hook } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { matchedRoutes } from 'hono/route';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createLogger } from '../logging/index.ts';
import { InvalidTokenError, type Principal, type TokenVerifier } from './auth.ts';
import { HttpProblem, problemResponse, type ValidationIssue } from './problem.ts';
import { hasAnyRole } from '../roles/index.ts';
import { describeRoles, openApiPathOf, routeAccessReasons, type RouteAccessRule, type RouteAccessTable } from './route-access.ts';

/** The context variables the kit sets: `c.get('requestId')`, `c.get('principal')`. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** Set on every authenticated path; absent only on the public ones (/health, /openapi.json). */
    principal: Principal;
  };
};

export interface ServiceAppOptions {
  /** Service name as in `services/<name>` (e.g. `routing`); reported by /health and in logs. */
  service: string;
  /** The service package's version; reported by /health and in the OpenAPI document. */
  version: string;
  /** Title of the OpenAPI document, e.g. "Switchboard routing API". */
  title: string;
  /** Checks bearer tokens: `cognitoVerifier(...)` in AWS, `platform.auth.verifier` locally. */
  verifier: TokenVerifier;
  /**
   * Who may call each route (`defineRouteAccess({...})`). With a table, every request is checked against
   * the route it matched before any validator or handler runs: a token is required unless the route is
   * `'public'`, the caller must hold one of the route's roles (403 otherwise), and a route that is not
   * in the table is refused (403). `/openapi.json` shows the table on every operation.
   * Without a table (services not yet moved to it) every route needs a token and nothing more.
   */
  access?: RouteAccessTable;
  /** OpenAPI `info.description`. */
  description?: string;
  /** @default createLogger({ service }) */
  logger?: Logger;
  /**
   * Extra paths (exact, or a prefix ending in `/*`) served without a token — e.g. a static page whose
   * API calls carry the token, or a webhook that checks its own signature. /health and /openapi.json always are.
   */
  publicPaths?: string[];
  /**
   * Largest request body accepted, in bytes. The default is Lambda's synchronous payload limit, so the
   * local stage refuses what AWS would refuse; larger uploads go through presigned object URLs.
   * @default 6291456 (6 MiB)
   */
  maxBodyBytes?: number;
}

/** Lambda's synchronous invocation payload limit (request side). */
export const lambdaPayloadLimitBytes = 6 * 1024 * 1024;

export const requestIdHeader = 'x-request-id';
/** An incoming id is echoed only when it is short and harmless in logs and headers. */
const acceptableRequestId = /^[A-Za-z0-9._:=+/-]{1,128}$/;
const alwaysPublic = ['/health', '/openapi.json'];

/** zod-openapi validation targets → the names a client sees in the problem's issue paths. */
const targetNames: Record<string, string> = {
  json: 'body',
  form: 'body',
  param: 'params',
  query: 'query',
  header: 'headers',
  cookie: 'cookies',
};

/** Map zod issues to the `issues` member of a 422 problem (`body.destination`, `query.limit`, …). */
export function validationIssues(
  target: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }>,
): ValidationIssue[] {
  const prefix = targetNames[target] ?? target;
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map((segment) => String(segment))].join('.'),
    message: issue.message,
    code: issue.code ?? 'custom',
  }));
}

/** The validation hook: a request that parses but fails the route's schema is a 422 listing each issue. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issues = validationIssues(result.target, (result.error as z.ZodError).issues);
  return problemResponse(
    c,
    new HttpProblem(422, 'Unprocessable Content', {
      detail: `The request ${targetNames[result.target] ?? result.target} failed validation (${issues.length} issue${issues.length === 1 ? '' : 's'}).`,
      issues,
    }),
  );
};

function isPublicPath(path: string, publicPaths: readonly string[]): boolean {
  return publicPaths.some((pattern) =>
    pattern.endsWith('/*') ? path === pattern.slice(0, -2) || path.startsWith(pattern.slice(0, -1)) : path === pattern,
  );
}

/** Verify the request's bearer token: the principal, or a 401 problem. */
export async function authenticate(c: Context, verifier: TokenVerifier): Promise<Principal> {
  const authorization = c.req.header('authorization');
  const match = authorization ? /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization) : null;
  if (!match?.[1]) {
    throw new HttpProblem(401, 'Unauthorized', {
      detail: authorization ? 'The Authorization header must be "Bearer <token>".' : 'This API needs a bearer token.',
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  try {
    return await verifier.verify(match[1]);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      throw new HttpProblem(401, 'Unauthorized', {
        detail: `The bearer token was refused: ${error.message}`,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    throw error;
  }
}

/** Bearer-token middleware; exported for apps that are not built with createServiceApp. */
export function bearerAuth(verifier: TokenVerifier, publicPaths: readonly string[] = alwaysPublic): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublicPath(c.req.path, publicPaths)) return next();
    c.set('principal', await authenticate(c, verifier));
    return next();
  };
}

/**
 * The route a request matched, as `{ method, path }` with the OpenAPI path template, or undefined when no
 * route matches (the request ends in a 404). Global middleware (`use('*')`, `use('/x/*')`) is not a route.
 */
export function matchedRoute(c: Context): { method: string; path: string } | undefined {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method.toUpperCase();
  const routes = matchedRoutes(c);
  const route =
    routes.find((candidate) => candidate.method === method) ??
    // `app.all('/x', …)` is a route too, and must be in the table as `ALL /x`.
    routes.find((candidate) => candidate.method === 'ALL' && !candidate.path.endsWith('*'));
  return route ? { method: route.method, path: openApiPathOf(route.path) } : undefined;
}

function describeRule(rule: Readonly<RouteAccessRule>): string {
  return rule.roles === 'signed-in' ? 'any signed-in user' : rule.roles === 'public' ? 'anyone' : rule.roles.join(', ');
}

/**
 * Authentication and the route access table in one middleware: public → through; otherwise the token
 * (401), then the table (403 for a role the route does not admit, or a route the table does not list).
 */
export function routeAccessControl(
  verifier: TokenVerifier,
  access: RouteAccessTable,
  publicPaths: readonly string[] = alwaysPublic,
  logger?: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublicPath(c.req.path, publicPaths)) return next();
    const route = matchedRoute(c);
    const rule = route ? access.ruleFor(route.method, route.path) : undefined;
    if (rule?.roles === 'public') return next();
    const principal = await authenticate(c, verifier);
    c.set('principal', principal);
    // No route: authenticated callers get the 404; anonymous ones never learn which paths exist.
    if (!route) return next();
    const key = `${route.method} ${route.path}`;
    if (!rule) {
      logger?.error('route is not in the access table; refused', { requestId: c.get('requestId'), route: key });
      throw new HttpProblem(403, 'Forbidden', {
        detail: `${key} is not in this service's route access table, so nobody may call it.`,
        reason: routeAccessReasons.notInAccessTable,
      });
    }
    if (rule.roles !== 'signed-in' && !hasAnyRole(principal, rule.roles)) {
      throw new HttpProblem(403, 'Forbidden', {
        detail: `${key} needs one of the roles ${rule.roles.join(', ')}.`,
        reason: routeAccessReasons.roleRequired,
        requiredRoles: [...rule.roles],
      });
    }
    return next();
  };
}

const operationMethods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/**
 * Write the access table into an OpenAPI document: every operation gets its security requirement
 * (none for public ones), `x-switchboard-roles` (the roles, `signed-in`, `public`, or `[]` for a route
 * missing from the table, which is refused) and a line in its description.
 */
export function annotateOpenApiAccess(
  document: { paths?: Record<string, Record<string, unknown> | undefined> },
  access: RouteAccessTable,
  publicPaths: readonly string[] = alwaysPublic,
): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    for (const method of operationMethods) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const rule = access.ruleFor(method, path);
      const isPublic = rule?.roles === 'public' || isPublicPath(path, publicPaths);
      operation.security = isPublic ? [] : [{ bearerAuth: [] }];
      operation['x-switchboard-roles'] = isPublicPath(path, publicPaths) && !rule ? 'public' : describeRoles(rule);
      const line = rule
        ? `Who may call: ${describeRule(rule)}.${rule.note ? ` ${rule.note}` : ''}`
        : isPublic
          ? 'Who may call: anyone.'
          : 'Who may call: nobody (this route is not in the access table and is refused).';
      if (rule?.note) operation['x-switchboard-access-note'] = rule.note;
      operation.description =
        typeof operation.description === 'string' && operation.description.length > 0 ? `${operation.description}\n\n${line}` : line;
    }
  }
}

/** Turn anything a handler throws into a problem response; unknown errors are logged, never shown. */
export function problemErrorHandler(logger: Logger) {
  return (error: Error, c: Context<AppEnv>): Response => {
    if (error instanceof HttpProblem) {
      if (error.status >= 500) logger.error('request failed', { requestId: c.get('requestId'), error });
      return problemResponse(c, error);
    }
    if (error instanceof HTTPException) {
      // Hono's own exceptions (malformed JSON, unsupported media type, body limit) carry safe messages.
      const status = error.status as ContentfulStatusCode;
      if (status >= 500) logger.error('request failed', { requestId: c.get('requestId'), error });
      const headers: Record<string, string> = {};
      error.res?.headers.forEach((value, key) => {
        if (key !== 'content-type' && key !== 'content-length') headers[key] = value;
      });
      return problemResponse(c, new HttpProblem(status, undefined, { detail: error.message || undefined, headers }));
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return problemResponse(
      c,
      new HttpProblem(500, 'Internal Server Error', {
        detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      }),
    );
  };
}

/** A sub-router typed with the kit's context; mount it with `app.route('/prefix', router)`. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness: the service is up and which version it runs',
  security: [],
  responses: {
    200: {
      description: 'The service is up',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ok'), service: z.string(), version: z.string() }).openapi('Health'),
        },
      },
    },
  },
});

export function createServiceApp(options: ServiceAppOptions): OpenAPIHono<AppEnv> {
  const logger = options.logger ?? createLogger({ service: options.service });
  const publicPaths = [...alwaysPublic, ...(options.publicPaths ?? [])];
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    const incoming = c.req.header(requestIdHeader);
    // Behind API Gateway the gateway's own request id ties our logs to its access log.
    const gatewayRequestId = (c.env as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext?.requestId;
    const requestId =
      incoming && acceptableRequestId.test(incoming)
        ? incoming
        : typeof gatewayRequestId === 'string' && acceptableRequestId.test(gatewayRequestId)
          ? gatewayRequestId
          : randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.res.headers.set(requestIdHeader, requestId);
    logger.debug('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use(
    '*',
    options.access ? routeAccessControl(options.verifier, options.access, publicPaths, logger) : bearerAuth(options.verifier, publicPaths),
  );
  const maxBodyBytes = options.maxBodyBytes ?? lambdaPayloadLimitBytes;
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new HttpProblem(413, 'Content Too Large', {
          detail: `Request bodies are limited to ${maxBodyBytes} bytes; upload larger files through a presigned URL.`,
        });
      },
    }),
  );

  app.onError(problemErrorHandler(logger));
  app.notFound((c) => problemResponse(c, new HttpProblem(404, 'Not Found', { detail: `No route for ${c.req.method} ${c.req.path}.` })));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito user pool ID token (on the local stage: the development token `npm start` prints).',
  });

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const, service: options.service, version: options.version }, 200));

  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    security: [{ bearerAuth: [] }],
  };
  const { access } = options;
  if (access) {
    app.get('/openapi.json', (c) => {
      const document = app.getOpenAPI31Document(documentConfig);
      annotateOpenApiAccess(document as Parameters<typeof annotateOpenApiAccess>[0], access, publicPaths);
      return c.json(document);
    });
  } else {
    app.doc31('/openapi.json', documentConfig);
  }

  return app;
}
