/**
 * The routing service on a real local stage (dynalite, local bus, local issuer, HTTP on loopback):
 * the API with tokens and validation, the call simulator, and the call log fed by the bus.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startLocalStage, type LocalStageHandle } from '@switchboard/shared/local';
import { register } from '../src/local.ts';

let stage: LocalStageHandle;
let dataDir: string;
let base: string;

async function api(method: string, route: string, body?: unknown, token: string | null = stage.token) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Record<string, any>) : undefined,
  };
}

test.before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'routing-local-'));
  stage = await startLocalStage({
    dataDir,
    ports: { base: 0 },
    services: [{ name: 'routing', register }],
    persist: false,
    log: () => undefined,
    logLevel: 'SILENT',
  });
  assert.equal(stage.failures, []);
  base = stage.urls.routing!;
});

test.after(async () => {
  await stage?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('the table is seeded with the four sample departments and the operator', async () => {
  const { status, body } = await api('GET', '/departments');
  assert.is(status, 200);
  assert.equal(
    body!.items.map((d: { name: string }) => d.name),
    ['art', 'history', 'math', 'operator', 'science'],
  );
});

test('a simulated call that says "history" ends in a CallAndBridge to 600300 with X-LexInfo: history', async () => {
  const { status, body } = await api('POST', '/simulator/calls', { from: '+14155550123', to: '+18005550100', say: 'history' });
  assert.is(status, 200);
  const bridge = body!.transcript
    .flatMap((e: { actions: { Type: string; Parameters: any }[] }) => e.actions)
    .find((a: { Type: string }) => a.Type === 'CallAndBridge');
  assert.equal(bridge.Parameters.Endpoints, [
    { BridgeEndpointType: 'AWS', Arn: 'arn:aws:chime:us-east-1:000000000000:vc/localasterisk', Uri: '600300' },
  ]);
  assert.is(bridge.Parameters.SipHeaders['X-LexInfo'], 'history');
  assert.is(body!.outcome.kind, 'bridged');
  assert.equal(
    body!.transcript.map((e: { event: { type: string; action?: string } }) => `${e.event.type}${e.event.action ? `/${e.event.action}` : ''}`),
    ['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL/StartBotConversation', 'ACTION_SUCCESSFUL/CallAndBridge', 'HANGUP/Hangup', 'HANGUP/Hangup'],
  );

  // The call log is fed asynchronously by the bus: GET /calls/{callId} shows what routing emitted.
  await stage.bus.drain();
  const call = await api('GET', `/calls/${body!.callId}`);
  assert.is(call.status, 200);
  assert.is(call.body!.outcome, 'routed to history (voiceConnector 600300, open)');
  assert.equal(
    call.body!.events.map((e: { detailType: string }) => e.detailType),
    ['CallRouted'],
  );
  assert.is((await api('GET', '/calls/no-such-call')).status, 404);
});

test('the API requires a token', async () => {
  const anonymous = await api('GET', '/departments', undefined, null);
  assert.is(anonymous.status, 401);
  assert.ok(anonymous.type.startsWith('application/problem+json'));
  assert.is((await api('GET', '/departments', undefined, 'not.a.token')).status, 401);
  assert.is((await api('POST', '/simulator/calls', { from: '+14155550123', to: '+18005550100' }, null)).status, 401);
  assert.is((await api('GET', '/health', undefined, null)).status, 200);
});

test('create, read, replace and delete a department; the new one is routable at once', async () => {
  const geography = { name: 'Geography', synonyms: ['maps'], dtmfKey: '5', destination: { type: 'pstn', number: '+14155550142' } };
  const created = await api('POST', '/departments', geography);
  assert.is(created.status, 201, JSON.stringify(created.body));
  assert.is(created.body!.name, 'geography');
  const routed = await api('POST', '/simulator/calls', { from: '+14155550123', to: '+18005550100', say: 'maps' });
  assert.equal(routed.body!.outcome.endpoint, { type: 'PSTN', uri: '+14155550142' });
  const replaced = await api('PUT', '/departments/geography', { ...geography, name: 'geography', dtmfKey: '6' });
  assert.is(replaced.status, 200);
  assert.is((await api('GET', '/departments/geography')).body!.dtmfKey, '6');
  assert.is((await api('DELETE', '/departments/geography')).status, 204);
  assert.is((await api('GET', '/departments/geography')).status, 404);
  assert.is((await api('DELETE', '/departments/geography')).status, 404);
});

test('bad input is rejected with clear problems', async () => {
  const badNumber = await api('POST', '/departments', { name: 'x', destination: { type: 'pstn', number: '555-0100' } });
  assert.is(badNumber.status, 422);
  assert.equal(
    badNumber.body!.issues.map((i: { path: string }) => i.path),
    ['body.destination.number'],
  );
  const unassigned = await api('POST', '/departments', { name: 'x', destination: { type: 'pstn', number: '+10005550100' } });
  assert.is(unassigned.status, 422, 'a well-formed but impossible number');
  const badZone = await api('POST', '/departments', {
    name: 'x',
    destination: { type: 'operator' },
    businessHours: { timeZone: 'Europe/Atlantis', weekly: {} },
  });
  assert.is(badZone.status, 422);
  assert.equal(
    badZone.body!.issues.map((i: { path: string }) => i.path),
    ['body.businessHours.timeZone'],
  );
  const badExtension = await api('POST', '/departments', { name: 'x', destination: { type: 'voiceConnector', extension: '6003a' } });
  assert.is(badExtension.status, 422);
  const duplicate = await api('POST', '/departments', { name: 'history', destination: { type: 'operator' } });
  assert.is(duplicate.status, 409);
  const synonymTaken = await api('POST', '/departments', { name: 'numbers', synonyms: ['maths'], dtmfKey: '3', destination: { type: 'operator' } });
  assert.is(synonymTaken.status, 409);
  assert.equal(synonymTaken.body!.conflicts, [
    { field: 'synonyms', value: 'maths', takenBy: 'math' },
    { field: 'dtmfKey', value: '3', takenBy: 'history' },
  ]);
  const malformed = await api('POST', '/departments', '{"name":');
  assert.is(malformed.status, 400);
  const mismatch = await api('PUT', '/departments/history', { name: 'art', destination: { type: 'operator' } });
  assert.is(mismatch.status, 422);
  const badSimulation = await api('POST', '/simulator/calls', { from: '12345', to: '+18005550100' });
  assert.is(badSimulation.status, 422);
});

test('the OpenAPI document lists the routes', async () => {
  const { status, body } = await api('GET', '/openapi.json', undefined, null);
  assert.is(status, 200);
  for (const route of ['/departments', '/departments/{name}', '/calls/{callId}', '/simulator/calls']) assert.ok(body!.paths[route], route);
  // The department schemas are zod/mini; the document still describes them field by field.
  const { Department, DepartmentInput } = body!.components.schemas;
  assert.equal(DepartmentInput.required, ['name', 'destination']);
  assert.ok(Department.required.includes('updatedAt'));
  assert.is(DepartmentInput.properties.destination.oneOf.length, 3);
  assert.is(DepartmentInput.properties.dtmfKey.pattern, '^[0-9*#]$');
});

test.run();
