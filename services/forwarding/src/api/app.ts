/**
 * The forwarding REST API (Hono + OpenAPI). JWT on every route (Cognito in AWS, the local issuer on the local
 * stage); `admin` manages every number, other users the numbers assigned to them. CORS answers only the
 * self-service page's origin — never `*`.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { access } from './access.ts';
import {
  createRoute,
  createServiceApp,
  HttpProblem,
  paginationQuerySchema,
  problemResponses,
  z,
  type AppEnv,
  type TokenVerifier,
} from '@switchboard/shared/http';
import type { Context } from 'hono';
import type { Logger } from '@switchboard/shared/logging';
import { e164Pattern, forwardSettingsSchema } from '../domain/forward.ts';
import {
  BadPageToken,
  ConcurrentChange,
  InventoryError,
  GuardRefused,
  NotAllowed,
  NotFound,
  RateLimited,
  SwitchRefused,
  type Actor,
  type ForwardingService,
} from '../application/forwarding-service.ts';
import { forwardedCallSummary } from '../application/call-counter.ts';
import { forwardOutcomes, utcDay, utcDayPattern } from '../domain/call-counts.ts';
import type { ForwardedCallCounts } from '../domain/ports.ts';
import { guardRules } from '../domain/toll-fraud-guard.ts';

export interface ForwardingAppOptions {
  service: ForwardingService;
  /** Forwarded calls per UTC day (what the CallForwarded subscriber counts), for `GET /calls/summary`. */
  callCounts: Pick<ForwardedCallCounts, 'read'>;
  /** Today's UTC day comes from it. @default the system clock */
  clock?: { now(): Date };
  verifier: TokenVerifier;
  /** The page's origin (scheme://host[:port]); CORS allows it. */
  pageOrigin: string;
  /** Other browser origins CORS allows (the console's). @default [] */
  corsOrigins?: readonly string[];
  version: string;
  /** @default the kit's logger for the service */
  logger?: Logger;
  /** Extra unauthenticated routes (the local stage mounts the page and its login here). */
  mount?: (app: Hono<AppEnv>) => void;
  publicPaths?: string[];
}

const e164Param = z
  .string()
  .regex(e164Pattern, 'must be an E.164 phone number such as +14155550100 (URL-encode the "+" as %2B)')
  .openapi({ param: { name: 'e164', in: 'path' }, example: '+13125550100' });

const destinationOut = z.object({ number: z.string(), ringTimeoutSeconds: z.number() });
const forwardSchema = z
  .object({
    phoneNumber: z.string(),
    owner: z.string(),
    revision: z.number(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    destinations: z.array(destinationOut),
    callerId: z.enum(['original-caller', 'forwarded-number']),
    schedule: z.unknown(),
    noAnswerMessage: z.string().optional(),
    screening: z.boolean(),
    enabled: z.boolean(),
  })
  .openapi('Forward');

const switchSchema = z.object({ id: z.string(), status: z.string(), target: z.unknown(), error: z.string().optional() }).openapi('ProductSwitch');

const numberSchema = z
  .object({
    phoneNumber: z.string(),
    productType: z.string(),
    status: z.string(),
    voiceConnectorId: z.string().nullable(),
    sipRuleId: z.string().nullable(),
    owner: z.string().nullable(),
    forward: forwardSchema.nullable(),
    switch: switchSchema.nullable(),
  })
  .openapi('PhoneNumber');

const historySchema = z
  .object({
    phoneNumber: z.string(),
    at: z.string(),
    id: z.string(),
    actor: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    switchId: z.string().optional(),
    step: z.string().optional(),
    detail: z.string().optional(),
  })
  .openapi('HistoryEntry');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = problemResponses(400, 401, 403, 404, 409, 422, 429, 502, 503);

function actorOf(c: Context<AppEnv>): Actor {
  const principal = c.get('principal');
  return { subject: principal.subject, username: principal.username, groups: principal.groups };
}

/** Domain errors → problem+json with the rule a client (and the page) can show. */
function translate(error: unknown): never {
  if (error instanceof GuardRefused) {
    const first = error.violations[0]!;
    throw new HttpProblem(422, 'Destination not allowed', {
      detail: error.message,
      rule: first.rule,
      violations: error.violations,
    });
  }
  if (error instanceof RateLimited) {
    throw new HttpProblem(429, 'Too many forward changes', {
      detail: error.message,
      rule: 'change-rate-limit',
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof NotAllowed) throw new HttpProblem(403, 'Forbidden', { detail: error.message, rule: 'number-not-assigned' });
  if (error instanceof NotFound) throw new HttpProblem(404, 'Not Found', { detail: error.message });
  if (error instanceof BadPageToken) {
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: error.message,
      issues: [{ path: 'query.nextToken', message: 'Invalid pagination token', code: 'custom' }],
    });
  }
  if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'Conflict', { detail: error.message, rule: 'concurrent-change' });
  if (error instanceof SwitchRefused) {
    throw new HttpProblem(error.rule === 'number-not-found' ? 404 : 409, 'Number cannot be switched', { detail: error.message, rule: error.rule });
  }
  // Chime SDK voice failed: not the client's fault. Throttling and outages pass; say when to come back.
  if (error instanceof InventoryError) {
    throw error.retryable
      ? new HttpProblem(503, 'Service Unavailable', {
          detail: 'The phone-number service is busy; try again shortly.',
          headers: { 'retry-after': '5' },
        })
      : new HttpProblem(502, 'Bad Gateway', { detail: `The phone-number service refused the request (${error.code}).` });
  }
  throw error;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return translate(error);
  }
}

export function createApp(options: ForwardingAppOptions) {
  const { service } = options;
  const api = createServiceApp({
    service: 'forwarding',
    version: options.version,
    title: 'Switchboard forwarding API',
    description:
      'Call forwarding: set, replace and remove forwards of Chime SDK phone numbers, read their audit trail. ' +
      `Toll-fraud guard rules: ${Object.values(guardRules).join(', ')}.`,
    verifier: options.verifier,
    access,
    publicPaths: options.publicPaths ?? [],
    ...(options.logger ? { logger: options.logger } : {}),
  });

  api.openapi(
    createRoute({
      method: 'get',
      path: '/numbers',
      summary: 'Phone numbers: all of the account (admin) or those assigned to me, with product type, SIP rule and forward',
      request: { query: paginationQuerySchema },
      responses: { 200: json(z.object({ items: z.array(numberSchema), nextToken: z.string().optional() }), 'A page of numbers'), ...errors },
    }),
    async (c) => {
      const { limit, nextToken } = c.req.valid('query');
      const page = await run(() => service.listNumbers(actorOf(c), { limit, ...(nextToken ? { nextToken } : {}) }));
      return c.json(page as never, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/numbers/{e164}',
      summary: 'One number with its forward and the state of its last product switch',
      request: { params: z.object({ e164: e164Param }) },
      responses: { 200: json(numberSchema, 'The number'), ...errors },
    }),
    async (c) => {
      const { e164 } = c.req.valid('param');
      const view = await run(() => service.getNumber(actorOf(c), e164));
      return c.json(view as never, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/numbers/{e164}/forward',
      summary: 'Set or replace the forward of a number (idempotent); routes the number to the SIP media application',
      request: {
        params: z.object({ e164: e164Param }),
        body: { required: true, content: { 'application/json': { schema: forwardSettingsSchema.openapi('ForwardSettings') } } },
      },
      responses: {
        200: json(
          z.object({ forward: forwardSchema, change: z.enum(['replaced', 'unchanged']), switch: switchSchema.nullable() }),
          'Replaced, or already set exactly so',
        ),
        201: json(z.object({ forward: forwardSchema, change: z.literal('set'), switch: switchSchema.nullable() }), 'Set'),
        ...errors,
      },
    }),
    async (c) => {
      const { e164 } = c.req.valid('param');
      const settings = c.req.valid('json');
      const result = await run(() => service.setForward(actorOf(c), e164, settings, c.get('requestId')));
      const body = { forward: result.forward, change: result.change, switch: summarise(result.switch) };
      return c.json(body as never, result.change === 'set' ? 201 : 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/numbers/{e164}/forward',
      summary: 'Remove the forward (idempotent); with voiceConnectorId, move the number back to that Voice Connector',
      request: {
        params: z.object({ e164: e164Param }),
        query: z.object({
          voiceConnectorId: z
            .string()
            .regex(/^[a-z0-9]{1,64}$/, 'a Voice Connector id')
            .optional()
            .openapi({ param: { name: 'voiceConnectorId', in: 'query' } }),
        }),
      },
      responses: {
        200: json(z.object({ removed: z.boolean(), switch: switchSchema.nullable() }), 'Removed (or there was nothing to remove)'),
        ...errors,
      },
    }),
    async (c) => {
      const { e164 } = c.req.valid('param');
      const { voiceConnectorId } = c.req.valid('query');
      const result = await run(() => service.removeForward(actorOf(c), e164, voiceConnectorId ? { voiceConnectorId } : {}, c.get('requestId')));
      return c.json({ removed: result.removed, switch: summarise(result.switch) } as never, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/numbers/{e164}/history',
      summary: 'The audit trail of a number, newest first: forward changes, assignments and every product-switch step',
      request: { params: z.object({ e164: e164Param }), query: paginationQuerySchema },
      responses: { 200: json(z.object({ items: z.array(historySchema), nextToken: z.string().optional() }), 'A page of history'), ...errors },
    }),
    async (c) => {
      const { e164 } = c.req.valid('param');
      const { limit, nextToken } = c.req.valid('query');
      const page = await run(() => service.history(actorOf(c), e164, { limit, ...(nextToken ? { cursor: nextToken } : {}) }));
      return c.json({ items: page.items, ...(page.cursor ? { nextToken: page.cursor } : {}) } as never, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/numbers/{e164}/owner',
      summary: 'Assign a number to a user (admin only)',
      request: {
        params: z.object({ e164: e164Param }),
        body: { required: true, content: { 'application/json': { schema: z.object({ owner: z.string().min(1).max(128) }).openapi('Assignment') } } },
      },
      responses: { 204: { description: 'Assigned' }, ...errors },
    }),
    async (c) => {
      const { e164 } = c.req.valid('param');
      const { owner } = c.req.valid('json');
      await run(() => service.assign(actorOf(c), e164, owner));
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/calls/summary',
      summary: 'Forwarded calls on one UTC day by outcome (admin, supervisor): counted from CallForwarded as calls end',
      request: {
        query: z.object({
          date: z
            .string()
            .regex(utcDayPattern, 'a UTC day as YYYY-MM-DD')
            .refine(
              (day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
              'a calendar date',
            )
            .optional()
            .openapi({ param: { name: 'date', in: 'query' }, description: 'UTC day (YYYY-MM-DD); default today', example: '2026-12-03' }),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              date: z.string(),
              total: z.number().int(),
              byOutcome: z.object(
                Object.fromEntries(forwardOutcomes.map((outcome) => [outcome, z.number().int()])) as Record<
                  (typeof forwardOutcomes)[number],
                  z.ZodNumber
                >,
              ),
            })
            .openapi('ForwardedCallSummary'),
          'Counts for the day; every outcome is present (0 when none)',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { date } = c.req.valid('query');
      const day = date ?? utcDay((options.clock ?? { now: () => new Date() }).now());
      return c.json(await forwardedCallSummary(options.callCounts, day), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/voice-connectors',
      summary: 'The account’s Voice Connectors (where a number goes back to when its forward is removed)',
      request: { query: paginationQuerySchema },
      responses: {
        200: json(
          z.object({
            items: z.array(z.object({ voiceConnectorId: z.string(), name: z.string(), awsRegion: z.string().optional() })),
            nextToken: z.string().optional(),
          }),
          'A page of Voice Connectors',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { limit, nextToken } = c.req.valid('query');
      const page = await run(() => service.voiceConnectors({ limit, ...(nextToken ? { nextToken } : {}) }));
      return c.json(page as never, 200);
    },
  );

  // CORS sits in front of the service app, so a preflight (which carries no token) is answered before auth runs.
  const app = new Hono<AppEnv>();
  const origins = new Set([options.pageOrigin, ...(options.corsOrigins ?? [])].map((origin) => new URL(origin).origin));
  app.use(
    '*',
    cors({
      origin: (origin) => (origins.has(origin) ? origin : null),
      allowMethods: ['GET', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  options.mount?.(app);
  app.route('/', api);
  return app;
}

function summarise(record: { id: string; status: string; target: unknown; error?: string } | null) {
  if (!record) return null;
  return { id: record.id, status: record.status, target: record.target, ...(record.error ? { error: record.error } : {}) };
}
