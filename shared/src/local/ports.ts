/**
 * Where each part of the local stage listens. One base port lays everything out predictably so
 * bookmarks and `.env` files keep working between runs; every port can be moved on its own.
 *
 *   base + 0   the stage server (index, presigned object URLs, JWKS)
 *   base + 1   DynamoDB (dynalite)
 *   base + 2   MQTT (aedes)
 *   base + 10… the services, in the order of `knownServiceOrder`, then any other service by name
 *
 * Port 0 means "any free port" (tests). Environment: SWITCHBOARD_PORT_BASE, SWITCHBOARD_PORT_STAGE,
 * SWITCHBOARD_PORT_DYNAMODB, SWITCHBOARD_PORT_MQTT, SWITCHBOARD_PORT_<SERVICE> (e.g. SWITCHBOARD_PORT_IOT_TRIAGE).
 */
import net from 'node:net';

export const defaultPortBase = 4000;

/** Fixed slots for the platform's services so each keeps its port when others are added or removed. */
export const knownServiceOrder = ['routing', 'forwarding', 'callouts', 'sms', 'iot-triage'] as const;

export interface LocalStagePorts {
  /** @default SWITCHBOARD_PORT_BASE or 4000 */
  base?: number;
  /** @default base */
  stage?: number;
  /** @default base + 1 */
  dynamodb?: number;
  /** @default base + 2 */
  mqtt?: number;
  /** Per service name. @default base + 10 + slot */
  services?: Record<string, number>;
}

export interface ResolvedPorts {
  stage: number;
  dynamodb: number;
  mqtt: number;
  services: Record<string, number>;
}

export class PortConfigurationError extends Error {
  override readonly name = 'PortConfigurationError';
}

export function envVariableForService(service: string): string {
  return `SWITCHBOARD_PORT_${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function readPort(value: unknown, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PortConfigurationError(`${source} must be a port number between 0 and 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

/** Options win over the environment, the environment over the base layout. */
export function resolvePorts(
  services: readonly string[],
  options: LocalStagePorts = {},
  env: Record<string, string | undefined> = {},
): ResolvedPorts {
  const base = readPort(options.base, 'ports.base') ?? readPort(env.SWITCHBOARD_PORT_BASE, 'SWITCHBOARD_PORT_BASE') ?? defaultPortBase;
  if (base !== 0 && base + 10 + knownServiceOrder.length + services.length > 65535) {
    throw new PortConfigurationError(`SWITCHBOARD_PORT_BASE ${base} leaves no room for the stage's ports`);
  }
  const at = (offset: number) => (base === 0 ? 0 : base + offset);
  const pick = (option: unknown, optionName: string, variable: string, fallback: number) =>
    readPort(option, optionName) ?? readPort(env[variable], variable) ?? fallback;

  const extras = services.filter((name) => !(knownServiceOrder as readonly string[]).includes(name)).sort();
  const slot = (name: string) => {
    const known = (knownServiceOrder as readonly string[]).indexOf(name);
    return known >= 0 ? known : knownServiceOrder.length + extras.indexOf(name);
  };
  const servicePorts: Record<string, number> = {};
  for (const name of services) {
    servicePorts[name] = pick(options.services?.[name], `ports.services.${name}`, envVariableForService(name), at(10 + slot(name)));
  }
  const resolved: ResolvedPorts = {
    stage: pick(options.stage, 'ports.stage', 'SWITCHBOARD_PORT_STAGE', at(0)),
    dynamodb: pick(options.dynamodb, 'ports.dynamodb', 'SWITCHBOARD_PORT_DYNAMODB', at(1)),
    mqtt: pick(options.mqtt, 'ports.mqtt', 'SWITCHBOARD_PORT_MQTT', at(2)),
    services: servicePorts,
  };

  const owners = new Map<number, string>();
  for (const [owner, port] of portEntries(resolved)) {
    if (port === 0) continue;
    const other = owners.get(port);
    if (other) throw new PortConfigurationError(`port ${port} is configured for both ${other} and ${owner}`);
    owners.set(port, owner);
  }
  return resolved;
}

/** `[owner, port]` pairs: `stage server`, `DynamoDB (dynalite)`, `MQTT broker`, `service routing`, … */
export function portEntries(ports: ResolvedPorts): Array<[string, number]> {
  return [
    ['stage server', ports.stage],
    ['DynamoDB (dynalite)', ports.dynamodb],
    ['MQTT broker', ports.mqtt],
    ...Object.entries(ports.services).map(([name, port]): [string, number] => [`service ${name}`, port]),
  ];
}

/** Resolves true when nothing listens on `port` at `host` (by briefly binding it ourselves). */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Every fixed port that is taken, so one message can name them all. */
export async function findTakenPorts(ports: ResolvedPorts, host: string): Promise<Array<[string, number]>> {
  const taken: Array<[string, number]> = [];
  for (const [owner, port] of portEntries(ports)) {
    if (port !== 0 && !(await isPortFree(port, host))) taken.push([owner, port]);
  }
  return taken;
}
