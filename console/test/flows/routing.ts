/**
 * Routing: a routing editor edits a department (the 422 lands on the field), places a test call that follows the
 * saved route, and does not see what is not theirs (the call log, the admin-only Forwarding page); a supervisor
 * then finds that call in the call log by department and outcome and reads its timeline.
 */
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { flow, check, navigate, stage } from '../support/flows.ts';
import { signIn } from '../support/browser.ts';

/** A Cloudscape Select: open it by its label, pick the option. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

flow(
  'routing: a routing editor’s saved department is what the next test call follows; a supervisor finds it in the call log',
  ['routing', 'department-editor', 'calls', 'call-detail'],
  async () => {
    const editor = await signIn(stage(), 'routing-editor');
    // The Overview: today's calls are for every routing reader; a figure this role may not read is "—" and why.
    await editor.getByText(/routed, \d+ continued by text/).waitFor();
    await editor
      .getByText(/^Needs (the \S+ role|one of the roles )/)
      .first()
      .waitFor();
    const nav = editor.getByRole('navigation', { name: 'Side navigation' });
    assert.is(await nav.getByRole('link', { name: 'Forwarding', exact: true }).count(), 0, 'the admin-only Forwarding page is not offered');
    await navigate(editor, 'Routing');
    await editor.getByRole('link', { name: 'history', exact: true }).waitFor();
    await check(editor, 'routing');

    await editor.getByRole('link', { name: 'history', exact: true }).click();
    const extension = editor.getByLabel('Route to: extension');
    await extension.fill('12a');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByText(/^extension: /).waitFor();
    await check(editor, 'department-editor');

    await extension.fill('600399');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByText('Extension 600399').waitFor();

    await navigate(editor, 'Calls');
    await editor.getByLabel('The caller says').fill('history');
    await editor.getByRole('button', { name: 'Place test call' }).click();
    await editor.getByRole('heading', { name: 'Test call transcript' }).waitFor();
    const summary = await editor
      .getByText(/^Bridged to /)
      .first()
      .textContent();
    assert.match(summary ?? '', /600399/, 'the call is bridged to the extension just saved');
    // Callers' numbers are in the call log: not for a routing editor (the API refuses it too).
    await editor.getByText('The call log needs the admin, supervisor or agent role').waitFor();
    assert.is(await editor.getByRole('table').count(), 0, 'no call log table for a routing editor');
    await editor.getByRole('button', { name: /^Open call / }).click();
    await editor.getByText(/^Your role cannot see call /).waitFor();
    const callId = decodeURIComponent(new URL(editor.url()).pathname.split('/').pop() ?? '');
    await editor.goto(new URL('forwarding', stage().consoleUrl).toString());
    await editor.getByText('Not available to your role').waitFor();
    await editor.close();

    const supervisor = await signIn(stage(), 'supervisor');
    await navigate(supervisor, 'Calls');
    await choose(supervisor, 'Department', 'history');
    await choose(supervisor, 'Outcome', 'Routed');
    const row = supervisor.getByRole('link', { name: callId, exact: true });
    await row.waitFor({ timeout: 20_000 });
    assert.is(await row.count(), 1, 'the call is listed once');
    const rows = await supervisor.getByRole('table').locator('tbody tr').allTextContents();
    assert.ok(rows.length > 0 && rows.every((text) => /history/.test(text) && /Routed/.test(text)), 'every row is a routed history call');
    await choose(supervisor, 'Outcome', 'Failed');
    await supervisor.getByText('No call in this range matches the filters.').waitFor();
    await choose(supervisor, 'Outcome', 'Routed');
    await row.waitFor();
    await check(supervisor, 'calls');

    await row.click();
    await supervisor.getByRole('rowheader', { name: 'Routed' }).first().waitFor();
    assert.match((await supervisor.getByRole('table').textContent()) ?? '', /history/, 'the timeline names the department');
    await check(supervisor, 'call-detail');
    await supervisor.close();
  },
);
