/**
 * openApiSchema: a zod/mini schema in an OpenAPI route validates exactly as it would on its own (issues, paths,
 * transforms, defaults) and is documented from its own JSON Schema.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as zm from 'zod/mini';
import { createLocalIssuer, createRoute, createServiceApp, openApiSchema, problemResponses, z } from '../src/http/index.ts';
import { createLogger } from '../src/logging/index.ts';

const issuer = await createLocalIssuer();
const token = await issuer.issueToken({ sub: 'user-1', username: 'alice', groups: [] });

const slug = zm.string().check(zm.trim(), zm.toLowerCase(), zm.minLength(1), zm.regex(/^[a-z]+$/, 'letters only'));
const room = zm
  .object({
    name: slug,
    seats: zm.int().check(zm.minimum(1), zm.maximum(40)),
    tags: zm._default(zm.array(slug).check(zm.maxLength(3)), () => []),
  })
  .check(
    zm.superRefine((value, context) => {
      if (value.tags.includes(value.name)) context.addIssue({ code: 'custom', path: ['tags'], message: 'must not repeat the name' });
    }),
  );

const app = createServiceApp({
  service: 'kit-test',
  version: '0.0.0',
  title: 'Kit test',
  verifier: issuer.verifier,
  logger: createLogger({ service: 'kit-test', level: 'SILENT' }),
});
app.openapi(
  createRoute({
    method: 'put',
    path: '/buildings/{building}/rooms',
    request: {
      params: z.object({ building: openApiSchema(slug, { io: 'input' }) }),
      body: { required: true, content: { 'application/json': { schema: openApiSchema(room, { io: 'input', id: 'RoomInput' }) } } },
    },
    responses: {
      200: {
        description: 'Saved',
        content: { 'application/json': { schema: z.object({ building: z.string(), room: openApiSchema(room, { io: 'output', id: 'Room' }) }) } },
      },
      ...problemResponses(400, 401, 422),
    },
  }),
  (c) => c.json({ building: c.req.valid('param').building, room: c.req.valid('json') }, 200),
);

const put = (building: string, body: unknown) =>
  app.request(`/buildings/${building}/rooms`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('a valid request reaches the handler parsed by the core schema: checks, transforms and defaults applied', async () => {
  const res = await put('North', { name: ' Lab ', seats: 12 });
  assert.is(res.status, 200);
  assert.equal(await res.json(), { building: 'north', room: { name: 'lab', seats: 12, tags: [] } });
});

test('each failed check is a 422 issue with its full path and the schema message, refinements included', async () => {
  const res = await put('north', { name: 'lab', seats: 0, tags: ['a', 'lab', 'b', 'c'] });
  assert.is(res.status, 422);
  assert.equal(((await res.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort(), ['body.seats', 'body.tags']);

  // Parameters are validated before the body, as for classic schemas.
  const param = await put('n0rth', { name: 'lab', seats: 3 });
  assert.is(param.status, 422);
  const [issue] = ((await param.json()) as { issues: { path: string; message: string }[] }).issues;
  assert.is(issue?.path, 'params.building');
  assert.is(issue?.message, 'letters only');

  const refined = await put('north', { name: 'lab', seats: 3, tags: ['lab'] });
  assert.is(refined.status, 422);
  assert.equal(((await refined.json()) as { issues: unknown[] }).issues, [
    { path: 'body.tags', message: 'must not repeat the name', code: 'custom' },
  ]);
});

test('the OpenAPI document carries the JSON Schema of each side, as named components', async () => {
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, { put: { parameters: { name: string; schema: Record<string, unknown> }[] } }>;
    components: { schemas: Record<string, { required?: string[]; properties: Record<string, Record<string, unknown>> }> };
  };
  const input = doc.components.schemas['RoomInput']!;
  const output = doc.components.schemas['Room']!;
  assert.equal(input.required, ['name', 'seats'], 'a default makes a field optional in a request');
  assert.equal(output.required, ['name', 'seats', 'tags'], 'and present in a response');
  assert.is(input.properties['seats']!['maximum'], 40);
  assert.is(input.properties['tags']!['maxItems'], 3);
  assert.not.ok('$schema' in input, 'no JSON Schema dialect inside an OpenAPI component');
  const parameter = doc.paths['/buildings/{building}/rooms']!.put.parameters.find((p) => p.name === 'building');
  assert.is(parameter?.schema['pattern'], '^[a-z]+$');
});

test.run();
