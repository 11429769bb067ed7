#!/usr/bin/env node
/**
 * `npm test`: the one command that proves the tree works.
 *   1. first, side by side: build every Lambda bundle (the Pulumi tests and the bundle benchmarks read dist/) and
 *      generate the console's API clients from the services' current /openapi.json; then build the console on them;
 *   2. then, two processes at a time, longest first (by the durations of the last run, kept in
 *      node_modules/.cache/switchboard-test-times.json; a fixed guess before the first run):
 *      - type-check the whole repository, and the console against the generated clients (an API change the console
 *        does not follow fails here) — beside the tests, not before them: nothing else waits for tsc;
 *      - formatting and lint with Biome (`biome ci`, config in biome.jsonc; `--no-typecheck` skips it too);
 *      - each workspace's tests in one uvu process per workspace (fast, shared fixtures);
 *      - every `*.pulumi.test.ts` in ONE process (infra/test/support/pulumi-suites.ts: the stack harness runs one
 *        stack at a time and loads @pulumi/aws once);
 *      - the local-stage smoke tests (`*.smoke.test.ts`), each in its own process.
 * Prints every process's output, a table of the seconds each process took, then a closing line
 * `N passed, N failed`. Exits non-zero on any failure.
 *
 * Options: `--only <substring>` runs the test files/workspaces whose path contains it; `--no-typecheck`, `--no-build`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const skipTypecheck = args.includes('--no-typecheck');
const skipBuild = args.includes('--no-build');

const env = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_ENV: 'test',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  // Tests never reach AWS; a region and dummy credentials keep SDK clients from looking for real ones.
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
};
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');

function run(label, command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    const timer = setTimeout(() => {
      output += `\n[test runner] ${label} exceeded ${timeoutMs / 1000} s and was stopped\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ label, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** uvu prints `Total: N / Passed: N / Skipped: N`; a process that died before it counts as one failure. */
function countUvu(result) {
  const text = result.output.replace(/\x1b\[[0-9;]*m/g, '');
  const totals = [...text.matchAll(/Total:\s+(\d+)\s+Passed:\s+(\d+)\s+Skipped:\s+(\d+)/g)];
  if (totals.length === 0) return { passed: 0, failed: 1, skipped: 0 };
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const [, total, ok, skip] of totals) {
    passed += Number(ok);
    skipped += Number(skip);
    failed += Number(total) - Number(ok) - Number(skip);
  }
  if (result.code !== 0 && failed === 0) failed = 1;
  return { passed, failed, skipped };
}

function walk(dir, predicate, found = []) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, predicate, found);
    else if (predicate(full)) found.push(full);
  }
  return found;
}

async function pool(tasks, limit) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
        print(results[index]);
      }
    }),
  );
  return results;
}

function print(result) {
  const status = result.code === 0 ? 'ok' : 'FAILED';
  console.log(`\n──── ${result.label} (${status}, ${result.seconds.toFixed(1)} s) ────`);
  process.stdout.write(`${result.output.trimEnd()}\n`);
}

const hasConsole = existsSync(path.join(root, 'console', 'package.json'));
const workspaces = [
  'shared',
  'infra',
  ...(hasConsole ? ['console'] : []),
  ...readdirSync(path.join(root, 'services')).map((name) => `services/${name}`),
];
const ordinary = (file) => /\.test\.ts$/.test(file) && !/\.(pulumi|smoke)\.test\.ts$/.test(file);
const selected = (file) => !only || path.relative(root, file).includes(only);

const startedAt = Date.now();
const serial = [];
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const tally = (result, counts) => {
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (counts.failed > 0 || result.code !== 0) failures.push(result.label);
};

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const step = (result) => {
  print(result);
  serial.push(result);
  tally(result, result.code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });
  return result;
};

const passFail = (result) => (result.code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });

// The bundles and the console's API clients do not depend on each other: build them side by side.
const generateClients = !skipTypecheck && hasConsole;
const [build, clients] = await Promise.all([
  !skipBuild && existsSync(path.join(root, 'scripts', 'build.mjs'))
    ? run('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')])
    : undefined,
  generateClients
    ? run('console API clients', process.execPath, ['--import', 'tsx', path.join(root, 'console', 'scripts', 'generate-clients.ts')])
    : undefined,
]);
if (build) step(build);
if (clients) step(clients);

// The console is built on the clients just generated (the console smoke test serves this build).
if (!skipBuild && hasConsole) {
  step(
    await run('console build', process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: path.join(root, 'console'),
    }),
  );
}

// Browser tests need Debian's Chromium; the project installs it itself (CI starts from a clean machine).
if (existsSync(path.join(root, 'scripts', 'ensure-chromium.mjs'))) {
  const result = await run('ensure-chromium', process.execPath, [path.join(root, 'scripts', 'ensure-chromium.mjs')], { timeoutMs: 15 * 60_000 });
  print(result);
  if (result.code !== 0) tally(result, { passed: 0, failed: 1, skipped: 0 });
}

// Type checks run beside the tests: they only read the tree (the console's against the clients generated above).
const biome = path.join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
const typecheckTasks = skipTypecheck
  ? []
  : [
      // Formatting and lint (biome.jsonc), read-only: `npm run format` writes the formatting, `npm run lint` explains a finding.
      ...(existsSync(path.join(root, 'biome.jsonc'))
        ? [
            {
              key: 'format and lint',
              run: async () => {
                const result = await run('format and lint (biome ci)', process.execPath, [biome, 'ci', '--colors=off', '--error-on-warnings', '.']);
                return { ...result, counts: passFail(result) };
              },
            },
          ]
        : []),
      {
        key: 'typecheck',
        run: async () => {
          const result = await run('typecheck', process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit']);
          return { ...result, counts: passFail(result) };
        },
      },
      ...(clients
        ? [
            {
              key: 'console typecheck',
              run: async () => {
                const result = await run('console typecheck', process.execPath, [tsc, '-p', path.join('console', 'tsconfig.json'), '--noEmit']);
                return { ...result, counts: passFail(result) };
              },
            },
          ]
        : []),
    ];

const unitTasks = workspaces
  .map((workspace) => ({ workspace, files: walk(path.join(root, workspace), ordinary).filter(selected) }))
  .filter(({ files }) => files.length > 0)
  .map(({ workspace, files }) => ({
    key: `${workspace} tests`,
    run: async () => {
      // One uvu process per workspace: `uvu <dir> <pattern> -i <ignore>` over the workspace's ordinary tests.
      const result = await run(`${workspace} tests (${files.length} files)`, process.execPath, [
        '--import',
        'tsx',
        uvu,
        workspace,
        '\\.test\\.ts$',
        '-i',
        '(pulumi|smoke)\\.test\\.ts$',
        '-i',
        'node_modules',
      ]);
      return { ...result, counts: countUvu(result) };
    },
  }));

const pulumiFiles = walk(root, (file) => /\.pulumi\.test\.ts$/.test(file)).filter(selected);
const pulumiTasks =
  pulumiFiles.length === 0
    ? []
    : [
        {
          key: 'Pulumi suites',
          run: async () => {
            const result = await run(`Pulumi suites (${pulumiFiles.length} files, one process)`, process.execPath, [
              '--import',
              'tsx',
              path.join(root, 'infra', 'test', 'support', 'pulumi-suites.ts'),
              ...pulumiFiles.map((file) => path.relative(root, file)),
            ]);
            return { ...result, counts: countUvu(result) };
          },
        },
      ];

const smokeTasks = walk(root, (file) => /\.smoke\.test\.ts$/.test(file))
  .filter(selected)
  .map((file) => ({
    key: path.relative(root, file),
    run: async () => {
      const result = await run(path.relative(root, file), process.execPath, ['--import', 'tsx', file]);
      return { ...result, counts: countUvu(result) };
    },
  }));

// Longest first, so the last process to finish is a short one. Durations of the last run decide; before the first
// run (a fresh clone, CI) a guess from today's table: the browser smoke test, Pulumi, callouts, tsc are the long ones.
const timesFile = path.join(root, 'node_modules', '.cache', 'switchboard-test-times.json');
const guesses = {
  'console/test/console.smoke.test.ts': 45,
  'Pulumi suites': 35,
  'services/callouts tests': 35,
  typecheck: 25,
  'shared tests': 20,
  'services/sms tests': 18,
};
let lastTimes = {};
try {
  lastTimes = JSON.parse(readFileSync(timesFile, 'utf8'));
} catch {
  // No earlier run: the guesses stand.
}
const expected = (task) => lastTimes[task.key] ?? guesses[task.key] ?? 10;
const tasks = [...typecheckTasks, ...pulumiTasks, ...unitTasks, ...smokeTasks].sort((a, b) => expected(b) - expected(a));

const concurrency = Math.max(1, Math.min(2, os.availableParallelism?.() ?? 2));
const timed = [];
const results = await pool(
  tasks.map((task) => task.run),
  concurrency,
);
for (const result of results) {
  tally(result, result.counts);
  timed.push(result);
}
try {
  mkdirSync(path.dirname(timesFile), { recursive: true });
  // Merged, so a `--only` run keeps the other processes' durations.
  writeFileSync(
    timesFile,
    JSON.stringify({ ...lastTimes, ...Object.fromEntries(tasks.map((task, index) => [task.key, Math.round(results[index].seconds)])) }, null, 2),
  );
} catch {
  // Ordering is an optimisation; a read-only tree still tests.
}

console.log('\nseconds per process (wall clock; two run at a time):');
for (const result of [...serial, ...timed])
  console.log(`  ${result.seconds.toFixed(1).padStart(6)} s  ${result.code === 0 ? 'ok    ' : 'FAILED'}  ${result.label}`);
console.log(`  ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)} s  total`);
console.log('');
if (failures.length > 0) console.log(`failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
