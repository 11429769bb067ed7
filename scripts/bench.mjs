#!/usr/bin/env node
/**
 * `npm run bench`: builds the bundles as prod deploys them (minified, no source maps), then runs every `bench/*.bench.ts` (or those whose name contains the first
 * argument) one after another — never in parallel, so one benchmark's load does not skew another's figures.
 * Each benchmark prints its own figures and the baseline it measured in the same run; nothing here asserts timings.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_ENV: 'production' };

if (existsSync(path.join(root, 'scripts', 'build.mjs'))) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--profile', 'prod'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const benches = readdirSync(path.join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n════ ${name} ════`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(root, 'bench', name)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.log(`${name} exited with ${result.status}`);
  }
}
console.log(`\n${benches.length} benchmarks run, ${failed} failed to run`);
process.exit(failed ? 1 : 0);
