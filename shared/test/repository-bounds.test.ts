/**
 * The repository stands alone (issue 12 §1): no file reads, imports or links a path outside the repository root —
 * a user's clone has nothing beside it (no `../shared/reference`). Every relative path written in a tracked text
 * file (imports, `new URL('…', import.meta.url)`, Markdown links, tsconfig includes, scripts) is resolved against
 * that file's folder and must stay inside the root; a `..` segment followed by `shared` in a path.resolve/join
 * argument list is refused outright.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/testing/index.ts';

const textExtensions = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|html|css|sh|txt)$|(?:^|\/)(?:run|Dockerfile|\.gitignore)$/;
/** A relative path: one or more `../` (or `..\`) segments and what follows, up to a quote, bracket or space. */
const relativePath = /(?<![\w.@/-])((?:\.\.[/\\])+(?:[\w.@$*{}-]+[/\\]?)*)/g;
const segmentEscape = /['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/g;

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\0').filter((file) => file.length > 0 && textExtensions.test(file) && !file.endsWith('package-lock.json'));
}

export function pathsLeavingRoot(root: string, file: string, text: string): string[] {
  const found: string[] = [];
  const folder = path.dirname(path.join(root, file));
  for (const match of text.matchAll(relativePath)) {
    const written = match[1]!;
    const resolved = path.resolve(folder, written);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) {
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${file}:${line}: ${written}`);
    }
  }
  for (const match of text.matchAll(segmentEscape)) {
    found.push(`${file}:${text.slice(0, match.index).split('\n').length}: ${match[0]}`);
  }
  return found;
}

// The offending samples are assembled at run time, so this file does not itself hold a path outside the root.
const up = (levels: number) => '../'.repeat(levels);
const dotdot = ['.', '.'].join('');

test('the scanner sees a path that leaves the root and lets one that stays inside pass', () => {
  const root = path.resolve('/repo');
  assert.equal(pathsLeavingRoot(root, 'services/sms/test/a.test.ts', `readFileSync(new URL('${up(4)}shared/reference/x.json', import.meta.url))`), [
    `services/sms/test/a.test.ts:1: ${up(4)}shared/reference/x.json`,
  ]);
  assert.equal(pathsLeavingRoot(root, 'README.md', `see [design](${up(1)}shared/DESIGN.md)`), [`README.md:1: ${up(1)}shared/DESIGN.md`]);
  assert.equal(pathsLeavingRoot(root, 'shared/src/testing/index.ts', `path.resolve(repoRoot, '${dotdot}', 'shared', 'reference')`).length, 1);
  assert.equal(
    pathsLeavingRoot(root, 'bench/x.bench.ts', "new URL('../shared/test/fixtures/chime/', import.meta.url)"),
    [],
    'bench/../shared is the repository own shared/',
  );
  assert.equal(pathsLeavingRoot(root, 'services/sms/tsconfig.json', '"../../shared/src/types/*.d.ts"'), []);
});

test('no tracked file reads, imports or links a path outside the repository', () => {
  const root = path.resolve(repoRoot);
  const offenders: string[] = [];
  for (const file of trackedFiles()) {
    const full = path.join(root, file);
    let text: string;
    try {
      if (statSync(full).size > 2_000_000) continue;
      text = readFileSync(full, 'utf8');
    } catch {
      continue; // deleted in the work tree
    }
    offenders.push(...pathsLeavingRoot(root, file, text));
  }
  assert.equal(offenders, [], `paths outside the repository:\n  ${offenders.join('\n  ')}`);
});

test.run();
