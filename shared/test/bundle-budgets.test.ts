/**
 * Bundle budgets (issue 12 §3) over a prod build (minified, no source maps — what deploys), built here into a
 * temporary folder so the figures never depend on what `dist/` last held. The table is `bench/bundle-budgets.ts`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { budgetFor, callerWaitsBytes, knownOver, otherBytes, ownBudgets } from '../../bench/bundle-budgets.ts';
import { repoRoot } from '../src/testing/index.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

test('the table classes handlers as the issue says', () => {
  assert.is(budgetFor('routing/sma').baseBytes, callerWaitsBytes);
  assert.is(budgetFor('routing/lex-hook').baseBytes, callerWaitsBytes);
  assert.is(budgetFor('callouts/contact-flow-start-call').baseBytes, callerWaitsBytes, 'contact-flow Lambdas by name');
  assert.is(budgetFor('sms/faq-lex-hook').baseBytes, callerWaitsBytes, 'a new Lex hook is one automatically');
  assert.is(budgetFor('callouts/contact-disconnected').baseBytes, otherBytes, 'an event handler is not on the call path');
  assert.is(budgetFor('callouts/workbook-uploaded').kind, 'own');
  assert.is(budgetFor('some/new-handler').maxBytes, otherBytes);
});

test('every prod bundle is within its budget, and the table names only handlers that exist', () => {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-budgets-'));
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--profile', 'prod', '--outdir', outdir], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const info = JSON.parse(readFileSync(path.join(outdir, 'build-info.json'), 'utf8')) as {
      profile: string;
      bundles: Record<string, { bytes: number }>;
    };
    assert.is(info.profile, 'prod');
    const over: string[] = [];
    const lines: string[] = [];
    for (const [name, { bytes }] of Object.entries(info.bundles).sort()) {
      const budget = budgetFor(name);
      const status =
        bytes > budget.maxBytes
          ? 'OVER'
          : budget.kind === 'known-over' && bytes <= budget.baseBytes
            ? 'under its base budget: delete its knownOver row'
            : 'ok';
      lines.push(`  ${name.padEnd(38)} ${kib(bytes).padStart(12)}  ≤ ${kib(budget.maxBytes).padStart(12)}  ${budget.kind.padEnd(12)} ${status}`);
      if (bytes > budget.maxBytes) {
        over.push(
          `${name}: ${kib(bytes)} > ${kib(budget.maxBytes)} (${budget.kind}${budget.kind === 'known-over' ? `, measured ${kib(knownOver[name]!.measuredBytes)}` : ''})`,
        );
      }
    }
    console.log(`bundle budgets (prod):\n${lines.join('\n')}`);
    const stale = [...Object.keys(knownOver), ...Object.keys(ownBudgets)].filter((name) => !(name in info.bundles));
    assert.equal(stale, [], 'bench/bundle-budgets.ts names handlers that no longer exist');
    assert.equal(over, [], `bundles over budget (bench/bundle-budgets.ts):\n  ${over.join('\n  ')}`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test.run();
