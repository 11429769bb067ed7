/**
 * RFC 9457 problem details (`application/problem+json`): the one error shape every Switchboard API returns.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';

export const problemContentType = 'application/problem+json';

/** Standard titles for the statuses the kit produces itself. */
const defaultTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function defaultProblemTitle(status: number): string {
  return defaultTitles[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
}

/** One failed check of a request, as listed in a 422 problem. */
export interface ValidationIssue {
  /** Where the value sits: `body.destination`, `params.id`, `query.limit`. */
  path: string;
  message: string;
  /** The zod issue code (`invalid_type`, `too_small`, `custom`, …). */
  code: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  issues?: ValidationIssue[];
  [extension: string]: unknown;
}

/**
 * Throw from a handler to answer with a problem:
 * `throw new HttpProblem(422, 'Destination not allowed', { detail, rule })`.
 * Any key in `extensions` besides `detail`/`type`/`instance` becomes an extension member of the body.
 */
export class HttpProblem extends Error {
  readonly status: ContentfulStatusCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string;
  readonly extensions: Record<string, unknown>;
  /** Extra response headers (e.g. `WWW-Authenticate` on a 401, `Retry-After` on a 429/503). */
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    title?: string,
    extensions: { detail?: string; type?: string; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    const { detail, type, headers, ...rest } = extensions;
    const resolvedTitle = title ?? defaultProblemTitle(status);
    super(detail ? `${resolvedTitle}: ${detail}` : resolvedTitle);
    this.name = 'HttpProblem';
    this.status = status;
    this.title = resolvedTitle;
    this.detail = detail;
    this.type = type ?? 'about:blank';
    this.headers = headers ?? {};
    this.extensions = rest;
  }

  toBody(requestId?: string, instance?: string): ProblemBody {
    return {
      // Extensions first so they can never overwrite the standard members.
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(instance !== undefined ? { instance } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    };
  }
}

/** Write a problem as the response, with the request id and the request path as `instance`. */
export function problemResponse(c: Context, problem: HttpProblem): Response {
  const requestId = c.get('requestId') as string | undefined;
  const body = problem.toBody(requestId, c.req.path);
  const headers = new Headers(problem.headers);
  headers.set('content-type', problemContentType);
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}

/** The problem schema, for `responses` in `createRoute` so the OpenAPI document shows the error shape. */
export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'about:blank' }),
    title: z.string().openapi({ example: 'Unprocessable Content' }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem');

/** `responses` entries for the errors every authenticated route can return. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: defaultProblemTitle(status),
        content: { [problemContentType]: { schema: problemSchema } },
      },
    ]),
  );
}
