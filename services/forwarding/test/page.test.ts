/**
 * The self-service page end to end in headless Chromium (Debian's package, installed by scripts/ensure-chromium.mjs)
 * against the local stage: log in, set a forward, place a simulated call that reaches it, remove it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestStage, type TestStage } from './support/stage.ts';

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

const page = suite<{ t: TestStage; context: BrowserContext; page: Page; profile: string }>('self-service page in headless Chromium');

page.before(async (ctx) => {
  ctx.t = await startTestStage();
  ctx.profile = await mkdtemp(path.join(os.tmpdir(), 'forwarding-chromium-'));
  // headless: false because the flags above are passed as they are (including --headless) to Debian's binary.
  ctx.context = await chromium.launchPersistentContext(ctx.profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: chromiumFlags,
    timeout: 60_000,
  });
  ctx.page = ctx.context.pages()[0] ?? (await ctx.context.newPage());
  ctx.page.setDefaultTimeout(15_000);
});

page.after(async (ctx) => {
  await ctx.context?.close();
  await ctx.t?.stop();
  if (ctx.profile) await rm(ctx.profile, { recursive: true, force: true });
});

const row = (p: Page, number: string) => p.locator(`tr[data-number="${number}"]`);

page('log in, set a forward, call it, remove it', async ({ t, page: p }) => {
  await p.goto(t.url);
  await p.fill('#username', 'alice');
  await p.fill('#password', 'wrong');
  await p.click('#login-button');
  await p.waitForSelector('#login-message:has-text("wrong password")');

  await p.fill('#password', 'switchboard');
  await p.click('#login-button');
  await row(p, '+13125550100').waitFor();
  assert.is(await p.locator('#numbers tr').count(), 2, 'alice sees her two numbers, not bob’s');
  assert.match(await row(p, '+13125550100').innerText(), /Voice Connector/);

  await row(p, '+13125550100').locator('button.manage').click();
  // The guard's refusal reaches the user with its rule.
  await p.fill('#dest-0', '+19005550100');
  await p.click('#save');
  await p.waitForSelector('#editor-message:has-text("destination-number-type")');

  await p.fill('#dest-0', '+13125550199');
  await p.fill('#dest-1', '+12025550123');
  await p.click('#save');
  await p.waitForSelector('#editor-message:has-text("Forward set")');
  await p.waitForSelector('#editor-message:has-text("Routing: completed")');
  assert.match(await row(p, '+13125550100').innerText(), /forwarding/);
  assert.match(await row(p, '+13125550100').innerText(), /\+13125550199 → \+12025550123/);

  await p.fill('#sim-answer', 'busy, answer');
  await p.click('#sim-call');
  await p.waitForSelector('#call-result:has-text("connected to +12025550123")');
  assert.match(await p.innerText('#call-result'), /caller ID \+14155552671/);

  await p.selectOption('#voice-connector', 'abcdef1ghij2klmno3pqr4');
  await p.click('#remove');
  await p.waitForSelector('#editor-message:has-text("Forward removed")');
  await p.waitForSelector('#editor-message:has-text("Routing: completed")');
  assert.match(await row(p, '+13125550100').innerText(), /Voice Connector abcdef1ghij2klmno3pqr4/);
  const history = await p.innerText('#history');
  assert.match(history, /forward-set/);
  assert.match(history, /forward-removed/);
  assert.match(history, /switch-completed/);

  await p.click('#sim-call');
  await p.waitForSelector('#call-result:has-text("route: voice-connector")');
});

page.run();
