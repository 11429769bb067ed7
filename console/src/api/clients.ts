/**
 * Typed clients for every service (openapi-fetch over the generated `paths`), each request carrying the
 * session's ID token. A 401 on a GET refreshes the token once and retries; anything else that is not 2xx
 * throws an ApiError with the API's problem+json, so pages handle failures in one shape.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { ConsoleConfig } from '../config.ts';
import type { TokenSession } from '../auth/token-session.ts';
import { ApiError, isProblem } from './problem.ts';
import type { paths as RoutingPaths } from './generated/routing.ts';
import type { paths as SmsPaths } from './generated/sms.ts';
import type { paths as ForwardingPaths } from './generated/forwarding.ts';
import type { paths as CalloutsPaths } from './generated/callouts.ts';
import type { paths as IotPaths } from './generated/iot-triage.ts';

export interface ApiClients {
  routing: Client<RoutingPaths>;
  sms: Client<SmsPaths>;
  forwarding: Client<ForwardingPaths>;
  callouts: Client<CalloutsPaths>;
  iot: Client<IotPaths>;
  /** Base URL per service, from config.json. */
  urls: ConsoleConfig['apis'];
}

function authMiddleware(session: TokenSession): Middleware {
  const retried = new WeakSet<Request>();
  return {
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${await session.token()}`);
      return request;
    },
    async onResponse({ request, response }) {
      if (response.status !== 401 || request.method !== 'GET' || retried.has(request)) return response;
      const tokens = await session.refreshNow();
      const again = new Request(request, { headers: new Headers(request.headers) });
      again.headers.set('authorization', `Bearer ${tokens.idToken}`);
      retried.add(again);
      return fetch(again);
    },
  };
}

export function createApiClients(config: ConsoleConfig, session: TokenSession): ApiClients {
  const auth = authMiddleware(session);
  const make = <Paths extends {}>(service: string): Client<Paths> => {
    const client = createClient<Paths>({ baseUrl: config.apis[service] ?? `/unavailable/${service}` });
    client.use(auth);
    return client;
  };
  return {
    routing: make<RoutingPaths>('routing'),
    sms: make<SmsPaths>('sms'),
    forwarding: make<ForwardingPaths>('forwarding'),
    callouts: make<CalloutsPaths>('callouts'),
    iot: make<IotPaths>('iot-triage'),
    urls: config.apis,
  };
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem+json. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw new ApiError(
    isProblem(error)
      ? error
      : { title: response.statusText || 'Request failed', status: response.status, detail: typeof error === 'string' ? error : undefined },
  );
}
