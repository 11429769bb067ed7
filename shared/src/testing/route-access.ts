/**
 * `assertRouteAccess`: walk every route an app documents × every role (and a signed-in user in no group,
 * and no token at all) and check each answer against the service's route access table.
 */
import { roles, type Role } from '../roles/index.ts';
import { routeAccessReasons, type RouteAccessRule, type RouteAccessTable } from '../http/route-access.ts';

/** Anything with Hono's `app.request(path, init)`. */
export interface RequestableApp {
  request(path: string, init?: RequestInit, env?: unknown): Response | Promise<Response>;
}

export interface RouteAccessCheckOptions {
  /** A bearer token for a user whose only group is `role`, or, for `null`, a signed-in user in no group. */
  tokenFor(role: Role | null): string | Promise<string>;
  /** Values for path parameters by name (`{ id: 'job-1' }`); otherwise the parameter's `example`, else `x`. */
  pathParams?: Record<string, string>;
  /**
   * Also call each route as every role it admits, and check the kit let it through (not 401, not the kit's
   * 403). Turn off when calling a route with an empty JSON body would have effects the test cannot afford.
   * @default true
   */
  callAllowed?: boolean;
  /** Table keys that are deliberately not in the OpenAPI document (e.g. an HTML page); they are not reported as stale. */
  undocumented?: readonly string[];
  /** Passed as Hono's `env` (third argument of `app.request`). */
  env?: unknown;
}

export interface RouteAccessCheck {
  route: string;
  /** `anonymous`, `no-group` or a role. */
  caller: string;
  expected: 'allowed' | 'denied' | 'unauthenticated';
  status: number;
  ok: boolean;
  problem?: string;
}

export interface RouteAccessReport {
  checks: RouteAccessCheck[];
  failures: RouteAccessCheck[];
  /** Problems with the table itself: documented routes it misses, entries no route documents, document/table mismatches. */
  tableProblems: string[];
}

type OpenApiOperation = {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; example?: unknown; schema?: { example?: unknown } }>;
  'x-switchboard-roles'?: unknown;
};

const operationMethods = ['get', 'put', 'post', 'delete', 'patch'] as const;

function sameRoles(a: unknown, b: RouteAccessRule['roles']): boolean {
  if (typeof b === 'string') return a === b;
  return Array.isArray(a) && a.length === b.length && b.every((role) => a.includes(role));
}

async function readProblem(response: Response): Promise<{ isProblem: boolean; reason?: unknown; hasData: boolean; text: string }> {
  const text = await response.text();
  const isProblemType = (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const problemKeys = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'reason', 'requiredRoles', 'issues']);
  const hasData = body === undefined ? text.length > 0 : Object.keys(body).some((key) => !problemKeys.has(key));
  return { isProblem: isProblemType && body !== undefined && body.status === response.status, reason: body?.reason, hasData, text };
}

/**
 * Check `app` against `table`. Resolves with the report when every check passes; rejects with one error
 * listing every failure otherwise:
 * - a documented route missing from the table, a table entry no route documents, or a document whose
 *   `x-switchboard-roles`/security disagree with the table;
 * - without a token, a non-public route that does not answer 401;
 * - a caller the route does not admit (each role, and a signed-in user in no group) that does not get the
 *   kit's 403 problem (`reason: "role-required"`) with no data in the body;
 * - a caller it admits that gets a 401 or the kit's 403 (with `callAllowed`).
 */
export async function assertRouteAccess(app: RequestableApp, table: RouteAccessTable, options: RouteAccessCheckOptions): Promise<RouteAccessReport> {
  const documentResponse = await app.request('/openapi.json', {}, options.env);
  if (documentResponse.status !== 200) throw new Error(`GET /openapi.json answered ${documentResponse.status}`);
  const document = (await documentResponse.json()) as { paths?: Record<string, Record<string, OpenApiOperation>> };

  const tokens = new Map<Role | null, string>();
  for (const role of [...roles, null]) tokens.set(role, await options.tokenFor(role));

  const checks: RouteAccessCheck[] = [];
  const tableProblems: string[] = [];
  const documented = new Set<string>();

  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of operationMethods) {
      const operation = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const rule = table.ruleFor(method, path);
      if (rule) documented.add(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`);
      const documentedRoles = operation['x-switchboard-roles'];
      if (!rule) {
        // The kit's own public paths (/health, /openapi.json, publicPaths) are documented as public without an entry.
        if (documentedRoles !== 'public') tableProblems.push(`${key} is documented but not in the route access table (so it is refused)`);
        continue;
      }
      if (!sameRoles(documentedRoles, rule.roles)) {
        tableProblems.push(
          `${key}: the document says x-switchboard-roles ${JSON.stringify(documentedRoles)}, the table ${JSON.stringify(rule.roles)}`,
        );
      }
      const wantsSecurity = rule.roles !== 'public';
      const hasSecurity = Array.isArray(operation.security) && operation.security.length > 0;
      if (wantsSecurity !== hasSecurity)
        tableProblems.push(`${key}: the document's security requirement does not match the table (${JSON.stringify(operation.security)})`);
      if (rule.roles === 'public') continue;

      const concretePath = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
        const parameter = operation.parameters?.find((candidate) => candidate.in === 'path' && candidate.name === name);
        const example = options.pathParams?.[name] ?? parameter?.example ?? parameter?.schema?.example ?? 'x';
        return encodeURIComponent(String(example));
      });
      const init = (token: string | undefined): RequestInit => ({
        method: method.toUpperCase(),
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(method === 'get' || method === 'delete' ? {} : { 'content-type': 'application/json' }),
        },
        ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
      });

      const anonymous = await app.request(concretePath, init(undefined), options.env);
      const anonymousBody = await readProblem(anonymous);
      const anonymousOk = anonymous.status === 401 && anonymousBody.isProblem && !anonymousBody.hasData;
      checks.push({
        route: key,
        caller: 'anonymous',
        expected: 'unauthenticated',
        status: anonymous.status,
        ok: anonymousOk,
        ...(anonymousOk ? {} : { problem: `expected a 401 problem, got ${anonymous.status} ${anonymousBody.text.slice(0, 200)}` }),
      });

      for (const role of [...roles, null] as Array<Role | null>) {
        const allowed = rule.roles === 'signed-in' || (role !== null && rule.roles.includes(role));
        if (allowed && options.callAllowed === false) continue;
        const response = await app.request(concretePath, init(tokens.get(role)), options.env);
        const body = await readProblem(response);
        const kitRefusal = response.status === 403 && Object.values(routeAccessReasons).includes(body.reason as never);
        let problem: string | undefined;
        if (allowed) {
          if (response.status === 401 || kitRefusal) problem = `admitted by the table but refused: ${response.status} ${body.text.slice(0, 200)}`;
        } else if (response.status !== 403 || !body.isProblem || body.reason !== routeAccessReasons.roleRequired || body.hasData) {
          problem = `expected the kit's 403 problem (reason "${routeAccessReasons.roleRequired}") and no data, got ${response.status} ${body.text.slice(0, 200)}`;
        }
        checks.push({
          route: key,
          caller: role ?? 'no-group',
          expected: allowed ? 'allowed' : 'denied',
          status: response.status,
          ok: problem === undefined,
          ...(problem ? { problem } : {}),
        });
      }
    }
  }

  const undocumented = new Set((options.undocumented ?? []).map((key) => key.replace(/\{[^}]*\}/g, '{}')));
  for (const key of Object.keys(table.rules)) {
    const shape = key.replace(/\{[^}]*\}/g, '{}');
    if (!documented.has(shape) && !undocumented.has(shape)) tableProblems.push(`${key} is in the route access table but no route documents it`);
  }

  const failures = checks.filter((check) => !check.ok);
  if (failures.length > 0 || tableProblems.length > 0) {
    const lines = [...tableProblems, ...failures.map((failure) => `${failure.route} as ${failure.caller} (${failure.expected}): ${failure.problem}`)];
    throw new Error(`route access: ${lines.length} problem${lines.length === 1 ? '' : 's'}\n  ${lines.join('\n  ')}`);
  }
  return { checks, failures, tableProblems };
}
