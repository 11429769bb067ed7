/**
 * scripts/build.mjs over a fixture tree (infra/test/fixtures/build-root): bundles per handler, the stage table's
 * minify/sourcemaps per profile, the createRequire banner, metafile + build-info, sizes printed, non-zero exits.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../config.ts';

const buildScript = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
const fixtureRoot = fileURLToPath(new URL('./fixtures/build-root/', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'switchboard-build-test-'));

function build(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.SWITCHBOARD_PROFILE;
    if (!('SWITCHBOARD_STAGE' in env)) delete childEnv.SWITCHBOARD_STAGE;
    execFile(process.execPath, [buildScript, ...args], { env: childEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const devOut = path.join(scratch, 'dev');
const prodOut = path.join(scratch, 'prod');
const [devBuild, prodBuild] = await Promise.all([
  build(['--root', fixtureRoot, '--outdir', devOut]),
  build(['--root', fixtureRoot, '--outdir', prodOut], { SWITCHBOARD_STAGE: 'prod' }),
]);

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('every handler becomes dist/<service>/<handler>/index.mjs with the createRequire banner', () => {
  assert.is(devBuild.code, 0, devBuild.stderr);
  for (const handler of ['hello', 'ping']) {
    const code = readFileSync(path.join(devOut, 'demo', handler, 'index.mjs'), 'utf8');
    assert.ok(code.startsWith('import{createRequire}from"module";const require=createRequire(import.meta.url);'), `${handler} has the banner`);
  }
});

test('the bundle runs, and needs the banner for CommonJS code that requires builtins', async () => {
  const bundle = path.join(devOut, 'demo', 'hello', 'index.mjs');
  const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: (event: { name: string }) => Promise<unknown> };
  assert.equal(await handler({ name: 'Ada' }), { greeting: 'hello Ada', platform: process.platform });

  const withoutBanner = path.join(scratch, 'no-banner.mjs');
  writeFileSync(withoutBanner, readFileSync(bundle, 'utf8').split('\n').slice(1).join('\n'));
  try {
    // esbuild hoists the CommonJS module to load time: the import itself throws.
    await import(pathToFileURL(withoutBanner).href);
    assert.unreachable('without the banner the bundled require() must fail');
  } catch (error) {
    assert.match((error as Error).message, /Dynamic require of "os" is not supported/);
  }
});

test('dev follows the dev row (sourcemaps, not minified); SWITCHBOARD_STAGE=prod the prod row', () => {
  assert.is(prodBuild.code, 0, prodBuild.stderr);
  const devInfo = JSON.parse(readFileSync(path.join(devOut, 'build-info.json'), 'utf8'));
  const prodInfo = JSON.parse(readFileSync(path.join(prodOut, 'build-info.json'), 'utf8'));
  assert.equal([devInfo.profile, devInfo.minify, devInfo.sourcemaps], ['dev', stageTable.dev.minify, stageTable.dev.sourcemaps]);
  assert.equal([prodInfo.profile, prodInfo.minify, prodInfo.sourcemaps], ['prod', stageTable.prod.minify, stageTable.prod.sourcemaps]);
  assert.ok(existsSync(path.join(devOut, 'demo', 'hello', 'index.mjs.map')), 'dev writes a source map');
  assert.not.ok(existsSync(path.join(prodOut, 'demo', 'hello', 'index.mjs.map')), 'prod writes none');
  assert.ok(prodInfo.bundles['demo/hello'].bytes < devInfo.bundles['demo/hello'].bytes, 'prod bundle is minified');
});

test('prints each bundle size and writes a metafile for benchmarks', () => {
  assert.match(devBuild.stdout, /demo\/hello\s+\d+\.\d KiB\s+\d+\.\d KiB\s+2\n/);
  assert.match(devBuild.stdout, /demo\/ping\s+/);
  const meta = JSON.parse(readFileSync(path.join(devOut, 'meta.json'), 'utf8'));
  const outputs = Object.keys(meta.outputs).filter((file) => file.endsWith('.mjs'));
  assert.is(outputs.length, 2);
  assert.ok(Object.keys(meta.inputs).some((file) => file.endsWith('legacy-platform.cjs')));
});

test('a syntax error fails the build with its location and a non-zero exit', async () => {
  const root = path.join(scratch, 'broken');
  mkdirSync(path.join(root, 'services', 'broken', 'src', 'handlers'), { recursive: true });
  writeFileSync(path.join(root, 'services', 'broken', 'src', 'handlers', 'bad.ts'), 'export const handler = (;\n');
  const result = await build(['--root', root]);
  assert.is(result.code, 1);
  assert.match(result.stderr, /build: error: services\/broken\/src\/handlers\/bad\.ts:1:\d+: /);
});

test('a handler file that does not export `handler` fails the build', async () => {
  const root = path.join(scratch, 'no-export');
  mkdirSync(path.join(root, 'services', 'svc', 'src', 'handlers'), { recursive: true });
  writeFileSync(path.join(root, 'services', 'svc', 'src', 'handlers', 'main.ts'), 'export const main = () => 1;\n');
  const result = await build(['--root', root]);
  assert.is(result.code, 1);
  assert.match(result.stderr, /services\/svc\/src\/handlers\/main\.ts does not export `handler`/);
});

test('an unknown profile or service, or a partial build over another profile, is refused', async () => {
  assert.match(
    (await build(['--root', fixtureRoot, '--outdir', path.join(scratch, 'x'), '--profile', 'staging'])).stderr,
    /unknown profile "staging"/,
  );
  assert.match(
    (await build(['--root', fixtureRoot, '--outdir', path.join(scratch, 'x'), '--service', 'nope'])).stderr,
    /--service nope: no services\/nope/,
  );
  const mixed = await build(['--root', fixtureRoot, '--outdir', devOut, '--service', 'demo', '--profile', 'prod']);
  assert.is(mixed.code, 1);
  assert.match(mixed.stderr, /holds a dev build/);
});

test.run();
