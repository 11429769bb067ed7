/**
 * Runs Pulumi mock suites (`*.pulumi.test.ts`) in ONE process: `node --import tsx infra/test/support/pulumi-suites.ts <file>…`.
 *
 * The Pulumi runtime is process-wide, so the stack harness runs one stack at a time and caches each run; loading
 * @pulumi/aws, awsx and the components once instead of once per child process is most of what this saves. Each
 * file's stacks are deployed while it is imported (top-level await), so by the time uvu executes the suites, every
 * run is done. Prints how long each file took to import (its stack runs) before uvu's own report.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const files = process.argv.slice(2).map((file) => path.resolve(file));
if (files.length === 0) {
  console.error('usage: pulumi-suites.ts <file.pulumi.test.ts>…');
  process.exit(2);
}

(globalThis as { UVU_DEFER?: number }).UVU_DEFER = 1;
const uvu = await import('uvu');
const queue = ((globalThis as { UVU_QUEUE?: unknown[][] }).UVU_QUEUE ??= []);
const timings: { file: string; seconds: number }[] = [];
for (const [index, file] of files.entries()) {
  (globalThis as { UVU_INDEX?: number }).UVU_INDEX = index;
  queue.push([path.relative(process.cwd(), file)]);
  const started = performance.now();
  await import(pathToFileURL(file).href);
  timings.push({ file: path.relative(process.cwd(), file), seconds: (performance.now() - started) / 1000 });
}
console.log('stack runs per suite (import time):');
for (const { file, seconds } of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${file}`);
await uvu.exec(false);
