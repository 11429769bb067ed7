/**
 * Campaigns: a campaign manager downloads the template, drops a broken workbook and sees its issues, drops the
 * sample workbook, sees it validate, starts it, watches it complete on the local stage and opens the Excel report;
 * a JSON job waiting for its calling window is paused, resumed and cancelled; an admin manages the do-not-call list.
 */
import * as assert from 'uvu/assert';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { flow, check, navigate, stage } from '../support/flows.ts';
import { repositoryRoot, signIn } from '../support/browser.ts';

const sample = path.join(repositoryRoot, 'services/callouts/test/fixtures/samples/aws-callouts-cdk/call_job.xlsx');
/** The sample's receivers (phone_prefix +852) and what each says, in question order. */
const callees = {
  '+85212345678': ['Yes', 'C', '12', '2026-12-24', '09:15', 'OK'],
  '+85289654201': ['No', 'A', '3', '2026-12-01', '14:30', 'OK'],
} as const;

/** HH:MM in Hong Kong, `hours` from now (the sample's receivers are there). */
const hongKong = (hours: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Hong_Kong', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(Date.now() + hours * 3_600_000),
  );

/**
 * The sample workbook as it is, with its calling window set around the current hour in Hong Kong — so whether the
 * job calls now does not depend on when the test runs (its own window is the 08:00–21:00 default). `change` edits
 * it further (the broken copy).
 */
async function sampleWorkbook(dir: string, name: string, change?: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(sample);
  const configures = workbook.getWorksheet('configures')!;
  configures.addRow(['calling_window_start', hongKong(-1)]);
  configures.addRow(['calling_window_end', hongKong(3)]);
  change?.(workbook);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function scriptCallees() {
  const token = await fetch(new URL('auth/local/token', stage().consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'campaign-manager', password: stage().passwords['campaign-manager'] }),
  });
  const { idToken } = (await token.json()) as { idToken: string };
  for (const [number, utterances] of Object.entries(callees)) {
    // Short calls (the stand-in's default is a minute each) so the job completes in seconds.
    const scripted = await fetch(`${stage().apis.callouts}/simulator/callees/${encodeURIComponent(number)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ behaviour: 'answer', utterances, durationMs: 1_000, ringMs: 0 }),
    });
    assert.is(scripted.status, 200, await scripted.text());
  }
}

const dropWorkbook = (page: Page, file: string) => page.locator('input[type="file"]').setInputFiles(file);

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const saved = await file.path();
  return readFile(saved);
}

flow(
  "campaigns: the template, a broken workbook's issues, the sample workbook validated, started, completed and its report opened",
  ['campaigns-new-issues', 'campaigns-new', 'campaign-detail'],
  async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'console-campaigns-'));
    try {
      const good = await sampleWorkbook(dir, 'spring-survey.xlsx');
      const broken = await sampleWorkbook(dir, 'broken-survey.xlsx', (workbook) => {
        workbook.getWorksheet('questions')!.getRow(3).getCell(2).value = 'Essay';
        workbook.getWorksheet('receivers')!.getRow(3).getCell(2).value = 'call me';
      });
      const page = await signIn(stage(), 'campaign-manager');
      await navigate(page, 'Campaigns');
      await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'New job' }).first().click();
      await page.getByRole('heading', { name: 'New call job' }).waitFor();

      const template = await download(page, () => page.getByRole('button', { name: 'Download template workbook' }).first().click());
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template as never);
      assert.equal(
        workbook.worksheets.map((s) => s.name),
        ['configures', 'questions', 'receivers'],
        'the template opens as a workbook with the three sheets',
      );

      await dropWorkbook(page, broken);
      const issues = page.getByRole('table', { name: 'Validation issues' });
      await issues.waitFor();
      await issues.getByText(/unknown question type "Essay"/).waitFor();
      await issues.getByText(/"call me" is not a phone number/).waitFor();
      const row = issues.getByRole('row').filter({ hasText: 'call me' });
      assert.match(await row.innerText(), /receivers\s+3\s+phone_number/, 'the issue names its sheet, row and column');
      await page.getByText('2 problems found').waitFor();
      // The photograph shows the verdict and the issues table under it.
      await page.getByText('2 problems found').evaluate((node) => node.scrollIntoView({ block: 'start' }));
      await check(page, 'campaigns-new-issues');

      await dropWorkbook(page, good);
      await page.getByText('Ready to start').waitFor();
      assert.is(await page.getByLabel('Job id').inputValue(), 'spring-survey');
      await page.getByText('2 receivers to call, 6 questions.').waitFor();
      await page.getByText('Hi Cyrus, This is a simple survey.').first().waitFor();
      await page.getByText('Ready to start').evaluate((node) => node.scrollIntoView({ block: 'start' }));
      await check(page, 'campaigns-new');

      await scriptCallees();
      await page.getByRole('button', { name: 'Start job' }).click();
      await page.getByRole('heading', { name: 'Job spring-survey' }).waitFor();
      await page.getByRole('link', { name: 'Excel report' }).waitFor({ timeout: 90_000 });
      const receivers = page.getByRole('table', { name: 'Receivers' });
      await receivers.getByRole('row').filter({ hasText: '+85212345678' }).getByText('Completed', { exact: true }).waitFor();
      await receivers.getByRole('row').filter({ hasText: '+85289654201' }).getByText('Completed', { exact: true }).waitFor();

      const report = await download(page, () => page.getByRole('link', { name: 'Excel report' }).click());
      const opened = new ExcelJS.Workbook();
      await opened.xlsx.load(report as never);
      const sheet = opened.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const rows = new Map<string, Record<string, unknown>>();
      sheet.eachRow((r, n) => {
        if (n === 1) return;
        const values = (r.values as unknown[]).slice(1);
        const record = Object.fromEntries(header.map((h, i) => [h, values[i]]));
        rows.set(String(record.phone_number), record);
      });
      for (const [number, said] of Object.entries(callees)) {
        const record = rows.get(number);
        assert.ok(record, `the report has ${number}`);
        assert.is(record!.status, 'Completed');
        assert.equal(
          said.map((_, i) => String(record![`Question_${i + 1}`])),
          [...said],
          `${number}'s answers in the report`,
        );
      }

      await receivers.getByRole('row').filter({ hasText: '+85212345678' }).getByRole('radio').check();
      await page.getByRole('table', { name: 'Answers of 1' }).getByText('2026-12-24').waitFor();
      await page.getByText('Prompts for receiver 1').waitFor();
      await page.getByText('<speak>Hi Cyrus, This is a simple survey.</speak>').waitFor();
      // The photograph shows the chart and the receivers (the progress above is in campaigns.png's list too).
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('heading', { name: 'Calls over time' }).evaluate((node) => node.scrollIntoView({ block: 'start' }));
      await check(page, 'campaign-detail');
      await page.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

flow(
  'campaigns: a JSON job waits for its calling window; pause, resume and cancel need confirming; admins manage the do-not-call list',
  ['campaigns-new-json', 'campaigns', 'campaigns-do-not-call'],
  async () => {
    const page = await signIn(stage(), 'campaign-manager');
    await navigate(page, 'Campaigns');
    await page.getByRole('button', { name: 'New job' }).first().click();
    await page.getByRole('tab', { name: 'JSON job' }).click();
    // A window that opens two hours from now in Hong Kong: the job waits, whatever time the test runs.
    const job = {
      task_id: 'evening-reminder',
      greeting: 'Hi {{ username }}.',
      ending: 'Goodbye.',
      phone_prefix: '+852',
      purpose: 'notification',
      calling_window: { start: hongKong(2), end: hongKong(3) },
      questions: [{ question_type: 'OK', question_template: 'Say OK to confirm.' }],
      receivers: [
        { id: 'parent-1', phone_number: '61234570', username: 'Mei' },
        { id: 'parent-2', phone_number: '61234571', username: 'Kit' },
      ],
    };
    await page.getByLabel('Job (JSON)').fill(JSON.stringify(job, null, 2));
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText('Ready to start').waitFor();
    await check(page, 'campaigns-new-json');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByRole('heading', { name: 'Job evening-reminder' }).waitFor();
    await page
      .getByText(new RegExp(`2 receivers waiting for ${hongKong(2).slice(0, 2)}:\\d\\d.* in Asia/Hong_Kong`))
      .first()
      .waitFor({ timeout: 30_000 });

    await navigate(page, 'Campaigns');
    const jobs = page.getByRole('table', { name: 'Call jobs' });
    const waiting = jobs.getByRole('row').filter({ hasText: 'evening-reminder' });
    await waiting.getByText(/waiting for .* in Asia\/Hong_Kong/).waitFor();
    await jobs.getByRole('row').filter({ hasText: 'spring-survey' }).getByText('Completed').first().waitFor();
    await check(page, 'campaigns');

    await page.getByRole('button', { name: 'Pause evening-reminder' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pause' }).click();
    await waiting.getByText('Paused').first().waitFor();
    await page.getByRole('button', { name: 'Resume evening-reminder' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause evening-reminder' }).waitFor();
    await page.getByRole('button', { name: 'Cancel evening-reminder' }).click();
    // Dismissing the confirmation changes nothing.
    await page.getByRole('dialog').getByRole('button', { name: 'Keep as it is' }).click();
    assert.ok(await page.getByRole('button', { name: 'Pause evening-reminder' }).isVisible(), 'still running');
    await page.getByRole('button', { name: 'Cancel evening-reminder' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel job' }).click();
    await waiting.getByText('Cancelled').first().waitFor();
    assert.not.ok(await page.getByRole('button', { name: 'Pause evening-reminder' }).isVisible(), 'a cancelled job has no actions');
    await page.close();

    const admin = await signIn(stage(), 'admin');
    await navigate(admin, 'Campaigns');
    await admin.getByRole('button', { name: 'Manage do-not-call list' }).click();
    await admin.getByLabel('Number to add').fill('+85261234599');
    await admin.getByLabel('Reason').fill('asked by phone');
    await admin.getByRole('button', { name: 'Add to the list' }).click();
    await admin.getByRole('rowheader', { name: '+85261234599' }).waitFor();
    await admin.getByLabel('Number to add').fill('+85261234598');
    await admin.getByRole('button', { name: 'Add to the list' }).click();
    await admin.getByRole('rowheader', { name: '+85261234598' }).waitFor();
    await admin.getByRole('button', { name: 'Remove +85261234598' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await admin.getByRole('rowheader', { name: '+85261234598' }).waitFor({ state: 'detached' });
    await check(admin, 'campaigns-do-not-call');
    await admin.close();
  },
);
