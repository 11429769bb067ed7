/**
 * scripts/build.mjs gives bundles zod's English locale only: @hono/zod-openapi uses classic zod's namespace as a value,
 * which otherwise keeps every locale (≈ 260 KiB) in each API bundle. Bundled here the way the HTTP kit loads zod, then
 * run: issues must still read in English, and `z.locales` holds `en` alone.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { englishOnlyZodLocales } from '../../scripts/build/zod-locales.mjs';
import { repoRoot } from '../src/testing/index.ts';

const probe = `
  import { z } from '@hono/zod-openapi';
  const result = z.object({ name: z.string().min(2) }).safeParse({ name: 1 });
  const short = z.string().min(2).safeParse('a');
  console.log(JSON.stringify({ messages: [result.error.issues[0].message, short.error.issues[0].message], locales: Object.keys(z.locales) }));
`;

test('a bundle carries English alone and still speaks it', async () => {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-zod-locales-'));
  try {
    const result = await build({
      stdin: { contents: probe, resolveDir: repoRoot, loader: 'ts' },
      outfile: path.join(outdir, 'probe.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'silent',
      plugins: [englishOnlyZodLocales],
    });
    const locales = Object.keys(result.metafile.inputs).filter((input) => /zod\/v4\/locales\/[\w-]+\.js$/.test(input));
    assert.equal(
      locales.map((input) => path.basename(input)),
      ['en.js'],
    );
    const child = spawnSync(process.execPath, [path.join(outdir, 'probe.mjs')], { encoding: 'utf8' });
    assert.is(child.status, 0, child.stderr);
    const { messages, locales: names } = JSON.parse(child.stdout) as { messages: string[]; locales: string[] };
    assert.equal(names, ['en']);
    assert.equal(messages, ['Invalid input: expected string, received number', 'Too small: expected string to have >=2 characters']);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test.run();
