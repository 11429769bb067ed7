/** Runs a program for one stack in a child process (support/dump-stack.ts) and returns what it registered. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RegisteredResource, StackRun } from './stack-harness.ts';

const dumpScript = fileURLToPath(new URL('./dump-stack.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function spawnStack(stack: string, config: Record<string, unknown>, program?: string): Promise<StackRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', dumpScript, stack, JSON.stringify(config), ...(program ? [program] : [])],
      { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`stack ${stack} failed under mocks:\n${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as StackRun);
      },
    );
  });
}

/** The `switchboard:` keys of a committed Pulumi.<stack>.yaml. */
export async function committedStackConfig(stack: string): Promise<Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const document = parse(await readFile(new URL(`../../../Pulumi.${stack}.yaml`, import.meta.url), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(document.config)
      .filter(([key]) => key.startsWith('switchboard:'))
      .map(([key, value]) => [key.slice('switchboard:'.length), value]),
  );
}

/**
 * Runs `program` for dev and for prod, each from its committed Pulumi.<stack>.yaml with `overrides` on top, in
 * parallel child processes — what every service's component test starts from.
 */
export async function spawnDevAndProd(program: string, overrides: Record<string, unknown> = {}): Promise<[StackRun, StackRun]> {
  return Promise.all(
    (['dev', 'prod'] as const).map(async (stack) => spawnStack(stack, { ...(await committedStackConfig(stack)), ...overrides, profile: stack }, program)),
  ) as Promise<[StackRun, StackRun]>;
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
