/**
 * The routing REST API (Hono + OpenAPI, bearer JWT on every path but /health and /openapi.json):
 * the routing table (departments) and what happened on a call. On the local stage it also carries the
 * call simulator (`POST /simulator/calls`).
 */
import { createRoute, createServiceApp, HttpProblem, openApiSchema, problemResponses, requireGroup, z, type AppEnv } from '@switchboard/shared/http';
import { isValidE164 } from '@switchboard/shared/phone';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CallSimulator } from '../adapters/local/call-simulator.ts';
import {
  departmentInputSchema,
  departmentNameSchema,
  departmentSchema,
  findDirectoryConflicts,
  type Department,
  type Destination,
} from '../domain/department.ts';
import { DepartmentExistsError, type CallLog, type DepartmentRepository } from '../domain/ports.ts';
import { simulatedCallRequestSchema, simulatedCallResponseSchema } from './simulator-schemas.ts';

/** Who may change the routing table (a change reroutes live calls); anyone signed in may read it. */
export const ROUTING_EDITOR_GROUPS = ['admin', 'routing-editors'] as const;

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
    /** The last routing fact: where the call went, or how it ended. */
    outcome: z.string(),
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
  responses: { 200: json(z.object({ items: z.array(departmentJson) }), 'Every department, by name'), ...problemResponses(401) },
});
const getDepartment = createRoute({
  method: 'get',
  path: '/departments/{name}',
  summary: 'One department',
  request: { params: nameParams },
  responses: { 200: json(departmentJson, 'The department'), ...problemResponses(401, 404, 422) },
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
  responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 422) },
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
  request: { params: z.object({ callId: z.string().min(1).max(128).openapi({ param: { name: 'callId', in: 'path' } }) }) },
  responses: { 200: json(callSchema, 'The call'), ...problemResponses(401, 404) },
});
const simulateCall = createRoute({
  method: 'post',
  path: '/simulator/calls',
  summary: 'Local stage only: place a simulated call on the SIP media application',
  request: { body: { required: true, content: { 'application/json': { schema: simulatedCallRequestSchema } } } },
  responses: { 200: json(simulatedCallResponseSchema, 'The call transcript'), ...problemResponses(400, 422) },
});

/** E.164 shape is checked by the schema; here: is it a number that can exist (libphonenumber metadata)? */
function checkDialable(input: z.output<typeof departmentInputSchema>): void {
  const numbers: [string, Destination | undefined][] = [
    ['destination', input.destination],
    ['afterHoursDestination', input.afterHoursDestination],
    ['overflowDestination', input.overflowDestination],
  ];
  const issues = numbers
    .filter(([, d]) => d?.type === 'pstn' && !isValidE164(d.number))
    .map(([path]) => ({ path: `body.${path}.number`, message: 'is not a valid phone number for its country', code: 'custom' }));
  if (issues.length > 0) {
    throw new HttpProblem(422, 'Unprocessable Content', { detail: 'A destination number cannot be dialled.', issues });
  }
}

function describeOutcome(events: { detailType: string; data: Record<string, unknown> }[]): string {
  const last = events[events.length - 1];
  if (last === undefined) return 'unknown';
  if (last.detailType === 'CallRouted') {
    const destination = last.data.destination as { kind: string; target: string };
    return `routed to ${String(last.data.department)} (${destination.kind} ${destination.target}, ${String(last.data.reason)})`;
  }
  if (last.detailType === 'SmsDeflectionRequested') return `deflected to SMS (${String(last.data.department ?? 'no department')})`;
  return `${String(last.data.outcome)} after ${String(last.data.stage)} failure: ${String(last.data.reason)}`;
}

export function createApp(deps: RoutingApiDeps): OpenAPIHono<AppEnv> {
  const clock = deps.clock ?? (() => new Date());
  const app = createServiceApp({
    service: 'routing',
    version: deps.version,
    title: 'Switchboard routing API',
    description: 'Smart IVR call routing: the departments a caller can ask for, and what happened on each call.',
    verifier: deps.verifier,
  });

  async function save(input: z.output<typeof departmentInputSchema>, mode: 'create' | 'replace'): Promise<Department> {
    checkDialable(input);
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
    requireGroup(c, ROUTING_EDITOR_GROUPS);
    const department = await save(c.req.valid('json'), 'create');
    c.header('location', `/departments/${encodeURIComponent(department.name)}`);
    return c.json(department, 201);
  });

  app.openapi(replaceDepartment, async (c) => {
    requireGroup(c, ROUTING_EDITOR_GROUPS);
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
    requireGroup(c, ROUTING_EDITOR_GROUPS);
    const name = c.req.valid('param').name;
    if (!(await deps.departments.delete(name))) throw new HttpProblem(404, 'Not Found', { detail: `No department named ${name}.` });
    deps.onDepartmentsChanged?.();
    return c.body(null, 204);
  });

  app.openapi(reportExpectedWait, async (c) => {
    requireGroup(c, ROUTING_EDITOR_GROUPS);
    const name = c.req.valid('param').name;
    const current = await deps.departments.get(name);
    if (current === undefined) throw new HttpProblem(404, 'Not Found', { detail: `No department named ${name}.` });
    const updated = departmentSchema.parse({ ...current, expectedWaitSeconds: c.req.valid('json').seconds, updatedAt: clock().toISOString() });
    await deps.departments.put(updated);
    deps.onDepartmentsChanged?.();
    return c.json(updated, 200);
  });

  app.openapi(getCall, async (c) => {
    const callId = c.req.valid('param').callId;
    const events = await deps.callLog.list(callId);
    if (events.length === 0) throw new HttpProblem(404, 'Not Found', { detail: `No routing events for call ${callId}.` });
    return c.json(
      {
        callId,
        outcome: describeOutcome(events),
        events: events.map(({ detailType, occurredAt, eventId, data }) => ({ detailType, occurredAt, eventId, data })),
      },
      200,
    );
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
