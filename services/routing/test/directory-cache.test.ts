/**
 * The routing table cache of the telephony handlers: TTL, stale copies on failure, and the cold-start
 * prefetch that overlaps the first table read with initialisation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DirectoryCache } from '../src/application/directory-cache.ts';
import type { CallOptions } from '../src/domain/ports.ts';
import { seededDepartments } from './support/harness.ts';

const departments = seededDepartments();

/** A repository whose reads are counted and settled by the test. */
function controlledRepository() {
  const reads: Array<{ options: CallOptions; resolve: (value: typeof departments) => void; reject: (error: Error) => void }> = [];
  return {
    reads,
    list: (options: CallOptions = {}) =>
      new Promise<typeof departments>((resolve, reject) => {
        reads.push({ options, resolve, reject });
      }),
  };
}

test('the first get joins the prefetch in flight: one table read for both', async () => {
  const repository = controlledRepository();
  const cache = new DirectoryCache({ repository });
  cache.prefetch(900);
  const got = cache.get();
  assert.is(repository.reads.length, 1);
  repository.reads[0]!.resolve(departments);
  const directory = await got;
  assert.is(directory.get('history')?.name, 'history');
  assert.is(repository.reads.length, 1);
});

test('the prefetch carries its own deadline: a hanging read is aborted and the next get reads again', async () => {
  const repository = controlledRepository();
  const cache = new DirectoryCache({ repository });
  cache.prefetch(20);
  const signal = repository.reads[0]!.options.signal!;
  assert.ok(signal, 'the prefetch passes an AbortSignal');
  await new Promise((resolve) => setTimeout(resolve, 40)); // AbortSignal.timeout's timer does not hold the loop
  assert.ok(signal.aborted, 'aborted at its deadline');
  repository.reads[0]!.reject(new Error('aborted'));
  await new Promise((resolve) => setImmediate(resolve));
  const got = cache.get();
  assert.is(repository.reads.length, 2, 'a failed prefetch is forgotten, not served');
  repository.reads[1]!.resolve(departments);
  assert.ok((await got).get('science'));
});

test('a failed prefetch raises no unhandled rejection; its failure reaches only the get that retries', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    let calls = 0;
    const cache = new DirectoryCache({
      repository: {
        list: async () => {
          calls++;
          throw new Error(`table unreachable (${calls})`);
        },
      },
    });
    cache.prefetch(900);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const first = await cache.get().catch((e: Error) => e);
    assert.match(String(first), /table unreachable \(2\)/, 'the first get reads again and reports its own failure');
    assert.equal(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('a prefetch after the table is cached does not read again', async () => {
  let calls = 0;
  const cache = new DirectoryCache({ repository: { list: async () => (calls++, departments) } });
  await cache.get();
  cache.prefetch(900);
  await cache.get();
  assert.is(calls, 1);
});

test.run();
