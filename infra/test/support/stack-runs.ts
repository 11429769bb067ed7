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
