/** Forwarding (admin): assign a number, set its forward, read the audit history. */
import * as assert from 'uvu/assert';
import { flow, check, navigate, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';

flow(
  'forwarding: an admin assigns a number and sets its forward; the audit history shows before and after',
  ['forwarding', 'number-detail'],
  async () => {
    const page = await signIn(stage(), 'admin');
    await navigate(page, 'Forwarding');
    await page.getByRole('link', { name: '+12065550103' }).waitFor();
    await check(page, 'forwarding');
    await page.getByRole('link', { name: '+12065550103' }).click();
    await page.getByLabel('Owner').fill('local-carol');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('+12065550103 assigned to local-carol').waitFor();
    await page.getByLabel('Forward to').fill('+14155550123');
    await page.getByRole('button', { name: 'Save forward' }).click();
    await page.getByText(/^Forward (set|replaced)/).waitFor();
    const history = page.getByRole('table').last();
    await history.locator('td').filter({ hasText: '"number": "+14155550123"' }).first().waitFor({ timeout: 20_000 });
    assert.match((await history.textContent()) ?? '', /local-carol/, 'the assignment is in the audit history');
    await check(page, 'number-detail');
    await page.close();
  },
);
