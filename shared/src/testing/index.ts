/**
 * Test helpers shared by every workspace. Kept out of Lambda bundles: only tests import this module.
 */
import { fileURLToPath } from 'node:url';
import net from 'node:net';

/** The repository root (this file lives at shared/src/testing/index.ts). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Asserts that `fn` rejects (uvu has no async `throws`). `expected` is a RegExp matched against the message, a class
 * the error must be an instance of, or a predicate. Returns the error for further assertions.
 */
export async function rejects(
  fn: () => Promise<unknown>,
  expected?: RegExp | (new (...args: never[]) => Error) | ((error: unknown) => boolean),
): Promise<unknown> {
  let settled = false;
  try {
    await fn();
    settled = true;
  } catch (error) {
    if (expected instanceof RegExp && !expected.test(String((error as Error)?.message ?? error))) {
      throw new Error(`rejected with "${String((error as Error)?.message ?? error)}", expected ${expected}`);
    }
    if (typeof expected === 'function' && expected.prototype instanceof Error && !(error instanceof expected)) {
      throw new Error(`rejected with ${String(error)}, expected an instance of ${expected.name}`);
    }
    if (typeof expected === 'function' && !(expected.prototype instanceof Error) && !(expected as (e: unknown) => boolean)(error)) {
      throw new Error(`rejected with ${String(error)}, which does not satisfy the predicate`);
    }
    return error;
  }
  if (settled) throw new Error('expected a rejection, but the promise resolved');
  return undefined;
}

/** True when something accepts TCP connections at `url`'s host and port (to prove a server started or stopped). */
export function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export {
  assertRouteAccess,
  type RequestableApp,
  type RouteAccessCheck,
  type RouteAccessCheckOptions,
  type RouteAccessReport,
} from './route-access.ts';
