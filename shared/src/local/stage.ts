/**
 * startLocalStage: every AWS stand-in of the platform in one process — dynalite, the in-process bus,
 * an aedes MQTT broker, the object store, the token issuer — and each registered service's Hono app on
 * its own port. `npm start` (scripts/start.ts) and the smoke test both run it.
 */
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { getRequestListener } from '@hono/node-server';
import { LocalBus } from '../bus/index.ts';
import { ensureTables, type TableDefinition } from '../dynamo/index.ts';
import { createLocalIssuer } from '../http/index.ts';
import { createLogger, type LogLevelName } from '../logging/index.ts';
import { createLocalClock, timeScaleFrom, timeScaleVariable, type LocalClock } from './clock.ts';
import { lockDataDirectory } from './data-dir-lock.ts';
import { startDynamoDb } from './dynamodb.ts';
import { observerSubscribeCommand, startMqttBroker } from './mqtt-broker.ts';
import { createLocalObjectStore, type LocalObjectStore } from './object-store.ts';
import { defaultPortBase, envVariableForService, findTakenPorts, resolvePorts, type LocalStagePorts } from './ports.ts';
import { consoleCors, createStageServerApp, type StageIndex } from './stage-server.ts';
import { loadLocalUsers, type LocalUser } from './users.ts';
import { createLocalTools } from './tools.ts';
import { allContracts } from '../contracts/index.ts';
import type { LocalPlatform, LocalServiceEntry, RegisteredService } from './types.ts';

export const localStageName = 'local';
export const projectName = 'switchboard';

export interface LocalStageOptions {
  /** Where dynalite, objects and the issuer key live. @default ".switchboard" (relative to the working directory) */
  dataDir?: string;
  /** Ports; see ports.ts for the layout and the environment variables. Port 0 = any free port. */
  ports?: LocalStagePorts;
  /** The services to run; `scripts/start.ts` discovers them from `services/*\/src/local.ts`. */
  services?: readonly LocalServiceEntry[];
  /** Interface every server binds to. Loopback: nothing on the local stage is meant for the network. @default "127.0.0.1" */
  host?: string;
  /** Where the stage writes its own lines (URLs, failures). @default console.log */
  log?: (line: string) => void;
  /** Read for the SWITCHBOARD_PORT_* variables. @default process.env */
  env?: Record<string, string | undefined>;
  /** Level of the services' Powertools loggers. @default SWITCHBOARD_LOG_LEVEL or "INFO" */
  logLevel?: LogLevelName;
  /** Keep DynamoDB in memory instead of under dataDir (tests). @default true */
  persist?: boolean;
  /** A registration that takes longer than this is reported as failed. @default 30000 */
  registrationTimeoutMs?: number;
  /**
   * Serve the built console at the stage root, with `/config.json` and local sign-in, and allow its
   * origin (plus `devOrigins`, e.g. Vite's dev server) in every API's CORS. @default not served
   */
  console?: { dir: string; devOrigins?: string[] };
  /**
   * Stage time runs this many times faster than the wall clock, the same for every service (see clock.ts).
   * @default SWITCHBOARD_TIME_SCALE or 1 (the wall clock)
   */
  timeScale?: number;
  /** With simulated time: the instant the stage's clock starts at (tests that depend on the time of day). */
  clockStartsAt?: Date;
}

export interface ServiceLink {
  service: string;
  label: string;
  url: string;
}

export interface ServiceFailure {
  service: string;
  error: Error;
}

export interface LocalStageHandle {
  /** Base URL per service, e.g. `{ routing: 'http://127.0.0.1:4010' }`. */
  urls: Record<string, string>;
  stageUrl: string;
  dynamodbEndpoint: string;
  mqttUrl: string;
  /** A development token (user `developer`, group `admin`), valid 12 hours. */
  token: string;
  /** One user per role and a plain user in no group, with this data folder's generated passwords. */
  users: readonly LocalUser[];
  /** An ID token (12 hours) for one of `users`, by username: `await stage.tokenFor('operator')`. */
  tokenFor(username: string): Promise<string>;
  dataDir: string;
  bus: LocalBus;
  objects: LocalObjectStore;
  /** Services whose registration threw or timed out; their port answers 503 with the reason. */
  failures: ServiceFailure[];
  /** The `links` the services registered, resolved to URLs. */
  links: ServiceLink[];
  /** The console's URL (the stage root) when `options.console` was given. */
  consoleUrl?: string;
  /** The stage's one clock (every service's `platform.clock`). */
  clock: LocalClock;
  /** Stops services, servers, broker and database; resolves when nothing is left open. Idempotent. */
  stop(): Promise<void>;
}

export class LocalStageStartError extends Error {
  override readonly name = 'LocalStageStartError';
}

interface ServiceSlot {
  name: string;
  state: 'starting' | 'running' | 'failed';
  registered?: RegisteredService;
  error?: Error;
  server: http.Server;
  port: number;
  url: string;
}

const developmentTokenTtlSeconds = 12 * 60 * 60;

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function unavailable(slot: ServiceSlot): Response {
  const detail =
    slot.state === 'failed'
      ? `Service ${slot.name} failed to register on the local stage: ${slot.error?.message ?? 'unknown error'}`
      : slot.state === 'starting'
        ? `Service ${slot.name} is still starting.`
        : `Service ${slot.name} has no HTTP API.`;
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail, service: slot.name }), {
    status: slot.state === 'running' ? 404 : 503,
    headers: { 'content-type': 'application/problem+json' },
  });
}

export async function startLocalStage(options: LocalStageOptions = {}): Promise<LocalStageHandle> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const host = options.host ?? '127.0.0.1';
  const dataDir = path.resolve(options.dataDir ?? '.switchboard');
  const entries = options.services ?? [];
  const logLevel = options.logLevel ?? (env.SWITCHBOARD_LOG_LEVEL?.toUpperCase() as LogLevelName | undefined) ?? 'INFO';
  // Callouts had its own time scale before the stage had one clock; honour it for the whole stage, and say so.
  const legacyScale = env.CALLOUTS_TIME_SCALE !== undefined && env[timeScaleVariable] === undefined && options.timeScale === undefined;
  if (legacyScale)
    log(`CALLOUTS_TIME_SCALE is now ${timeScaleVariable} (one clock for every service); using ${env.CALLOUTS_TIME_SCALE} for the whole stage.`);
  const clock = createLocalClock(
    options.timeScale ?? timeScaleFrom(legacyScale ? { [timeScaleVariable]: env.CALLOUTS_TIME_SCALE } : env),
    Date.now,
    options.clockStartsAt,
  );

  const names = entries.map((entry) => entry.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new LocalStageStartError(`service ${duplicate} is registered twice`);
  for (const name of names) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new LocalStageStartError(`service name ${JSON.stringify(name)} must be kebab-case`);
  }

  // Check every port before starting anything, so a clash never leaves half a stage running.
  const ports = resolvePorts(names, options.ports, env);
  const taken = await findTakenPorts(ports, host);
  if (taken.length > 0) {
    const lines = taken.map(([owner, port]) => {
      const variable = owner.startsWith('service ')
        ? envVariableForService(owner.slice('service '.length))
        : owner === 'stage server'
          ? 'SWITCHBOARD_PORT_STAGE'
          : owner.startsWith('DynamoDB')
            ? 'SWITCHBOARD_PORT_DYNAMODB'
            : 'SWITCHBOARD_PORT_MQTT';
      return `  - port ${port} (${owner}) is already in use on ${host}; free it or set ${variable}`;
    });
    throw new LocalStageStartError(
      `The local stage cannot start: ${taken.length === 1 ? 'a port it needs is' : 'ports it needs are'} taken.\n${lines.join('\n')}\n` +
        `Another \`npm start\` may be running. To move every port at once set SWITCHBOARD_PORT_BASE (now ${options.ports?.base ?? env.SWITCHBOARD_PORT_BASE ?? defaultPortBase}).`,
    );
  }

  // Everything started so far, stopped in reverse order on failure or stop().
  const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
  const unwind = async () => {
    const errors: string[] = [];
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      try {
        await withTimeout(cleanup.run(), 10_000, `stopping ${cleanup.what}`);
      } catch (error) {
        errors.push(`${cleanup.what}: ${(error as Error).message}`);
      }
    }
    return errors;
  };

  try {
    await mkdir(dataDir, { recursive: true });
    const releaseDataDir = await lockDataDirectory(dataDir);
    cleanups.push({ what: 'data directory lock', run: releaseDataDir });
    const issuer = await createLocalIssuer({ keyFile: path.join(dataDir, 'auth', 'local-issuer.jwk.json') });
    const users = await loadLocalUsers(dataDir);
    const issueUserToken = (user: LocalUser) =>
      issuer.issueToken({ sub: user.sub, username: user.username, groups: [...user.groups], ttlSeconds: developmentTokenTtlSeconds });

    const slots = new Map<string, ServiceSlot>();
    let objects: LocalObjectStore | undefined;
    let mqttUrl = '';
    let dynamodbEndpoint = '';

    const tools = createLocalTools({
      stage: localStageName,
      verifier: () => issuer.verifier,
      bus: () => bus,
      contracts: allContracts,
      objects: () => objects!,
      objectsRoot: path.join(dataDir, 'objects'),
      dataDir,
      mqttUrl: () => mqttUrl,
    });
    cleanups.push({ what: 'local tools (MQTT monitor)', run: () => tools.close() });
    const consoleOrigins = () => (options.console ? [new URL(stageUrl).origin, ...(options.console.devOrigins ?? [])] : []);
    const stageServer = http.createServer(
      getRequestListener(
        createStageServerApp({
          ...(options.console
            ? {
                console: {
                  dir: options.console.dir,
                  config: () => ({
                    stage: localStageName,
                    apis: Object.fromEntries([...slots.values()].map((slot) => [slot.name, slot.url])),
                    // Names and roles only: the passwords are in the banner and the data folder, never in config.json.
                    auth: {
                      mode: 'local' as const,
                      signInUrl: '/auth/local/token',
                      users: users.map((user) => ({ username: user.username, groups: [...user.groups] })),
                    },
                  }),
                },
              }
            : {}),
          tools: tools.app,
          objects: () => {
            if (!objects) throw new Error('object store not ready');
            return objects;
          },
          jwks: () => issuer.jwks(),
          users: () => users,
          issueToken: async (user) => ({ token: await issueUserToken(user), expiresIn: developmentTokenTtlSeconds }),
          index: (): StageIndex => ({
            stage: 'local',
            services: Object.fromEntries(
              [...slots.values()].map((slot) => [
                slot.name,
                { url: slot.url, status: slot.state, ...(slot.error ? { error: slot.error.message } : {}) },
              ]),
            ),
            dynamodb: dynamodbEndpoint,
            mqtt: mqttUrl,
            jwks: `${stageUrl}/.well-known/jwks.json`,
          }),
        }).fetch,
      ),
    );
    const stagePort = await listen(stageServer, ports.stage, host);
    cleanups.push({ what: 'stage server', run: () => closeServer(stageServer) });
    const stageUrl = `http://${host}:${stagePort}`;

    const dynamo = await startDynamoDb({
      path: options.persist === false ? undefined : path.join(dataDir, 'dynamodb'),
      port: ports.dynamodb,
      host,
    });
    cleanups.push({ what: 'DynamoDB (dynalite)', run: () => dynamo.close() });
    dynamodbEndpoint = dynamo.endpoint;

    const mqtt = await startMqttBroker(ports.mqtt, host);
    cleanups.push({ what: 'MQTT broker', run: () => mqtt.close() });
    mqttUrl = mqtt.url;

    const bus = new LocalBus({
      onError: (subscription, event, error, attempt) =>
        log(`bus: delivery of ${event['detail-type']} to ${subscription} failed (attempt ${attempt}): ${(error as Error)?.message ?? error}`),
    });

    objects = createLocalObjectStore({ root: path.join(dataDir, 'objects'), baseUrl: stageUrl });

    // Bind every service port first so urlOf() works for every service during any registration.
    for (const entry of entries) {
      const slot: ServiceSlot = {
        name: entry.name,
        state: 'starting',
        server: http.createServer(),
        port: 0,
        url: '',
      };
      const serve = (request: Request, bindings: unknown) => {
        const app = slot.registered?.app;
        return slot.state === 'running' && app ? app.fetch(request, bindings) : unavailable(slot);
      };
      slot.server.on('request', getRequestListener(options.console ? consoleCors(consoleOrigins, serve).fetch : serve));
      slot.port = await listen(slot.server, ports.services[entry.name] ?? 0, host);
      slot.url = `http://${host}:${slot.port}`;
      slots.set(entry.name, slot);
      cleanups.push({ what: `service ${entry.name} server`, run: () => closeServer(slot.server) });
    }

    const slotOf = (service: string): ServiceSlot => {
      const slot = slots.get(service);
      if (!slot) throw new Error(`no service ${service} on the local stage (running: ${[...slots.keys()].join(', ') || 'none'})`);
      return slot;
    };

    const platformFor = (service: string): LocalPlatform => {
      const tableName = (definition: TableDefinition) => `${projectName}-${localStageName}-${service}-${definition.name}`;
      return {
        stage: 'local',
        service,
        dataDir,
        dynamodb: dynamo.client,
        documentClient: dynamo.documentClient,
        tableName,
        ensureTables: (definitions) => ensureTables(dynamo.client, definitions, tableName),
        bus,
        mqtt: { url: mqtt.url, broker: mqtt.broker },
        objects: objects!,
        auth: { verifier: issuer.verifier, issueToken: (tokenOptions) => issuer.issueToken(tokenOptions) },
        logger: createLogger({ service, level: logLevel, persistentKeys: { stage: localStageName } }),
        clock,
        urlOf: (name) => slotOf(name).url,
        port: (name) => slotOf(name).port,
      };
    };

    const failures: ServiceFailure[] = [];
    const registrationTimeout = options.registrationTimeoutMs ?? 30_000;
    await Promise.all(
      entries.map(async (entry) => {
        const slot = slotOf(entry.name);
        try {
          const registered = await withTimeout(
            Promise.resolve().then(() => entry.register(platformFor(entry.name))),
            registrationTimeout,
            `registering ${entry.name}`,
          );
          if (!registered || typeof registered !== 'object') {
            throw new Error('register() must return { name, app?, stop? }');
          }
          if (registered.name !== entry.name) {
            log(`warning: services/${entry.name} registered itself as "${registered.name}"; it is served as ${entry.name}`);
          }
          slot.registered = registered;
          slot.state = 'running';
          if (registered.stop) {
            const stopService = registered.stop;
            cleanups.push({ what: `service ${entry.name}`, run: async () => stopService() });
          }
        } catch (error) {
          slot.state = 'failed';
          slot.error = error instanceof Error ? error : new Error(String(error));
          failures.push({ service: entry.name, error: slot.error });
          log(`✗ ${entry.name} failed to register: ${slot.error.stack ?? slot.error.message}`);
        }
      }),
    );

    // Stopping runs in reverse: deliveries in flight finish first (bounded), while every service,
    // server and the database are still there to handle them.
    cleanups.push({ what: 'event bus', run: () => withTimeout(bus.drain(), 5_000, 'draining the bus') });

    const token = await issuer.issueToken({
      sub: 'local-developer',
      username: 'developer',
      groups: ['admin'],
      ttlSeconds: developmentTokenTtlSeconds,
    });

    let stopping: Promise<void> | undefined;
    const handle: LocalStageHandle = {
      urls: Object.fromEntries([...slots.values()].map((slot) => [slot.name, slot.url])),
      stageUrl,
      dynamodbEndpoint,
      mqttUrl,
      token,
      users,
      tokenFor(username) {
        const user = users.find((candidate) => candidate.username === username);
        if (!user) return Promise.reject(new Error(`no local user ${username} (users: ${users.map((u) => u.username).join(', ')})`));
        return issueUserToken(user);
      },
      dataDir,
      bus,
      objects,
      clock,
      failures,
      ...(options.console ? { consoleUrl: `${stageUrl}/` } : {}),
      links: [...slots.values()].flatMap((slot) =>
        Object.entries(slot.registered?.links ?? {}).map(([label, target]) => ({
          service: slot.name,
          label,
          url: /^[a-z]+:\/\//i.test(target) ? target : new URL(target, `${slot.url}/`).toString(),
        })),
      ),
      stop() {
        stopping ??= unwind().then((errors) => {
          if (errors.length > 0) log(`stopped with problems:\n  - ${errors.join('\n  - ')}`);
        });
        return stopping;
      },
    };
    return handle;
  } catch (error) {
    await unwind();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const port = (error as { port?: number }).port;
      throw new LocalStageStartError(
        `The local stage cannot start: port ${port ?? '?'} on ${host} ${code === 'EACCES' ? 'is not allowed' : 'was taken while the stage was starting'}. ` +
          'Everything started so far has been stopped; try again or move the ports (SWITCHBOARD_PORT_BASE).',
        { cause: error },
      );
    }
    throw error;
  }
}

/** The variable the banner exports for a service's base URL: `SWITCHBOARD_IOT_TRIAGE_URL`. */
export function serviceUrlVariable(service: string): string {
  return `SWITCHBOARD_${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

/** The lines `npm start` prints once the stage is up. */
export function describeLocalStage(handle: LocalStageHandle): string {
  const width = Math.max(10, ...Object.keys(handle.urls).map((name) => name.length));
  const failed = new Map(handle.failures.map((failure) => [failure.service, failure.error.message]));
  const services = Object.entries(handle.urls).map(([name, url]) => {
    const status = failed.has(name) ? `FAILED: ${failed.get(name)}` : `${url}/openapi.json`;
    const links = handle.links.filter((link) => link.service === name).map((link) => `  ${''.padEnd(width)}    ${link.label}: ${link.url}`);
    return [`  ${name.padEnd(width)}  ${url}   ${status}`, ...links].join('\n');
  });
  return [
    '',
    'Switchboard local stage',
    '',
    ...(handle.consoleUrl ? [`Console: ${handle.consoleUrl}   (sign in with one of the local users below)`, ''] : []),
    'Services:',
    ...(services.length > 0 ? services : ['  (none registered: add services/<name>/src/local.ts exporting register)']),
    '',
    `  ${'stage'.padEnd(width)}  ${handle.stageUrl}   (index, presigned objects, JWKS)`,
    `  ${'dynamodb'.padEnd(width)}  ${handle.dynamodbEndpoint}   (dynalite; data in ${path.join(handle.dataDir, 'dynamodb')})`,
    `  ${'mqtt'.padEnd(width)}  ${handle.mqttUrl}   (aedes; watch it read-only: ${observerSubscribeCommand(handle.mqttUrl)})`,
    '',
    handle.clock.scale === 1
      ? `Time: the wall clock, for every service (simulated time: ${timeScaleVariable}=30 npm start).`
      : `Time: simulated, ${handle.clock.scale}× faster than the wall clock from ${handle.clock.startedAt.toISOString()}, the same for every service (${timeScaleVariable}).`,
    '',
    'Development token (group admin, valid 12 hours) and the service URLs — paste into another terminal',
    "(the READMEs' examples use these variables):",
    `  export SWITCHBOARD_TOKEN=${handle.token}`,
    ...Object.entries(handle.urls).map(([name, url]) => `  export ${serviceUrlVariable(name)}=${url}`),
    '',
    `Local users (passwords generated for this data folder, kept in ${path.join(handle.dataDir, 'auth', 'local-users.json')}):`,
    ...handle.users.map(
      (user) =>
        `  ${user.username.padEnd(17)} ${user.password}   ${user.groups.length > 0 ? `role ${user.groups.join(', ')}` : 'no role (a plain signed-in user)'}`,
    ),
    'A token for one of them (ID token, 12 hours):',
    `  curl -s -X POST ${handle.stageUrl}/auth/local/token -H 'content-type: application/json' -d '{"username":"operator","password":"${handle.users.find((user) => user.username === 'operator')?.password ?? '…'}"}'`,
    '',
    'Try:',
    `  curl ${Object.values(handle.urls)[0] ?? handle.stageUrl}/health`,
    '  every other API path needs  -H "Authorization: Bearer $SWITCHBOARD_TOKEN"  (routes: <service url>/openapi.json)',
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
