/**
 * The console's browser harness: `npm start` (scripts/start.ts) in its own process on free ports
 * (SWITCHBOARD_PORT_BASE=0) with a fresh data directory, and Debian's Chromium through playwright-core.
 * One browser for the whole run; each role gets its own tab (sessionStorage is per tab).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const consoleRoot = fileURLToPath(new URL('../..', import.meta.url));
export const repositoryRoot = path.resolve(consoleRoot, '..');
export const screenshotsDir = path.join(consoleRoot, 'screenshots');

const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleStage {
  consoleUrl: string;
  apis: Record<string, string>;
  context: BrowserContext;
  /** Browser console errors and CSP violations seen so far (a page that breaks its own CSP fails the run). */
  problems: string[];
  /** The local users' passwords, generated for this run's data folder (as npm start prints them). */
  passwords: Record<string, string>;
  stop(): Promise<void>;
}

async function waitFor(output: () => string, exited: () => boolean, text: string, guardMs = 120_000) {
  const deadline = Date.now() + guardMs;
  while (!output().includes(text)) {
    if (exited()) throw new Error(`start.ts exited before printing "${text}":\n${output()}`);
    if (Date.now() > deadline) throw new Error(`start.ts did not print "${text}":\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startConsoleStage(): Promise<ConsoleStage> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-console-test-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'scripts', 'start.ts'), '--data-dir', dataDir], {
    cwd: repositoryRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', SWITCHBOARD_LOG_LEVEL: 'ERROR', SWITCHBOARD_PORT_BASE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  child.once('exit', () => (exited = true));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'switchboard-console-chromium-'));
  let context: BrowserContext | undefined;
  const stop = async () => {
    await context?.close().catch(() => undefined);
    if (!exited) {
      child.kill('SIGINT');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(undefined);
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    await rm(profile, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () => output,
      () => exited,
      'Ctrl-C stops everything.',
    );
    const consoleUrl = /Console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    if (!consoleUrl) throw new Error(`start.ts printed no console URL:\n${output}`);
    const config = (await (await fetch(new URL('config.json', consoleUrl))).json()) as { apis: Record<string, string> };
    // headless: false because the flags above (with --headless) go to Debian's binary as they are.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: false,
      args: chromiumFlags,
      viewport: { width: 1280, height: 800 },
      // No animations: axe and the screenshots see the settled page, not a flash bar fading in.
      reducedMotion: 'reduce',
      timeout: 60_000,
    });
    const problems: string[] = [];
    context.on('page', (page) => watch(page, problems));
    for (const page of context.pages()) watch(page, problems);
    await mkdir(screenshotsDir, { recursive: true });
    const stored = JSON.parse(await readFile(path.join(dataDir, 'auth', 'local-users.json'), 'utf8')) as {
      users: Record<string, { password: string }>;
    };
    const passwords = Object.fromEntries(Object.entries(stored.users).map(([name, user]) => [name, user.password]));
    return { consoleUrl, apis: config.apis, context, problems, passwords, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function watch(page: Page, problems: string[]) {
  page.on('console', (message) => {
    const text = message.text();
    // A 4xx the page shows to the user (a 422 on a form) is logged by Chromium as a failed resource.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(text))
      problems.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
}

export async function signIn(stage: ConsoleStage, username: string): Promise<Page> {
  const page = await stage.context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(stage.consoleUrl);
  await page.getByRole('radio', { name: new RegExp(`^${username}(\\s|$)`) }).check();
  await page.getByLabel('Password').fill(stage.passwords[username] ?? '');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Side navigation' }).waitFor();
  return page;
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page (evaluated through the DevTools protocol, so the console's CSP stays on). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  const result = (await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run;
    return run(document, { resultTypes: ['violations'] });
  })) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
}
