/**
 * What a browser downloads for the console, gzipped: the first page (index.html, the shell's entry chunk and
 * CSS, and the sign-in chunk a new visitor lands on), then each page's own chunks beyond what the shell already
 * loaded (route-level code splitting: a page costs only what it adds). Baseline, built in the same run with the
 * same Vite settings: a page that renders one React element with react-dom — the floor any React app pays.
 * Prints; asserts nothing.
 *
 *   npm run bench console
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('../', import.meta.url));
const consoleRoot = path.join(root, 'console');

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
  isDynamicEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

async function buildInto(viteRoot: string, outDir: string, configFile: string | false): Promise<Manifest> {
  await build({ root: viteRoot, configFile, logLevel: 'error', build: { outDir, emptyOutDir: true, manifest: true, sourcemap: false } });
  return JSON.parse(await readFile(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** Every file a chunk needs before it runs: itself, its CSS and its static imports, transitively. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, seen);
  return seen;
}

async function gzipBytes(outDir: string, files: Iterable<string>): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = await readFile(path.join(outDir, file));
    raw += body.byteLength;
    gzip += gzipSync(body, { level: 9 }).byteLength;
  }
  return { raw, gzip };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);

const work = await mkdtemp(path.join(tmpdir(), 'switchboard-console-bench-'));
try {
  // Baseline: one React element, built inside console/ so it resolves the same react and react-dom.
  const baselineRoot = path.join(consoleRoot, '.bench-baseline');
  await rm(baselineRoot, { recursive: true, force: true });
  await mkdir(baselineRoot, { recursive: true });
  const baselineOut = path.join(work, 'baseline');
  let baselineManifest: Manifest;
  try {
    await writeFile(
      path.join(baselineRoot, 'index.html'),
      '<!doctype html><html lang="en"><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
    );
    await writeFile(
      path.join(baselineRoot, 'main.js'),
      `import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(createElement('p', null, 'hello'));\n`,
    );
    baselineManifest = await buildInto(baselineRoot, baselineOut, false);
  } finally {
    await rm(baselineRoot, { recursive: true, force: true });
  }
  const baselineEntry = Object.keys(baselineManifest).find((key) => baselineManifest[key]!.isEntry)!;
  const baseline = await gzipBytes(baselineOut, [...closure(baselineManifest, baselineEntry), 'index.html']);

  const out = path.join(work, 'console');
  const manifest = await buildInto(consoleRoot, out, path.join(consoleRoot, 'vite.config.ts'));
  const entry = closure(manifest, 'index.html');
  const signIn = closure(manifest, 'src/pages/sign-in.tsx');
  const shell = closure(manifest, 'src/signed-in.tsx');
  const first = await gzipBytes(out, new Set([...entry, ...signIn, 'index.html']));
  const beyond = (files: Set<string>, ...loaded: Set<string>[]) => [...files].filter((file) => !loaded.some((set) => set.has(file)));
  const row = (label: string, size: { raw: number; gzip: number }, note = '') =>
    console.log(`  ${label.padEnd(46)} ${kib(size.raw)} ${kib(size.gzip)}${note}`);

  console.log('The console, as served (Vite production build; gzip -9 of each file)');
  console.log(`  ${'what'.padEnd(46)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`);
  row('baseline: one React element (react-dom)', baseline);
  row('first page: index.html + entry + sign-in', first, `   ${(first.gzip / baseline.gzip).toFixed(1)}× baseline`);
  row('after sign-in: the shell (AppLayout, navigation)', await gzipBytes(out, beyond(shell, entry)));
  console.log('  each page, beyond entry and shell:');
  const pages = Object.keys(manifest)
    .filter((key) => key.startsWith('src/pages/') && manifest[key]!.isDynamicEntry && key !== 'src/pages/sign-in.tsx')
    .sort();
  for (const key of pages) row(`  ${path.basename(key, '.tsx')}`, await gzipBytes(out, beyond(closure(manifest, key), entry, shell)));
  const swagger = Object.keys(manifest).find((key) => key.includes('swagger-ui-es-bundle'));
  if (swagger) row('  api-docs: Swagger UI viewer (loaded by that page)', await gzipBytes(out, beyond(closure(manifest, swagger), entry, shell)));
} finally {
  await rm(work, { recursive: true, force: true });
}
