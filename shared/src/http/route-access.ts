/**
 * The route access table: one table per service says who may call each route. `createServiceApp`
 * enforces it before any handler or validator runs (a route that is not in the table is refused), and
 * `/openapi.json` shows it on every operation (a security requirement and `x-switchboard-roles`).
 *
 * ```ts
 * export const access = defineRouteAccess({
 *   'GET /jobs': { roles: ['admin', 'supervisor', 'campaign-manager'], note: 'campaign managers see their own jobs' },
 *   'POST /jobs': { roles: ['admin', 'campaign-manager'] },
 *   'GET /me/forwards': { roles: 'signed-in' },
 *   'GET /page': { roles: 'public' },
 * });
 * createServiceApp({ …, access });
 * ```
 *
 * Keys are `METHOD /path` with OpenAPI path templates (`/jobs/{id}`), exactly as the route is documented.
 * Ownership (a campaign manager reads only their own jobs) is narrower than a role and stays in the
 * handler; `note` says so in the document.
 */
import { isRole, roles as allRoles, type Role } from '../roles/index.ts';

/**
 * Who may call a route: a list of roles (any one suffices), every signed-in user (`'signed-in'`, groups or
 * none), or anyone without a token (`'public'`: pages, webhooks that check their own signature).
 */
export type RouteRoles = readonly Role[] | 'signed-in' | 'public';

export interface RouteAccessRule {
  roles: RouteRoles;
  /** A sentence for the OpenAPI document when the handler narrows further (ownership, masking). */
  note?: string;
}

export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ALL'} /${string}`;

const brand = Symbol.for('switchboard.routeAccessTable');

export interface RouteAccessTable<K extends string = string> {
  readonly [brand]: true;
  readonly rules: Readonly<Record<K, Readonly<RouteAccessRule>>>;
  /** The rule for `METHOD /openapi/{path}`, or undefined when the table does not list it. */
  ruleFor(method: string, openApiPath: string): Readonly<RouteAccessRule> | undefined;
}

/** The problem `reason` the kit puts on its own 403s, so tests (and clients) can tell them from a handler's. */
export const routeAccessReasons = {
  roleRequired: 'role-required',
  notInAccessTable: 'route-not-in-access-table',
} as const;

const keyPattern = /^(GET|POST|PUT|PATCH|DELETE|ALL) (\/[^\s?#]*)$/;

/**
 * Build and check a route access table. Throws at module load (so at cold start and in every test) on a
 * malformed key, an unknown role, an empty role list, or a key listed twice modulo parameter names.
 */
export function defineRouteAccess<const T extends Record<RouteKey, RouteAccessRule>>(table: T): RouteAccessTable<Extract<keyof T, string>> {
  const rules: Record<string, Readonly<RouteAccessRule>> = {};
  const shapes = new Map<string, string>();
  for (const [key, rule] of Object.entries(table) as Array<[string, RouteAccessRule]>) {
    const match = keyPattern.exec(key);
    if (!match)
      throw new TypeError(
        `route access key "${key}" must be "METHOD /path" (GET, POST, PUT, PATCH, DELETE or ALL; OpenAPI path templates like /jobs/{id})`,
      );
    if (match[2]!.includes(':')) throw new TypeError(`route access key "${key}": write path parameters as {name}, as the OpenAPI document does`);
    const { roles } = rule;
    if (roles !== 'signed-in' && roles !== 'public') {
      if (!Array.isArray(roles) || roles.length === 0) {
        throw new TypeError(`route access "${key}": roles must be 'public', 'signed-in' or a non-empty list of ${allRoles.join(', ')}`);
      }
      for (const role of roles) {
        if (!isRole(role)) throw new TypeError(`route access "${key}": "${String(role)}" is not a role (roles are ${allRoles.join(', ')})`);
      }
    }
    const shape = `${match[1]} ${match[2]!.replace(/\{[^}]*\}/g, '{}')}`;
    const previous = shapes.get(shape);
    if (previous !== undefined) throw new TypeError(`route access keys "${previous}" and "${key}" name the same route`);
    shapes.set(shape, key);
    rules[shape] = Object.freeze({
      roles: typeof roles === 'string' ? roles : Object.freeze([...roles]),
      ...(rule.note !== undefined ? { note: rule.note } : {}),
    });
  }
  const byKey = Object.freeze(Object.fromEntries([...shapes.entries()].map(([shape, key]) => [key, rules[shape]!]))) as Readonly<
    Record<Extract<keyof T, string>, Readonly<RouteAccessRule>>
  >;
  return Object.freeze({
    [brand]: true as const,
    rules: byKey,
    ruleFor(method: string, openApiPath: string) {
      const upper = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
      return rules[`${upper} ${openApiPath.replace(/\{[^}]*\}/g, '{}')}`];
    },
  });
}

export function isRouteAccessTable(value: unknown): value is RouteAccessTable {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Hono's `/jobs/:id` or `/jobs/:id{[0-9]+}` → the OpenAPI template `/jobs/{id}`. */
export function openApiPathOf(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');
}

/** The roles a rule admits, as shown in `x-switchboard-roles`. */
export function describeRoles(rule: Readonly<RouteAccessRule> | undefined): readonly string[] | 'signed-in' | 'public' {
  return rule ? rule.roles : [];
}
