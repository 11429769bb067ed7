#!/usr/bin/env node
/**
 * Bundles every Lambda handler: services/<service>/src/handlers/<handler>.ts → dist/<service>/<handler>/index.mjs
 * (ESM, node22, AWS SDK bundled in — the runtime's copy is whatever version Lambda ships that day).
 *
 *   node scripts/build.mjs [--profile dev|prod] [--service <name>]... [--outdir dist] [--root .]
 *                          [--minify|--no-minify] [--sourcemap|--no-sourcemap]
 *
 * The profile picks the row of infra/stage-table.json (minify, sourcemaps) — the same table the Pulumi program
 * uses — from --profile, else SWITCHBOARD_PROFILE, else SWITCHBOARD_STAGE when it is dev or prod, else dev.
 * Writes <outdir>/meta.json (esbuild metafile, for bundle-size benchmarks) and <outdir>/build-info.json (what was
 * built and how; LambdaFunction refuses to deploy bundles built for the other profile). Prints each bundle's
 * size; exits non-zero on any error.
 */
import { build, version as esbuildVersion } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { englishOnlyZodLocales } from './build/zod-locales.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild ESM bundles that include CommonJS code (the SDK's dependencies) call require() for node builtins. */
export const requireBanner = 'import{createRequire}from"module";const require=createRequire(import.meta.url);';

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string' },
      service: { type: 'string', multiple: true },
      outdir: { type: 'string' },
      root: { type: 'string' },
      minify: { type: 'boolean' },
      'no-minify': { type: 'boolean' },
      sourcemap: { type: 'boolean' },
      'no-sourcemap': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
    process.exit(0);
  }
  const envStage = process.env.SWITCHBOARD_STAGE;
  const profile = values.profile ?? process.env.SWITCHBOARD_PROFILE ?? (envStage === 'dev' || envStage === 'prod' ? envStage : 'dev');
  const table = JSON.parse(readFileSync(path.join(repoRoot, 'infra', 'stage-table.json'), 'utf8'));
  const row = table[profile];
  if (profile.startsWith('$') || !row)
    fail(
      `unknown profile "${profile}" (infra/stage-table.json has ${Object.keys(table)
        .filter((k) => !k.startsWith('$'))
        .join(', ')})`,
    );
  const root = path.resolve(values.root ?? repoRoot);
  return {
    profile,
    root,
    outdir: path.resolve(values.outdir ?? path.join(root, 'dist')),
    services: values.service ?? [],
    minify: values['no-minify'] ? false : (values.minify ?? row.minify),
    sourcemaps: values['no-sourcemap'] ? false : (values.sourcemap ?? row.sourcemaps),
  };
}

/** Every handler entry point: one file per Lambda, `export const handler`. */
function findHandlers(root, onlyServices) {
  const servicesDir = path.join(root, 'services');
  if (!existsSync(servicesDir)) fail(`no services/ folder under ${root}`);
  const services = readdirSync(servicesDir).filter((name) => statSync(path.join(servicesDir, name)).isDirectory());
  for (const wanted of onlyServices) if (!services.includes(wanted)) fail(`--service ${wanted}: no services/${wanted}`);
  const entries = [];
  for (const service of services) {
    if (onlyServices.length > 0 && !onlyServices.includes(service)) continue;
    const handlersDir = path.join(servicesDir, service, 'src', 'handlers');
    if (!existsSync(handlersDir)) continue;
    for (const file of readdirSync(handlersDir).sort()) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts') || file.endsWith('.test.ts')) continue;
      const handler = file.slice(0, -'.ts'.length);
      entries.push({ service, handler, in: path.join(handlersDir, file), out: `${service}/${handler}/index` });
    }
  }
  return entries;
}

function formatBytes(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  const entries = findHandlers(options.root, options.services);
  if (entries.length === 0) {
    console.log('build: no handlers found under services/*/src/handlers/; nothing to bundle');
    return;
  }

  // Stale bundles of renamed handlers must not be deployed: rebuild each selected service's folder from scratch.
  const builtServices = [...new Set(entries.map((entry) => entry.service))];
  const infoPath = path.join(options.outdir, 'build-info.json');
  const metaPath = path.join(options.outdir, 'meta.json');
  // A partial build (--service) adds to an existing dist/, which must have been built the same way.
  const previous = options.services.length > 0 && existsSync(infoPath) ? JSON.parse(readFileSync(infoPath, 'utf8')) : undefined;
  if (previous && (previous.profile !== options.profile || previous.minify !== options.minify || previous.sourcemaps !== options.sourcemaps)) {
    fail(
      `${path.relative(process.cwd(), options.outdir)} holds a ${previous.profile} build (minify ${previous.minify}, sourcemaps ${previous.sourcemaps}); build every service for ${options.profile} (drop --service)`,
    );
  }
  if (options.services.length === 0) rmSync(options.outdir, { recursive: true, force: true });
  else for (const service of builtServices) rmSync(path.join(options.outdir, service), { recursive: true, force: true });
  mkdirSync(options.outdir, { recursive: true });

  const started = performance.now();
  let result;
  try {
    result = await build({
      entryPoints: entries.map((entry) => ({ in: entry.in, out: entry.out })),
      outdir: options.outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      // Prefer ESM builds of dependencies: they tree-shake, which keeps the bundled SDK small.
      mainFields: ['module', 'main'],
      banner: { js: requireBanner },
      minify: options.minify,
      sourcemap: options.sourcemaps ? 'linked' : false,
      // Stack traces need the mappings, not the sources; leaving sources out keeps the .map small.
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: options.root,
      legalComments: 'none',
      plugins: [englishOnlyZodLocales],
    });
  } catch (error) {
    for (const message of error.errors ?? []) {
      const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
      console.error(`build: error: ${where}${message.text}`);
    }
    if (!error.errors) console.error(error);
    process.exit(1);
  }
  const elapsedMs = Math.round(performance.now() - started);
  for (const warning of result.warnings) console.warn(`build: warning: ${warning.location?.file ?? ''} ${warning.text}`);

  const bundles = {};
  const problems = [];
  for (const entry of entries) {
    const outputKey = path
      .relative(options.root, path.join(options.outdir, `${entry.out}.mjs`))
      .split(path.sep)
      .join('/');
    const output = result.metafile.outputs[outputKey];
    if (!output) {
      problems.push(`${entry.service}/${entry.handler}: esbuild produced no ${outputKey}`);
      continue;
    }
    if (!output.exports.includes('handler')) problems.push(`services/${entry.service}/src/handlers/${entry.handler}.ts does not export \`handler\``);
    const code = readFileSync(path.join(options.root, outputKey));
    bundles[`${entry.service}/${entry.handler}`] = {
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      inputs: Object.keys(output.inputs).length,
    };
  }

  const width = Math.max(...Object.keys(bundles).map((name) => name.length), 'bundle'.length);
  console.log(
    `build: profile ${options.profile} (minify ${options.minify}, sourcemaps ${options.sourcemaps}), ${entries.length} handlers in ${elapsedMs} ms → ${path.relative(process.cwd(), options.outdir) || '.'}`,
  );
  console.log(`  ${'bundle'.padEnd(width)}  ${'size'.padStart(10)}  ${'gzip'.padStart(10)}  modules`);
  for (const [name, size] of Object.entries(bundles)) {
    console.log(`  ${name.padEnd(width)}  ${formatBytes(size.bytes).padStart(10)}  ${formatBytes(size.gzipBytes).padStart(10)}  ${size.inputs}`);
  }
  const total = Object.values(bundles).reduce((sum, size) => sum + size.bytes, 0);
  console.log(`  ${'total'.padEnd(width)}  ${formatBytes(total).padStart(10)}`);

  const keptBundles = Object.fromEntries(Object.entries(previous?.bundles ?? {}).filter(([name]) => !builtServices.includes(name.split('/')[0])));
  const previousMeta = previous && existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : { inputs: {}, outputs: {} };
  const keptOutputs = Object.fromEntries(Object.entries(previousMeta.outputs).filter(([file]) => existsSync(path.join(options.root, file))));
  writeFileSync(
    metaPath,
    JSON.stringify({ inputs: { ...previousMeta.inputs, ...result.metafile.inputs }, outputs: { ...keptOutputs, ...result.metafile.outputs } }),
  );
  writeFileSync(
    infoPath,
    `${JSON.stringify({ profile: options.profile, minify: options.minify, sourcemaps: options.sourcemaps, esbuild: esbuildVersion, builtAt: new Date().toISOString(), elapsedMs, bundles: { ...keptBundles, ...bundles } }, null, 2)}\n`,
  );

  if (problems.length > 0) {
    for (const problem of problems) console.error(`build: error: ${problem}`);
    process.exit(1);
  }
}

await main();
