/**
 * Lambda bundle sizes and load times, per handler, as deployed on prod (minified, no source maps) and as built for
 * dev — the figures that drive cold starts. Builds a prod bundle set into a temporary folder with scripts/build.mjs,
 * reads its esbuild metafile to show which packages weigh most, and times a fresh `import()` of every prod bundle
 * in its own Node process (the module-initialisation part of a cold start; no AWS involved). Prints; asserts nothing.
 *
 *   npm run bench bundle-size
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const prodDir = mkdtempSync(path.join(tmpdir(), 'switchboard-bundle-bench-'));

interface BuildInfo {
  readonly profile: string;
  readonly bundles: Record<string, { bytes: number; gzipBytes: number; inputs: number }>;
}
interface Metafile {
  readonly outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** `node_modules/@aws-sdk/client-x/dist-es/…` → `@aws-sdk/client-x`; own code → `(switchboard)`. */
function packageOf(input: string): string {
  const marker = input.lastIndexOf('node_modules/');
  if (marker === -1) return '(switchboard)';
  const parts = input.slice(marker + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

try {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--profile', 'prod', '--outdir', prodDir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const prod = JSON.parse(readFileSync(path.join(prodDir, 'build-info.json'), 'utf8')) as BuildInfo;
  const devInfoPath = path.join(root, 'dist', 'build-info.json');
  const dev = existsSync(devInfoPath) ? (JSON.parse(readFileSync(devInfoPath, 'utf8')) as BuildInfo) : undefined;
  const meta = JSON.parse(readFileSync(path.join(prodDir, 'meta.json'), 'utf8')) as Metafile;

  const names = Object.keys(prod.bundles).sort();
  if (names.length === 0) {
    console.log('no handlers to measure');
  } else {
    const width = Math.max(...names.map((n) => n.length), 'bundle'.length);
    console.log(`node ${process.version}, ${names.length} handlers; prod = minified, no source maps; load = fresh process, import() of the bundle (median of 3)`);
    console.log(`${'bundle'.padEnd(width)}  ${'prod'.padStart(10)}  ${'prod gzip'.padStart(10)}  ${`dev (${dev?.profile ?? '—'})`.padStart(10)}  ${'load ms'.padStart(8)}  heaviest packages (prod bytes)`);
    for (const name of names) {
      const size = prod.bundles[name]!;
      const file = path.join(prodDir, name, 'index.mjs');
      const loads: number[] = [];
      for (let i = 0; i < 3; i++) {
        const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t))`;
        try {
          loads.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: prodDir, env: { ...process.env, AWS_REGION: 'us-east-1' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString()));
        } catch {
          loads.push(Number.NaN); // a handler whose module init needs its environment (config) — size still counts
        }
      }
      const load = loads.sort((a, b) => a - b)[1]!;
      const output = Object.entries(meta.outputs).find(([key]) => key.endsWith(`${name}/index.mjs`))?.[1];
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      }
      const heaviest = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([pkg, bytes]) => `${pkg} ${kib(bytes)}`).join(', ');
      const devBytes = dev?.bundles[name]?.bytes;
      console.log(
        `${name.padEnd(width)}  ${kib(size.bytes).padStart(10)}  ${kib(size.gzipBytes).padStart(10)}  ${(devBytes ? kib(devBytes) : '—').padStart(10)}  ${(Number.isNaN(load) ? 'n/a' : load.toFixed(0)).padStart(8)}  ${heaviest}`,
      );
    }
    const total = names.reduce((sum, n) => sum + prod.bundles[n]!.bytes, 0);
    console.log(`total prod ${kib(total)} across ${names.length} bundles`);
  }
} finally {
  rmSync(prodDir, { recursive: true, force: true });
}
