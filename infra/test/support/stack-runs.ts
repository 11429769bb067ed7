/** Stack runs for the Pulumi suites: the committed stack configs, dev + prod of a program, one resource lookup. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { runStack, type RegisteredResource, type StackRun } from './stack-harness.ts';

export { runStack };

/** The `switchboard:` keys of a committed Pulumi.<stack>.yaml. */
export async function committedStackConfig(stack: string): Promise<Record<string, unknown>> {
  const document = parse(await readFile(new URL(`../../../Pulumi.${stack}.yaml`, import.meta.url), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(document.config)
      .filter(([key]) => key.startsWith('switchboard:'))
      .map(([key, value]) => [key.slice('switchboard:'.length), value]),
  );
}

/**
 * Runs `program` for dev and for prod, each from its committed Pulumi.<stack>.yaml with `overrides` on top —
 * what every service's component test starts from.
 */
export async function runDevAndProd(program: string, overrides: Record<string, unknown> = {}): Promise<[StackRun, StackRun]> {
  const dev = await runStack('dev', { ...(await committedStackConfig('dev')), ...overrides, profile: 'dev' }, program);
  const prod = await runStack('prod', { ...(await committedStackConfig('prod')), ...overrides, profile: 'prod' }, program);
  return [dev, prod];
}

/** The one resource of `type` named `name`; fails the test, listing the names registered for that type, when absent. */
export function registeredResource(run: StackRun, type: string, name: string): RegisteredResource {
  const found = run.resources.find((resource) => resource.type === type && resource.name === name);
  if (!found) {
    const names = run.resources.filter((resource) => resource.type === type).map((resource) => resource.name);
    throw new Error(`${type} ${name} was not registered (registered: ${names.join(', ') || 'none'})`);
  }
  return found;
}

/** The routing PBX every "with the PBX" run deploys (its image built from services/routing/asterisk). */
export const pbxConfig = {
  domainName: 'pbx.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  agentCidrs: ['203.0.113.0/24'],
  certificateEmail: 'ops@example.com',
} as const;

/**
 * The stage program's runs the suites share (each runs once per process): the committed dev and prod stacks, dev
 * with every optional feature (PBX with a prebuilt image, simulator, a created Connect instance with a toll-free
 * number), and prod with the PBX built from source (the simulator is refused on prod).
 */
export async function stageRuns(): Promise<{ dev: StackRun; prod: StackRun; everything: StackRun; prodWithPbx: StackRun }> {
  const [devConfig, prodConfig] = [await committedStackConfig('dev'), await committedStackConfig('prod')];
  const everything = {
    ...devConfig,
    routing: {
      ...(devConfig.routing as Record<string, unknown>),
      phoneNumbers: ['+15555550123'],
      pbx: { ...pbxConfig, image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/asterisk:1.0' },
    },
    'iot-triage': { ...(devConfig['iot-triage'] as Record<string, unknown>), simulator: { enabled: true, intervalSeconds: 30 } },
    connect: { mode: 'create', phoneNumber: { countryCode: 'US', type: 'TOLL_FREE' } },
  };
  return {
    dev: await runStack('dev', devConfig),
    prod: await runStack('prod', prodConfig),
    everything: await runStack('dev', everything),
    prodWithPbx: await runStack('prod', { ...prodConfig, routing: { pbx: pbxConfig } }),
  };
}
