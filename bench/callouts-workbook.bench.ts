/**
 * Workbook figures for a 10,000-receiver call job: reading + validating the upload (streaming reader, templates
 * rendered per row) and writing the 10,000-row report (streaming writer). Each measurement runs in a fresh child
 * process so its peak RSS (getrusage maxrss) is its own. Baseline in the same run: the same workbook read with
 * exceljs's in-memory reader (Workbook.xlsx.load), and the report written with the in-memory writer.
 * Targets (issue 5): each under 3 s and 300 MB on this machine.
 *
 *   node --import tsx bench/callouts-workbook.bench.ts [receivers]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readCallJobWorkbook } from '../services/callouts/src/adapters/excel/read-call-job-workbook.ts';
import { reportWorkbookBuffer } from '../services/callouts/src/adapters/excel/write-report-workbook.ts';
import { validateJob } from '../services/callouts/src/domain/job.ts';
import type { ReceiverResult } from '../services/callouts/src/domain/results.ts';

const [mode, file, countArg] = process.argv.slice(2);
const receivers = Number((mode && /^\d+$/.test(mode) ? mode : countArg) ?? 10_000);

const questions = [
  ['question_template', 'question_type'],
  ['Are you coming to class {{ class }}, {{ username }}?', 'Yes/No'],
  ['Which option, A to E?', 'Multiple Choice'],
  ['How many hours?', 'Number'],
  ['Which date suits you?', 'Date'],
  ['What time?', 'Time'],
  ['Say OK if you got it.', 'OK'],
];
const job = {
  jobId: 'bench',
  extraColumns: ['username', 'class', 'email'],
  questions: questions.slice(1).map((_, i) => ({ index: i + 1, type: 'YesNo' as const, template: 'x' })),
};

function results(count: number): ReceiverResult[] {
  return Array.from({ length: count }, (_, i) => ({
    jobId: 'bench',
    receiverId: String(i + 1),
    row: i + 2,
    phoneNumber: `+8529${String(1000000 + i)}`,
    timeZones: ['Asia/Hong_Kong'],
    fields: { username: `Student ${i}`, class: `${(i % 6) + 1}A`, email: `student${i}@example.edu` },
    status: 'Completed',
    attempts: [{ attempt: 1, clientToken: 't', startedAt: '2026-03-02T02:00:00.000Z' }],
    answers: ['Yes', 'B', '3', '2026-12-01', '14:30', 'OK'],
    callAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:01:00.000Z',
  }));
}

async function child(): Promise<void> {
  const started = performance.now();
  let detail = '';
  if (mode === 'read') {
    const draft = await readCallJobWorkbook(file!, 'bench');
    const validation = validateJob(draft, { now: new Date('2026-03-02T02:00:00Z') });
    if (!validation.ok) throw new Error(`invalid: ${JSON.stringify(validation.issues.slice(0, 3))}`);
    detail = `${validation.value.receivers.length} valid receivers`;
  } else if (mode === 'read-in-memory') {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file!) as never);
    detail = `${book.getWorksheet('receivers')!.rowCount - 1} rows loaded (no validation)`;
  } else if (mode === 'write') {
    const buffer = await reportWorkbookBuffer(job, results(receivers));
    detail = `${(buffer.length / 1024).toFixed(0)} KiB`;
  } else if (mode === 'write-in-memory') {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('report');
    for (const r of results(receivers))
      sheet.addRow([r.jobId, r.receiverId, r.callAt, r.status, null, r.phoneNumber, 1, ...Object.values(r.fields), ...r.answers]);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    detail = `${(buffer.length / 1024).toFixed(0)} KiB`;
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'callouts-bench-'));
  const workbookPath = path.join(dir, 'bench.xlsx');
  // The upload: a workbook as Excel writes it (shared strings before the sheets), built with the streaming writer.
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: workbookPath, useSharedStrings: true });
  const add = (name: string, rows: (string | number)[][]) => {
    const sheet = writer.addWorksheet(name);
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  };
  add('configures', [
    ['Key', 'Value'],
    ['greeting', 'Hi {{ username }}, this is your school.'],
    ['ending', 'Goodbye {{ username }}.'],
    ['phone_prefix', '+852'],
  ]);
  add('questions', questions);
  add('receivers', [
    ['id', 'phone_number', 'username', 'class', 'email'],
    ...Array.from({ length: receivers }, (_, i) => [i + 1, 91000000 + i, `Student ${i}`, `${(i % 6) + 1}A`, `student${i}@example.edu`]),
  ]);
  await writer.commit();
  const self = fileURLToPath(import.meta.url);
  console.log(
    `callouts workbook: ${receivers} receivers, 6 questions, 3 extra columns (${(readFileSync(workbookPath).length / 1024).toFixed(0)} KiB upload); each figure in a fresh process`,
  );
  for (const [label, childMode] of [
    ['read + validate (streaming)', 'read'],
    ['baseline: in-memory load only', 'read-in-memory'],
    ['write report (streaming)', 'write'],
    ['baseline: in-memory writer', 'write-in-memory'],
  ] as const) {
    const out = spawnSync(process.execPath, ['--import', 'tsx', self, childMode, workbookPath, String(receivers)], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    if (out.status !== 0) {
      console.log(`${label}: failed\n${out.stderr}`);
      continue;
    }
    const figures = JSON.parse(out.stdout) as { ms: number; maxRssMb: number; detail: string };
    console.log(
      `${label.padEnd(32)} ${(figures.ms / 1000).toFixed(2).padStart(6)} s   peak RSS ${figures.maxRssMb.toFixed(0).padStart(4)} MB   (${figures.detail})`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(path.join(tmpdir(), 'callouts-workbook-bench.done'), new Date().toISOString());
}

if (mode && !/^\d+$/.test(mode)) await child();
else await main();
