/**
 * The console's local tools, served by the stage server under `/local/tools/*` (local stage only; nothing here is
 * in any Lambda bundle or in the AWS build): the bus's event log with replay, putting an event as another system
 * would (validated against its contract first), the e-mail stand-ins' outboxes and a read-only MQTT monitor that
 * watches the broker as the observer identity. Admin only: these tools see every service's data and can put any
 * event. On a stage other than local every path answers 404.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import mqtt from 'mqtt';
import type { BusEvent, LocalBus } from '../bus/index.ts';
import { ContractError, type AnyEventContract } from '../contracts/define-event.ts';
import { InvalidTokenError, type Principal, type TokenVerifier } from '../http/auth.ts';
import { localMqttObserverClientId } from './mqtt-broker.ts';
import type { LocalObjectStore } from './object-store.ts';

export interface LocalToolsDeps {
  /** Anything but "local" refuses every request. */
  stage: string;
  verifier: () => TokenVerifier;
  bus: () => LocalBus;
  contracts: readonly AnyEventContract[];
  objects: () => LocalObjectStore;
  /** `<dataDir>/objects`: every bucket whose name ends in `-outbox` is an e-mail stand-in's outbox. */
  objectsRoot: string;
  /** `<dataDir>`: every folder whose name ends in `-outbox` holds a stand-in's `.eml` files (iot-triage's). */
  dataDir?: string;
  /** The broker the monitor connects to as `switchboard-observer`; connected on first use. */
  mqttUrl: () => string;
  /** MQTT messages kept for the monitor. @default 500 */
  mqttBufferSize?: number;
}

export interface LocalTools {
  app: Hono<{ Variables: { principal: Principal } }>;
  close(): Promise<void>;
}

export interface MqttMonitorMessage {
  sequence: number;
  topic: string;
  receivedAt: string;
  /** The payload as text (JSON when it parses). */
  payload: string;
}

const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  });

/** What a request to put an event may say; anything else is a 422 naming the field. */
interface PutEventBody {
  detailType: string;
  source?: string;
  correlationId?: string;
  data: unknown;
}

function readPutBody(body: unknown): { ok: true; value: PutEventBody } | { ok: false; issues: { path: string; message: string }[] } {
  const issues: { path: string; message: string }[] = [];
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof value.detailType !== 'string' || value.detailType.length === 0)
    issues.push({ path: 'body.detailType', message: 'the detail type of a contract is required' });
  if (value.source !== undefined && typeof value.source !== 'string') issues.push({ path: 'body.source', message: 'must be a string' });
  if (
    value.correlationId !== undefined &&
    (typeof value.correlationId !== 'string' || value.correlationId.length === 0 || value.correlationId.length > 200)
  ) {
    issues.push({ path: 'body.correlationId', message: 'must be a non-empty string of at most 200 characters' });
  }
  if (!('data' in value)) issues.push({ path: 'body.data', message: "the event's data is required" });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: value as unknown as PutEventBody };
}

export function createLocalTools(deps: LocalToolsDeps): LocalTools {
  const app = new Hono<{ Variables: { principal: Principal } }>();
  const bufferSize = deps.mqttBufferSize ?? 500;
  const messages: MqttMonitorMessage[] = [];
  let sequence = 0;
  let client: mqtt.MqttClient | undefined;
  let monitorError: string | undefined;

  const startMonitor = () => {
    if (client) return;
    client = mqtt.connect(deps.mqttUrl(), { clientId: localMqttObserverClientId, reconnectPeriod: 5_000, connectTimeout: 5_000, clean: true });
    client.on('connect', () => {
      monitorError = undefined;
      // The observer may watch device topics only (iot-triage's policy); it publishes nothing.
      client?.subscribe('devices/#', { qos: 0 }, (error) => {
        if (error) monitorError = `subscribe refused: ${error.message}`;
      });
    });
    client.on('error', (error) => (monitorError = error.message));
    client.on('message', (topic, payload) => {
      sequence += 1;
      messages.push({ sequence, topic, receivedAt: new Date().toISOString(), payload: payload.toString('utf8').slice(0, 16_384) });
      if (messages.length > bufferSize) messages.splice(0, messages.length - bufferSize);
    });
  };

  app.use('*', async (c, next) => {
    if (deps.stage !== 'local') return problem(404, 'Not Found', 'the local tools exist on the local stage only');
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!token) return problem(401, 'Unauthorized', 'a bearer token is required', {});
    let principal: Principal;
    try {
      principal = await deps.verifier().verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return problem(401, 'Unauthorized', error.message);
      throw error;
    }
    if (!principal.groups.includes('admin')) return problem(403, 'Forbidden', 'the local tools are for the admin group');
    c.set('principal', principal);
    c.header('cache-control', 'no-store');
    await next();
  });

  app.get('/events', (c) => {
    const bus = deps.bus();
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 500) || 500));
    const items = bus.history.slice(-limit).reverse();
    return c.json({
      items,
      deadLetters: bus.deadLetters
        .slice(-50)
        .map(({ subscription, event, error, attempts }) => ({ subscription, eventId: event.id, error, attempts })),
    });
  });

  app.get('/contracts', (c) =>
    c.json({
      items: deps.contracts.map((contract) => ({
        source: contract.source,
        detailType: contract.detailType,
        version: contract.version,
        jsonSchema: contract.jsonSchema(),
      })),
    }),
  );

  app.post('/events', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(400, 'Bad Request', 'the body must be JSON: {"detailType": "...", "data": {...}}');
    }
    const read = readPutBody(body);
    if (!read.ok) return problem(422, 'Unprocessable Content', 'the request is incomplete', { issues: read.issues });
    const { detailType, source, correlationId, data } = read.value;
    const contract = deps.contracts.find((candidate) => candidate.detailType === detailType && (source === undefined || candidate.source === source));
    if (!contract) {
      return problem(422, 'Unprocessable Content', `no contract for ${source ? `${source}/` : ''}${detailType}`, {
        issues: [{ path: 'body.detailType', message: `unknown detail type (known: ${deps.contracts.map((known) => known.detailType).join(', ')})` }],
      });
    }
    let detail: ReturnType<typeof contract.envelope>;
    try {
      detail = contract.envelope(data, { correlationId: correlationId ?? `console-${randomUUID()}` });
    } catch (error) {
      if (error instanceof ContractError) {
        return problem(422, 'Unprocessable Content', `the event does not match ${contract.source}/${contract.detailType} ${contract.version}`, {
          issues: error.issues.map((issue) => ({ path: `body.${issue.path}`, message: issue.message })),
        });
      }
      throw error;
    }
    // What PutEvents from another system produces: the contract's source and detail type, a fresh id.
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': contract.detailType,
      source: contract.source,
      account: '000000000000',
      time: detail.metadata.occurredAt,
      region: 'local',
      resources: [],
      detail,
    };
    deps.bus().put(event);
    return c.json(event, 201);
  });

  app.post('/events/:id/replay', (c) => {
    const bus = deps.bus();
    const original = bus.history.find((event) => event.id === c.req.param('id'));
    if (!original) return problem(404, 'Not Found', `no event ${c.req.param('id')} in the bus history (it keeps the last 1000)`);
    // As an EventBridge archive replay: the same detail (consumers deduplicate on its metadata.id), a new event id.
    const replay = { ...structuredClone(original), id: randomUUID(), 'replay-name': 'console' } as BusEvent;
    bus.put(replay);
    return c.json(replay, 201);
  });

  app.get('/outbox', async (c) => {
    const outboxes = async (root: string | undefined) =>
      root
        ? (await readdir(root, { withFileTypes: true }).catch(() => []))
            .filter((entry) => entry.isDirectory() && entry.name.endsWith('-outbox'))
            .map((entry) => entry.name)
        : [];
    const buckets = await outboxes(deps.objectsRoot);
    const folders = await outboxes(deps.dataDir);
    const store = deps.objects();
    type Found = { bucket: string; key: string; size: number; lastModified: Date; read: () => Promise<string> };
    const fromBuckets: Found[] = (
      await Promise.all(
        buckets.map(async (bucket) =>
          (
            await store.list(bucket)
          ).map((summary) => ({ bucket, ...summary, read: async () => (await store.get(bucket, summary.key))?.body.toString('utf8') ?? '' })),
        ),
      )
    ).flat();
    const walk = async (folder: string, root: string, bucket: string): Promise<Found[]> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      const found = await Promise.all(
        entries.map(async (entry): Promise<Found[]> => {
          const full = path.join(folder, entry.name);
          if (entry.isDirectory()) return walk(full, root, bucket);
          if (!entry.name.endsWith('.eml')) return [];
          const info = await stat(full);
          return [
            {
              bucket,
              key: path.relative(root, full).split(path.sep).join('/'),
              size: info.size,
              lastModified: info.mtime,
              read: () => readFile(full, 'utf8'),
            },
          ];
        }),
      );
      return found.flat();
    };
    const fromFolders = (await Promise.all(folders.map((name) => walk(path.join(deps.dataDir!, name), path.join(deps.dataDir!, name), name)))).flat();
    const summaries = [...fromBuckets, ...fromFolders].sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime()).slice(0, 100);
    const items = await Promise.all(
      summaries.map(async ({ bucket, key, size, lastModified, read }) => {
        const text = (await read()).slice(0, 65_536);
        const [head = '', ...rest] = text.split(/\r?\n\r?\n/);
        const headers = Object.fromEntries(
          head
            .split(/\r?\n/)
            .map((line) => /^([A-Za-z-]+):\s*(.*)$/.exec(line))
            .filter((match): match is RegExpExecArray => match !== null)
            .map((match) => [match[1]!.toLowerCase(), match[2]!]),
        );
        return {
          bucket,
          key,
          size,
          lastModified: lastModified.toISOString(),
          to: headers.to ?? '',
          subject: headers.subject ?? '',
          body: rest.join('\n\n'),
        };
      }),
    );
    return c.json({ buckets: [...new Set([...buckets, ...folders])], items });
  });

  app.get('/mqtt', (c) => {
    startMonitor();
    const after = Number(c.req.query('after') ?? 0) || 0;
    return c.json({
      clientId: localMqttObserverClientId,
      topicFilter: 'devices/#',
      connected: client?.connected ?? false,
      ...(monitorError ? { error: monitorError } : {}),
      items: messages.filter((message) => message.sequence > after).reverse(),
    });
  });

  return {
    app,
    async close() {
      if (client) await client.endAsync(true).catch(() => undefined);
    },
  };
}
