/**
 * Test helpers shared by every workspace. Kept out of Lambda bundles: only tests import this module.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root (this file lives at shared/src/testing/index.ts). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Absolute path of a file under `../shared/reference/` — the real data from the public samples the
 * project comes from. The folder sits beside the repository (CI clones the repo next to it).
 */
export function referencePath(...segments: string[]): string {
  const candidate = path.resolve(repoRoot, '..', 'shared', 'reference', ...segments);
  if (!existsSync(candidate)) {
    throw new Error(`reference file not found: ${candidate} (expected ../shared/reference beside the repository)`);
  }
  return candidate;
}
