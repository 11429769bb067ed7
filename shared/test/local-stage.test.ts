/**
 * The local stage's platform pieces over real sockets: ports, dynalite persistence, the bus, MQTT,
 * presigned objects, auth, failing registrations, and a clean stop.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import mqtt from 'mqtt';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ForwardChanged } from '../src/contracts/index.ts';
import { defineTable } from '../src/dynamo/index.ts';
import { createServiceApp, requireGroup } from '../src/http/index.ts';
import { canConnect } from '@switchboard/shared/testing';
import {
  DataDirectoryLockedError,
  LocalStageStartError,
  PortConfigurationError,
  TimeScaleError,
  createLocalClock,
  type LocalClock,
  describeLocalStage,
  resolvePorts,
  startLocalStage,
  type LocalServiceEntry,
} from '../src/local/index.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const quiet = () => {};
const notesTable = defineTable({ name: 'notes', partitionKey: { name: 'id', type: 'S' } });

async function tempDir() {
  return mkdtemp(path.join(os.tmpdir(), 'switchboard-local-test-'));
}

/** A small service that uses every part of the platform the way real registrations do. */
function notesService(received: unknown[]): LocalServiceEntry {
  return {
    name: 'notes',
    async register(platform) {
      await platform.ensureTables([notesTable]);
      const app = createServiceApp({ service: 'notes', version: '0.0.1', title: 'Notes', verifier: platform.auth.verifier, logger: platform.logger });
      app.get('/notes/:id', async (c) => {
        const { Item } = await platform.documentClient.send(
          new GetCommand({ TableName: platform.tableName(notesTable), Key: { id: c.req.param('id') } }),
        );
        return Item ? c.json(Item) : c.json({ missing: true }, 404);
      });
      app.get('/whoami', (c) => c.json({ principal: requireGroup(c, 'admin').username, peer: platform.urlOf('echo') }));
      const unsubscribe = platform.bus.subscribe(ForwardChanged.pattern, (event) => {
        received.push(ForwardChanged.parse(event));
      });
      return { name: 'notes', app, stop: () => unsubscribe() };
    },
  };
}

const brokenService: LocalServiceEntry = {
  name: 'broken',
  register() {
    throw new Error('missing FAQ seed file');
  },
};

test('resolvePorts lays ports out from the base and honours env and options', () => {
  const ports = resolvePorts(['iot-triage', 'routing', 'zebra'], {}, { SWITCHBOARD_PORT_BASE: '5000', SWITCHBOARD_PORT_ROUTING: '6100' });
  assert.equal(ports, { stage: 5000, dynamodb: 5001, mqtt: 5002, services: { 'iot-triage': 5014, routing: 6100, zebra: 5015 } });
  const overridden = resolvePorts(['sms'], { base: 7000, services: { sms: 7777 } }, { SWITCHBOARD_PORT_BASE: '5000' });
  assert.is(overridden.services.sms, 7777);
  assert.is(overridden.stage, 7000);
  assert.equal(resolvePorts(['sms'], { base: 0 }).services, { sms: 0 });
  assert.throws(
    () => resolvePorts(['sms'], { stage: 4100, mqtt: 4100 }),
    (error: unknown) => error instanceof PortConfigurationError && /both stage server and MQTT broker/.test(error.message),
  );
  assert.throws(() => resolvePorts([], {}, { SWITCHBOARD_PORT_MQTT: 'eighteen' }), /SWITCHBOARD_PORT_MQTT/);
});

test('a taken port stops the stage before anything starts, naming the port', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const takenPort = (blocker.address() as net.AddressInfo).port;
  const dataDir = path.join(os.tmpdir(), `switchboard-never-created-${process.pid}-${Date.now()}`);
  try {
    await startLocalStage({ dataDir, ports: { base: 0, mqtt: takenPort }, log: quiet });
    assert.unreachable('the stage started on a taken port');
  } catch (error) {
    assert.instance(error, LocalStageStartError);
    assert.match((error as Error).message, new RegExp(`port ${takenPort} \\(MQTT broker\\) is already in use`));
    assert.match((error as Error).message, /SWITCHBOARD_PORT_MQTT/);
    assert.not.ok(existsSync(dataDir), 'nothing was created');
  } finally {
    blocker.close();
  }
});

test('the stage serves services, auth, bus, MQTT and objects, reports a failing service, and stops cleanly', async () => {
  const dataDir = await tempDir();
  const received: unknown[] = [];
  const lines: string[] = [];
  const echo: LocalServiceEntry = {
    name: 'echo',
    register: (platform) => {
      const app = createServiceApp({ service: 'echo', version: '1.0.0', title: 'Echo', verifier: platform.auth.verifier, logger: platform.logger });
      app.get('/peer', (c) => c.json({ notes: platform.urlOf('notes'), port: platform.port('notes') }));
      return { name: 'echo', app, links: { 'echo page': '/page', docs: 'https://example.com/echo' } };
    },
  };
  const stage = await startLocalStage({
    dataDir,
    ports: { base: 0 },
    services: [notesService(received), echo, brokenService],
    log: (line) => lines.push(line),
    logLevel: 'SILENT',
  });
  try {
    // Health over real HTTP on each service's own port.
    for (const name of ['notes', 'echo']) {
      const res = await fetch(`${stage.urls[name]}/health`);
      assert.is(res.status, 200, name);
      assert.is(((await res.json()) as { service: string }).service, name);
    }
    assert.is.not(stage.urls.notes, stage.urls.echo);

    // The failing registration is reported, not skipped, and its port explains why.
    assert.equal(
      stage.failures.map((f) => f.service),
      ['broken'],
    );
    assert.ok(lines.some((line) => line.includes('broken failed to register') && line.includes('missing FAQ seed file')));
    const broken = await fetch(`${stage.urls.broken}/health`);
    assert.is(broken.status, 503);
    assert.match(((await broken.json()) as { detail: string }).detail, /missing FAQ seed file/);
    assert.match(describeLocalStage(stage), /broken .*FAILED: missing FAQ seed file/);
    assert.equal(stage.links, [
      { service: 'echo', label: 'echo page', url: `${stage.urls.echo}/page` },
      { service: 'echo', label: 'docs', url: 'https://example.com/echo' },
    ]);
    assert.match(describeLocalStage(stage), /echo page: http:\/\/127\.0\.0\.1:\d+\/page/);

    // The development token is an admin token the services accept; no token is refused.
    const who = await fetch(`${stage.urls.notes}/whoami`, { headers: { authorization: `Bearer ${stage.token}` } });
    assert.equal(await who.json(), { principal: 'developer', peer: stage.urls.echo });
    assert.is((await fetch(`${stage.urls.notes}/whoami`)).status, 401);
    const peer = await fetch(`${stage.urls.echo}/peer`, { headers: { authorization: `Bearer ${stage.token}` } });
    assert.equal(await peer.json(), { notes: stage.urls.notes, port: Number(new URL(stage.urls.notes!).port) });

    // Bus: the subscriber registered with the contract's pattern receives a published event.
    await stage.bus.publish(
      ForwardChanged,
      { phoneNumber: '+13125550100', change: 'set', actor: 'developer', before: null, after: { to: '+13125550199' } },
      { correlationId: 'test-correlation' },
    );
    await stage.bus.drain();
    assert.is(received.length, 1);
    assert.is((received[0] as { metadata: { correlationId: string } }).metadata.correlationId, 'test-correlation');

    // MQTT: a real mqtt.js client publishes through the broker to another client.
    const subscriber = await mqtt.connectAsync(stage.mqttUrl, { clientId: 'test-sub', reconnectPeriod: 0 });
    const publisher = await mqtt.connectAsync(stage.mqttUrl, { clientId: 'test-pub', reconnectPeriod: 0 });
    const message = new Promise<{ topic: string; payload: string }>((resolve) =>
      subscriber.on('message', (topic, payload) => resolve({ topic, payload: payload.toString() })),
    );
    await subscriber.subscribeAsync('devices/+/telemetry', { qos: 1 });
    await publisher.publishAsync('devices/ac-1/telemetry', JSON.stringify({ temperature: 31.5 }), { qos: 1 });
    assert.equal(await message, { topic: 'devices/ac-1/telemetry', payload: '{"temperature":31.5}' });
    await Promise.all([subscriber.endAsync(), publisher.endAsync()]);

    // Objects: presigned PUT then GET through the stage server.
    const putUrl = stage.objects.presign('call-jobs', 'uploads/2026/job 1.xlsx', { method: 'PUT' });
    const upload = await fetch(putUrl, { method: 'PUT', body: 'sheet-bytes', headers: { 'content-type': 'application/vnd.ms-excel' } });
    assert.is(upload.status, 200);
    const download = await fetch(stage.objects.presign('call-jobs', 'uploads/2026/job 1.xlsx'));
    assert.is(download.status, 200);
    assert.is(download.headers.get('content-type'), 'application/vnd.ms-excel');
    assert.is(await download.text(), 'sheet-bytes');
    assert.is((await fetch(putUrl)).status, 403, 'a PUT URL does not serve GET');
    assert.is((await fetch(putUrl.replace(/signature=[^&]+/, 'signature=forged'), { method: 'PUT', body: 'x' })).status, 403);

    // DynamoDB: an item written through the platform's client is served by the service.
    await stage.objects.put('scratch', 'a', 'b');
    const index = (await (await fetch(stage.stageUrl)).json()) as { services: Record<string, { status: string }> };
    assert.equal(Object.fromEntries(Object.entries(index.services).map(([k, v]) => [k, v.status])), {
      notes: 'running',
      echo: 'running',
      broken: 'failed',
    });
  } finally {
    await stage.stop();
    await stage.stop(); // idempotent
  }
  for (const url of [...Object.values(stage.urls), stage.stageUrl, stage.dynamodbEndpoint, stage.mqttUrl.replace('mqtt:', 'http:')]) {
    assert.not.ok(await canConnect(url), `${url} still accepts connections after stop()`);
  }
  await rm(dataDir, { recursive: true, force: true });
});

test('one clock: every service gets the same stage clock; simulated time is opt-in and stage-wide', async () => {
  // The clock itself: stage time equals the wall clock at the start, then runs `scale` times faster.
  let real = 1_000_000;
  const fast = createLocalClock(30, () => real);
  real += 2_000;
  assert.is(fast.now().getTime(), 1_000_000 + 60_000);
  assert.is(fast.realMs(60_000), 2_000);
  assert.is(createLocalClock(1, () => real).realMs(500), 500);
  // Started at a chosen instant (tests that depend on the time of day), then running `scale` times faster from it.
  const chosen = new Date('2026-12-01T02:00:00Z');
  const fromChosen = createLocalClock(30, () => real, chosen);
  assert.is(fromChosen.startedAt.getTime(), chosen.getTime());
  real += 1_000;
  assert.is(fromChosen.now().getTime(), chosen.getTime() + 30_000);
  assert.throws(() => createLocalClock(1, () => real, chosen), /needs simulated time/, 'the wall clock cannot be moved');

  const seen: LocalClock[] = [];
  const service = (name: string): LocalServiceEntry => ({ name, register: (platform) => (seen.push(platform.clock), { name }) });
  const start = async (env: Record<string, string>) => {
    const dataDir = await tempDir();
    const lines: string[] = [];
    const stage = await startLocalStage({
      dataDir,
      ports: { base: 0 },
      services: [service('first'), service('second')],
      env,
      log: (line) => lines.push(line),
      logLevel: 'SILENT',
      persist: false,
    });
    return { stage, lines, close: async () => (await stage.stop(), await rm(dataDir, { recursive: true, force: true })) };
  };

  const wall = await start({});
  try {
    assert.is(seen[0], seen[1], 'one clock object for every service');
    assert.is(seen[0], wall.stage.clock);
    assert.is(wall.stage.clock.scale, 1);
    assert.ok(Math.abs(wall.stage.clock.now().getTime() - Date.now()) < 1_000);
    assert.match(describeLocalStage(wall.stage), /Time: the wall clock, for every service \(simulated time: SWITCHBOARD_TIME_SCALE=30 npm start\)/);
  } finally {
    await wall.close();
  }

  seen.length = 0;
  const simulated = await start({ SWITCHBOARD_TIME_SCALE: '60' });
  try {
    assert.equal(
      seen.map((clock) => clock.scale),
      [60, 60],
    );
    assert.is(seen[0], seen[1]);
    assert.match(
      describeLocalStage(simulated.stage),
      /Time: simulated, 60× faster than the wall clock from \S+, the same for every service \(SWITCHBOARD_TIME_SCALE\)/,
    );
  } finally {
    await simulated.close();
  }

  // callouts' old variable still works, for the whole stage, and says what replaced it.
  const legacy = await start({ CALLOUTS_TIME_SCALE: '30' });
  try {
    assert.is(legacy.stage.clock.scale, 30);
    assert.ok(
      legacy.lines.some((line) => /CALLOUTS_TIME_SCALE is now SWITCHBOARD_TIME_SCALE/.test(line)),
      legacy.lines.join('\n'),
    );
  } finally {
    await legacy.close();
  }

  // A scale that is not one is refused before anything starts.
  const dataDir = await tempDir();
  try {
    await startLocalStage({ dataDir, ports: { base: 0 }, env: { SWITCHBOARD_TIME_SCALE: 'fast' }, log: quiet, logLevel: 'SILENT' }).then(
      () => assert.unreachable('a bad time scale must be refused'),
      (error: unknown) => {
        assert.instance(error, TimeScaleError);
        assert.match((error as Error).message, /SWITCHBOARD_TIME_SCALE=fast is not a time scale/);
      },
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('DynamoDB data persists under dataDir across restarts', async () => {
  const dataDir = await tempDir();
  let firstToken = '';
  try {
    const first = await startLocalStage({ dataDir, ports: { base: 0 }, services: [notesService([])], log: quiet, logLevel: 'SILENT' });
    firstToken = first.token;
    const tableName = `switchboard-local-notes-notes`;
    try {
      const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
      const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      const client = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: first.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
      );
      await client.send(new PutCommand({ TableName: tableName, Item: { id: 'n-1', text: 'call the plumber' } }));
      client.destroy();
    } finally {
      await first.stop();
    }
    const second = await startLocalStage({ dataDir, ports: { base: 0 }, services: [notesService([])], log: quiet, logLevel: 'SILENT' });
    try {
      const res = await fetch(`${second.urls.notes}/notes/n-1`, { headers: { authorization: `Bearer ${second.token}` } });
      assert.equal(await res.json(), { id: 'n-1', text: 'call the plumber' });
      // The issuer key persists too: the first run's token still verifies.
      const again = await fetch(`${second.urls.notes}/notes/n-1`, { headers: { authorization: `Bearer ${firstToken}` } });
      assert.is(again.status, 200);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('one stage per data directory: a second is refused, a stale lock is taken over', async () => {
  const dataDir = await tempDir();
  try {
    // A lock left by a process that has exited (killed stage) does not block a new start.
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(path.join(dataDir, 'stage.lock'), `${exited}\n`);
    const first = await startLocalStage({ dataDir, ports: { base: 0 }, log: quiet, logLevel: 'SILENT' });
    try {
      await startLocalStage({ dataDir, ports: { base: 0 }, log: quiet, logLevel: 'SILENT' }).then(
        async (second) => {
          await second.stop();
          assert.unreachable('a second stage opened the same data directory');
        },
        (error) => {
          assert.instance(error, DataDirectoryLockedError);
          assert.match((error as Error).message, /already in use|in use by another local stage/);
        },
      );
    } finally {
      await first.stop();
    }
    assert.not.ok(existsSync(path.join(dataDir, 'stage.lock')), 'stop() releases the lock');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test.run();
