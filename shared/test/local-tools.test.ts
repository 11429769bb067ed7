/** The console's local tools on the stage server: admin only, local only, contract-checked puts, replay, outbox. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalBus } from '../src/bus/index.ts';
import { allContracts, CalloutRequested } from '../src/contracts/index.ts';
import { createLocalIssuer } from '../src/http/index.ts';
import { createLocalObjectStore } from '../src/local/object-store.ts';
import { createLocalTools } from '../src/local/tools.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'switchboard-tools-'));
const issuer = await createLocalIssuer();
const bus = new LocalBus();
const objects = createLocalObjectStore({ root, baseUrl: 'http://127.0.0.1:1' });
const make = (stage = 'local') =>
  createLocalTools({
    stage,
    verifier: () => issuer.verifier,
    bus: () => bus,
    contracts: allContracts,
    objects: () => objects,
    objectsRoot: root,
    dataDir: root,
    mqttUrl: () => 'mqtt://127.0.0.1:1',
  });
const tools = make();
const admin = `Bearer ${await issuer.issueToken({ sub: 'a', username: 'admin', groups: ['admin'] })}`;
const agent = `Bearer ${await issuer.issueToken({ sub: 'b', username: 'agent', groups: ['agent'] })}`;

const call = (tool: ReturnType<typeof make>, method: string, url: string, authorization?: string, body?: unknown) =>
  tool.app.request(url, {
    method,
    headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const validCallout = {
  requestId: 'tools-test-1',
  purpose: 'notification',
  requestedBy: 'tools-test',
  greeting: 'Hello',
  ending: 'Goodbye',
  questions: [{ type: 'OK', template: 'Press 1' }],
  receivers: [{ receiverId: 'r1', phoneNumber: '+14155550123' }],
};

test('no token: 401; a role other than admin: 403; any stage but local: 404', async () => {
  assert.is((await call(tools, 'GET', '/events')).status, 401);
  assert.is((await call(tools, 'GET', '/events', agent)).status, 403);
  assert.is((await call(make('dev'), 'GET', '/events', admin)).status, 404);
  assert.is((await call(tools, 'GET', '/events', admin)).status, 200);
});

test('an event that breaks its contract is refused with an issue per field, and nothing is put', async () => {
  const before = bus.history.length;
  const response = await call(tools, 'POST', '/events', admin, {
    detailType: 'CalloutRequested',
    data: { ...validCallout, receivers: [{ receiverId: 'r1', phoneNumber: '555' }] },
  });
  assert.is(response.status, 422);
  const problem = (await response.json()) as { issues: { path: string; message: string }[] };
  assert.ok(
    problem.issues.some((issue) => issue.path === 'body.data.receivers.0.phoneNumber'),
    JSON.stringify(problem.issues),
  );
  assert.is(bus.history.length, before);
  const unknown = (await (await call(tools, 'POST', '/events', admin, { detailType: 'NoSuchThing', data: {} })).json()) as {
    issues: { path: string }[];
  };
  assert.is(unknown.issues[0]!.path, 'body.detailType');
});

test('a valid event is put with its contract source; the log lists it; replay puts it again with a new id', async () => {
  const delivered: string[] = [];
  bus.subscribe(CalloutRequested.pattern, (event) => void delivered.push(event.id));
  const response = await call(tools, 'POST', '/events', admin, { detailType: 'CalloutRequested', correlationId: 'corr-1', data: validCallout });
  assert.is(response.status, 201);
  const event = (await response.json()) as { id: string; source: string };
  assert.is(event.source, 'switchboard.callouts');
  const log = (await (await call(tools, 'GET', '/events', admin)).json()) as { items: { id: string }[] };
  assert.is(log.items[0]!.id, event.id, 'newest first');
  const replay = (await (await call(tools, 'POST', `/events/${event.id}/replay`, admin)).json()) as {
    id: string;
    detail: { metadata: { correlationId: string } };
  };
  assert.is.not(replay.id, event.id);
  assert.is(replay.detail.metadata.correlationId, 'corr-1');
  await bus.drain();
  assert.equal(delivered, [event.id, replay.id]);
  assert.is((await call(tools, 'POST', '/events/nope/replay', admin)).status, 404);
});

test('the outbox lists the messages of every *-outbox bucket, newest first, with their headers', async () => {
  await objects.put('iot-triage-outbox', '2026-01-01/t1.eml', 'To: ops@example.com\nSubject: Ticket T1\n\nThe body\n', {
    contentType: 'message/rfc822',
  });
  await objects.put('other-bucket', 'x', 'not mail');
  // iot-triage writes its .eml files straight into <dataDir>/iot-triage-outbox (here the same folder).
  await mkdir(path.join(root, 'folder-outbox', '2026-01-02'), { recursive: true });
  await writeFile(path.join(root, 'folder-outbox', '2026-01-02', 't2.eml'), 'To: b@example.com\nSubject: Ticket T2\n\nBody 2\n');
  const outbox = (await (await call(tools, 'GET', '/outbox', admin)).json()) as {
    buckets: string[];
    items: { to: string; subject: string; body: string }[];
  };
  assert.equal(outbox.buckets.sort(), ['folder-outbox', 'iot-triage-outbox']);
  assert.ok(outbox.items.some((item) => item.subject === 'Ticket T2' && item.to === 'b@example.com'));
  const t1 = outbox.items.find((item) => item.subject === 'Ticket T1')!;
  assert.is(t1.to, 'ops@example.com');
  assert.match(t1.body, /The body/);
});

test.after(async () => {
  await tools.close();
  await rm(root, { recursive: true, force: true });
});

test.run();
