/**
 * The routing REST API (Hono + OpenAPI, bearer JWT on every path but /health and /openapi.json):
 * the routing table (departments) and what happened on a call. On the local stage it also carries the
 * call simulator (`POST /simulator/calls`).
 */
import { CALL_OUTCOMES, callOutcome } from '../domain/call-outcome.ts';
import {
  createRoute,
  createServiceApp,
  HttpProblem,
  openApiSchema,
  page,
  pageRequest,
  pageSchema,
  paginationQuerySchema,
  problemResponses,
  z,
  type AppEnv,
  type Principal,
} from '@switchboard/shared/http';
import { checkDestination, maskPhoneNumber } from '@switchboard/shared/phone';
import { hasAnyRole } from '@switchboard/shared/roles';
import { access } from './access.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CallSimulator } from '../adapters/local/call-simulator.ts';
import {
  departmentInputSchema,
  departmentNameSchema,
  departmentSchema,
  findDirectoryConflicts,
  OPERATOR_DEPARTMENT,
  type Department,
  type Destination,
} from '../domain/department.ts';
import { DepartmentExistsError, type CallLog, type DepartmentRepository } from '../domain/ports.ts';
import { simulatedCallRequestSchema, simulatedCallResponseSchema } from './simulator-schemas.ts';

export interface RoutingApiDeps {
  departments: DepartmentRepository;
  callLog: CallLog;
  verifier: Parameters<typeof createServiceApp>[0]['verifier'];
  version: string;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Called after every write (the local stage drops the SMA handler's cached table). */
  onDepartmentsChanged?: () => void;
  /** Only on the local stage: the PSTN audio stand-in behind `POST /simulator/calls`. */
  simulator?: CallSimulator;
  /** Countries a department's PSTN numbers may be in (the toll-fraud guard's allow-list). @default ['US'] */
  allowedCountries?: readonly string[];
}

// The domain schemas are zod/mini (the SMA Lambda parses them on its cold start); the kit's `openApiSchema`
// validates with them and documents them from their JSON Schema, so there is still one definition.
const departmentJson = openApiSchema(departmentSchema, { io: 'output', id: 'Department' });
const departmentInputJson = openApiSchema(departmentInputSchema, { io: 'input', id: 'DepartmentInput' });
const nameParams = z.object({ name: openApiSchema(departmentNameSchema, { io: 'input' }) });

const callEventSchema = z
  .object({ detailType: z.string(), occurredAt: z.string(), eventId: z.string(), data: z.record(z.string(), z.unknown()) })
  .openapi('CallEvent');
const callSchema = z
  .object({
    callId: z.string(),
    /** How the call ended, from its final state: where it went, or why it did not. */
    outcome: z.string(),
    outcomeKind: z.enum(CALL_OUTCOMES),
    events: z.array(callEventSchema),
  })
  .openapi('Call');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const listDepartments = createRoute({
  method: 'get',
  path: '/departments',
  summary: 'The routing table',
  responses: { 200: json(z.object({ items: z.array(departmentJson) }), 'Every department, by name'), ...problemResponses(401, 403) },
});
const getDepartment = createRoute({
  method: 'get',
  path: '/departments/{name}',
  summary: 'One department',
  request: { params: nameParams },
  responses: { 200: json(departmentJson, 'The department'), ...problemResponses(401, 403, 404, 422) },
});
const createDepartment = createRoute({
  method: 'post',
  path: '/departments',
  summary: 'Add a department',
  request: { body: { required: true, content: { 'application/json': { schema: departmentInputJson } } } },
  responses: { 201: json(departmentJson, 'Created'), ...problemResponses(400, 401, 403, 409, 422) },
});
const replaceDepartment = createRoute({
  method: 'put',
  path: '/departments/{name}',
  summary: 'Replace a department (the name in the body must match the path)',
  request: { params: nameParams, body: { required: true, content: { 'application/json': { schema: departmentInputJson } } } },
  responses: { 200: json(departmentJson, 'Replaced'), ...problemResponses(400, 401, 403, 404, 409, 422) },
});
const deleteDepartment = createRoute({
  method: 'delete',
  path: '/departments/{name}',
  summary: 'Remove a department',
  request: { params: nameParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 409, 422) },
});
const reportExpectedWait = createRoute({
  method: 'put',
  path: '/departments/{name}/expected-wait',
  summary: "Report a department's current expected wait (the PBX or a workforce tool calls this)",
  request: {
    params: nameParams,
    body: { required: true, content: { 'application/json': { schema: z.object({ seconds: z.number().int().min(0).max(86_400) }) } } },
  },
  responses: { 200: json(departmentJson, 'Updated'), ...problemResponses(400, 401, 403, 404, 422) },
});
const getCall = createRoute({
  method: 'get',
  path: '/calls/{callId}',
  summary: 'What happened on a call, from the events routing emitted about it',
  request: {
    params: z.object({
      callId: z
        .string()
        .min(1)
        .max(128)
        .openapi({ param: { name: 'callId', in: 'path' } }),
    }),
  },
  responses: {
    200: json(callSchema, 'The call (phone numbers masked unless the caller is an admin or supervisor)'),
    ...problemResponses(401, 403, 404),
  },
});
/** Who sees callers' numbers unmasked; everyone else reads `+1415***0123`. */
export const FULL_NUMBER_GROUPS = ['admin', 'supervisor'] as const;
const MAX_LIST_DAYS = 31;

const callSummarySchema = z
  .object({
    callId: z.string(),
    startedAt: z.string(),
    department: z.string().optional(),
    outcome: z.enum(CALL_OUTCOMES),
    outcomeText: z.string(),
    callerNumber: z.string().optional().openapi({ description: 'Masked unless the caller may see numbers (admin, supervisor).' }),
  })
  .openapi('CallSummary');
const isoInstant = z.string().datetime({ offset: true });
const listCalls = createRoute({
  method: 'get',
  path: '/calls',
  summary: `Calls routing handled, newest first: a time range (at most ${MAX_LIST_DAYS} days; default the last 24 hours), department and outcome filters`,
  request: {
    query: paginationQuerySchema.extend({
      from: isoInstant.optional().openapi({ param: { name: 'from', in: 'query' }, example: '2026-03-01T00:00:00Z' }),
      to: isoInstant.optional().openapi({ param: { name: 'to', in: 'query' }, example: '2026-03-02T00:00:00Z' }),
      department: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .openapi({ param: { name: 'department', in: 'query' } }),
      outcome: z
        .enum(CALL_OUTCOMES)
        .optional()
        .openapi({ param: { name: 'outcome', in: 'query' } }),
    }),
  },
  responses: { 200: json(pageSchema(callSummarySchema), 'A page of calls'), ...problemResponses(401, 403, 422) },
});

/** The summary pages through the call log; past this many calls it says so instead of counting on. */
export const MAX_SUMMARY_CALLS = 5_000;
const callsSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    total: z.number().int(),
    byOutcome: z.record(z.enum(CALL_OUTCOMES), z.number().int()),
    complete: z.boolean().openapi({ description: `false when the range holds more than ${MAX_SUMMARY_CALLS} calls: the counts stop there.` }),
  })
  .openapi('CallsSummary');
const callsSummary = createRoute({
  method: 'get',
  path: '/calls/summary',
  summary: 'How many calls routing handled in a time range (default: today, UTC), by outcome — counts only, no caller data',
  request: {
    query: z.object({
      from: isoInstant.optional().openapi({ param: { name: 'from', in: 'query' }, example: '2026-03-01T00:00:00Z' }),
      to: isoInstant.optional().openapi({ param: { name: 'to', in: 'query' }, example: '2026-03-02T00:00:00Z' }),
    }),
  },
  responses: { 200: json(callsSummarySchema, 'The counts'), ...problemResponses(401, 403, 422) },
});

const E164_ANYWHERE = /\+[1-9]\d{6,14}/g;
/** Every phone number in a value, masked (call-log data holds caller, called and PSTN destination numbers). */
function maskNumbersDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(E164_ANYWHERE, (number) => maskPhoneNumber(number));
  if (Array.isArray(value)) return value.map(maskNumbersDeep);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, maskNumbersDeep(child)]));
  return value;
}
const seesNumbers = (principal: Principal | undefined) => hasAnyRole(principal, FULL_NUMBER_GROUPS);

const simulateCall = createRoute({
  method: 'post',
  path: '/simulator/calls',
  summary: 'Local stage only: place a simulated call on the SIP media application',
  request: { body: { required: true, content: { 'application/json': { schema: simulatedCallRequestSchema } } } },
  responses: { 200: json(simulatedCallResponseSchema, 'The call transcript'), ...problemResponses(400, 422) },
});

/** E.164 shape is checked by the schema; here: is it a number that can exist (libphonenumber metadata)? */
/**
 * Every PSTN number of a department passes the platform's toll-fraud guard before it is stored: a routing
 * editor pointing a department at `+1 900 555 1234` gets a 422 naming the field, not a bridge to a premium line.
 */
function checkDialable(input: z.output<typeof departmentInputSchema>, allowedCountries: readonly string[]): void {
  const numbers: [string, Destination | undefined][] = [
    ['destination', input.destination],
    ['afterHoursDestination', input.afterHoursDestination],
    ['overflowDestination', input.overflowDestination],
  ];
  const issues = numbers.flatMap(([path, destination]) => {
    if (destination?.type !== 'pstn') return [];
    const check = checkDestination(destination.number, { allowedCountries, purpose: 'call' });
    return check.ok ? [] : [{ path: `body.${path}.number`, message: check.message, code: check.code }];
  });
  if (issues.length > 0) {
    throw new HttpProblem(422, 'Destination not allowed', {
      detail: `A destination number cannot be dialled: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`,
      issues,
    });
  }
}

export function createApp(deps: RoutingApiDeps): OpenAPIHono<AppEnv> {
  const clock = deps.clock ?? (() => new Date());
  const allowedCountries = deps.allowedCountries ?? ['US'];
  const app = createServiceApp({
    service: 'routing',
    version: deps.version,
    title: 'Switchboard routing API',
    description: 'Smart IVR call routing: the departments a caller can ask for, and what happened on each call.',
    verifier: deps.verifier,
    access,
  });

  async function save(input: z.output<typeof departmentInputSchema>, mode: 'create' | 'replace'): Promise<Department> {
    checkDialable(input, allowedCountries);
    const others = await deps.departments.list();
    if (mode === 'replace' && !others.some((d) => d.name === input.name)) {
      throw new HttpProblem(404, 'Not Found', { detail: `No department named ${input.name}.` });
    }
    if (mode === 'create' && others.some((d) => d.name === input.name)) {
      throw new HttpProblem(409, 'Conflict', { detail: `A department named ${input.name} already exists.` });
    }
    const conflicts = findDirectoryConflicts(input, others);
    if (conflicts.length > 0) {
      throw new HttpProblem(409, 'Conflict', {
        detail: conflicts.map((c) => `${c.field} "${c.value}" already belongs to ${c.takenBy}`).join('; '),
        conflicts,
      });
    }
    const department = departmentSchema.parse({ ...input, updatedAt: clock().toISOString() });
    try {
      await deps.departments.put(department, { mustNotExist: mode === 'create' });
    } catch (error) {
      if (error instanceof DepartmentExistsError) {
        throw new HttpProblem(409, 'Conflict', { detail: `A department named ${input.name} already exists.` });
      }
      throw error;
    }
    deps.onDepartmentsChanged?.();
    return department;
  }

  app.openapi(listDepartments, async (c) => c.json({ items: await deps.departments.list() }, 200));

  app.openapi(getDepartment, async (c) => {
    const department = await deps.departments.get(c.req.valid('param').name);
    if (department === undefined) throw new HttpProblem(404, 'Not Found', { detail: `No department named ${c.req.valid('param').name}.` });
    return c.json(department, 200);
  });

  app.openapi(createDepartment, async (c) => {
    const department = await save(c.req.valid('json'), 'create');
    c.header('location', `/departments/${encodeURIComponent(department.name)}`);
    return c.json(department, 201);
  });

  app.openapi(replaceDepartment, async (c) => {
    const input = c.req.valid('json');
    const name = c.req.valid('param').name;
    if (input.name !== name) {
      throw new HttpProblem(422, 'Unprocessable Content', {
        detail: `The body names ${input.name} but the path names ${name}; rename by creating the new name and deleting the old.`,
        issues: [{ path: 'body.name', message: `must be ${name}`, code: 'custom' }],
      });
    }
    return c.json(await save(input, 'replace'), 200);
  });

  app.openapi(deleteDepartment, async (c) => {
    const name = c.req.valid('param').name;
    if (name === OPERATOR_DEPARTMENT) {
      // Callers nobody can place, a closed department without after-hours line and every failed bridge end
      // at the operator: without this entry they would reach only the configured fallback, or an apology.
      throw new HttpProblem(409, 'Conflict', {
        detail: `The ${OPERATOR_DEPARTMENT} department is the fallback for unrecognised and failed calls and cannot be deleted; replace it (PUT) to change where it rings.`,
      });
    }
    if (!(await deps.departments.delete(name))) throw new HttpProblem(404, 'Not Found', { detail: `No department named ${name}.` });
    deps.onDepartmentsChanged?.();
    return c.body(null, 204);
  });

  app.openapi(reportExpectedWait, async (c) => {
    const name = c.req.valid('param').name;
    const current = await deps.departments.get(name);
    if (current === undefined) throw new HttpProblem(404, 'Not Found', { detail: `No department named ${name}.` });
    const updated = departmentSchema.parse({ ...current, expectedWaitSeconds: c.req.valid('json').seconds, updatedAt: clock().toISOString() });
    await deps.departments.put(updated);
    deps.onDepartmentsChanged?.();
    return c.json(updated, 200);
  });

  const invalid = (path: string, message: string) =>
    new HttpProblem(422, 'Unprocessable Content', { detail: message, issues: [{ path: `query.${path}`, message, code: 'custom' }] });
  function checkRange(from: Date, to: Date): void {
    if (from > to) throw invalid('from', 'from is after to');
    if (to.getTime() - from.getTime() > MAX_LIST_DAYS * 24 * 3600 * 1000) throw invalid('from', `the range is at most ${MAX_LIST_DAYS} days`);
    if (!deps.callLog.listCalls) throw new HttpProblem(501, 'Not Implemented', { detail: 'This call log cannot list calls.' });
  }

  // Before GET /calls/{callId}, so "summary" is never taken for a call id.
  app.openapi(callsSummary, async (c) => {
    const query = c.req.valid('query');
    const now = clock();
    const from = query.from ? new Date(query.from) : new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
    const to = query.to ? new Date(query.to) : now;
    checkRange(from, to);
    const byOutcome = Object.fromEntries(CALL_OUTCOMES.map((outcome) => [outcome, 0])) as Record<(typeof CALL_OUTCOMES)[number], number>;
    let total = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const result = await deps.callLog.listCalls!({ from: from.toISOString(), to: to.toISOString(), limit: 100, cursor });
      for (const item of result.items.slice(0, MAX_SUMMARY_CALLS - total)) byOutcome[item.outcome] += 1;
      total = Math.min(MAX_SUMMARY_CALLS, total + result.items.length);
      cursor = result.cursor;
    } while (cursor && total < MAX_SUMMARY_CALLS);
    return c.json({ from: from.toISOString(), to: to.toISOString(), total, byOutcome, complete: cursor === undefined }, 200);
  });

  app.openapi(listCalls, async (c) => {
    const principal = c.get('principal') as Principal;
    const query = c.req.valid('query');
    const to = query.to ? new Date(query.to) : clock();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3600 * 1000);
    checkRange(from, to);
    const request = pageRequest(query);
    const result = await deps.callLog.listCalls!({
      from: from.toISOString(),
      to: to.toISOString(),
      department: query.department,
      outcome: query.outcome,
      limit: request.limit,
      cursor: request.exclusiveStartKey,
    });
    const full = seesNumbers(principal);
    const items = result.items.map((item) => ({
      callId: item.callId,
      startedAt: item.startedAt,
      ...(item.department ? { department: item.department } : {}),
      outcome: item.outcome,
      outcomeText: full ? item.outcomeText : (maskNumbersDeep(item.outcomeText) as string),
      ...(item.callerNumber ? { callerNumber: full ? item.callerNumber : maskPhoneNumber(item.callerNumber) } : {}),
    }));
    return c.json(page(items, result.cursor), 200);
  });

  app.openapi(getCall, async (c) => {
    const principal = c.get('principal') as Principal;
    const callId = c.req.valid('param').callId;
    const events = await deps.callLog.list(callId);
    if (events.length === 0) throw new HttpProblem(404, 'Not Found', { detail: `No routing events for call ${callId}.` });
    const outcome = callOutcome(events);
    const body = {
      callId,
      outcome: outcome.text,
      outcomeKind: outcome.kind,
      events: events.map(({ detailType, occurredAt, eventId, data }) => ({ detailType, occurredAt, eventId, data })),
    };
    return c.json(seesNumbers(principal) ? body : (maskNumbersDeep(body) as typeof body), 200);
  });

  if (deps.simulator) {
    const simulator = deps.simulator;
    app.openapi(simulateCall, async (c) => {
      const body = c.req.valid('json');
      const call = await simulator.place(body);
      return c.json(call, 200);
    });
  }

  return app;
}
