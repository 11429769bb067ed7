#!/usr/bin/env node
/**
 * Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (the self-service pages are tested
 * end to end in headless Chromium through playwright-core, which brings no browser of its own).
 *
 * - Already installed: prints the version, exits 0.
 * - Missing and running as root: `apt-get install chromium` (non-interactive, waiting for the dpkg lock if another
 *   install holds it), then checks the binary runs.
 * - Missing and not root: says what to run and exits 1 — a browser test must not silently skip.
 *
 * Usage: node scripts/ensure-chromium.mjs
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = '/usr/bin/chromium';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: options.timeoutMs ?? 15 * 60_000,
  });
  if (result.error) throw result.error;
  return result;
}

function version() {
  const result = run(chromiumPath, ['--headless', '--no-sandbox', '--version'], { capture: true, timeoutMs: 60_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

if (existsSync(chromiumPath)) {
  console.log(`chromium: ${version() ?? 'installed'} at ${chromiumPath}`);
  process.exit(0);
}

if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.error(`chromium is missing at ${chromiumPath}; install it with: sudo apt-get install -y chromium`);
  process.exit(1);
}

console.log('chromium: not installed; installing the Debian package (this takes a few minutes once)');
// Another process may be installing packages right now: wait for the dpkg lock instead of failing.
const lock = ['-o', 'DPkg::Lock::Timeout=600'];
const update = run('apt-get', [...lock, 'update']);
if (update.status !== 0) {
  console.error('apt-get update failed');
  process.exit(update.status ?? 1);
}
const install = run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation']);
if (install.status !== 0 || !existsSync(chromiumPath)) {
  console.error('apt-get install chromium failed');
  process.exit(install.status || 1);
}
const installed = version();
if (!installed) {
  console.error(`${chromiumPath} was installed but does not start`);
  process.exit(1);
}
console.log(`chromium: installed ${installed}`);
