/**
 * The console's browser flows share one local stage and one browser: a flow file under `test/flows/`
 * registers its flows with `flow(...)` and names the pages it photographs; `console.smoke.test.ts` starts
 * the stage, loads every flow file, and checks at the end that each declared page was checked (axe +
 * screenshot) exactly as declared. One stage for all flows keeps `npm test` from paying a start per area.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axe, screenshot, type ConsoleStage } from './browser.ts';

let current: ConsoleStage | undefined;
const checked: string[] = [];
const declared: string[] = [];

export function useStage(stage: ConsoleStage | undefined): void {
  current = stage;
}

/** The running stage (inside a flow). */
export function stage(): ConsoleStage {
  if (!current) throw new Error('the console stage is not running (flows run inside console.smoke.test.ts)');
  return current;
}

export const pagesDeclared = (): readonly string[] => declared;
export const pagesChecked = (): readonly string[] => checked;

/** axe (no serious or critical violations) + a 1280×800 screenshot named as in the README. */
export async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const violations = await axe(page);
  assert.equal(
    violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
    [],
    `${name}: axe found serious or critical violations`,
  );
  await screenshot(page, name);
  checked.push(name);
}

/**
 * A browser flow. `pages` names the screenshots it must take (the final test fails if one is missing).
 * On failure, what each open tab showed goes to os.tmpdir(), so a red run can be looked at.
 */
export function flow(name: string, pages: readonly string[], body: () => Promise<void>): void {
  declared.push(...pages);
  test(name, async () => {
    const started = performance.now();
    try {
      await body();
      // Where a slow run spends its time (the smoke test is the longest process of npm test).
      console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${name}`);
    } catch (error) {
      for (const [index, page] of stage().context.pages().entries()) {
        const file = path.join(os.tmpdir(), `console-failure-${name.slice(0, 20).replace(/\W+/g, '-')}-${index}.png`);
        await page.screenshot({ path: file }).catch(() => undefined);
        console.error(`screenshot of ${page.url()} at failure: ${file}`);
      }
      throw error;
    }
  });
}

/** Follow a side-navigation link by its title. */
export const navigate = (page: Page, title: string) =>
  page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: title, exact: true }).click();
