import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { createLocalIssuer } from '@switchboard/shared/http';
import { rejects } from '@switchboard/shared/testing';
import { test } from 'uvu';
import { WorkbookRefused, readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { createApp } from '../src/api/app.ts';
import { validateJob } from '../src/domain/job.ts';
import { reportRow } from '../src/domain/report.ts';
import { referenceWorkbooks, simulation } from './support.ts';
import { sheetXml, workbookBomb, workbookWithReceivers } from './workbook-files.ts';

const now = new Date('2026-03-02T02:00:00Z');

/** Names of a zip's entries in stored order (local headers), to prove which layout a file has. */
function zipOrder(bytes: Buffer): string[] {
  const names: string[] = [];
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])); at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at + 4)) {
    names.push(bytes.toString('utf8', at + 30, at + 30 + bytes.readUInt16LE(at + 26)));
  }
  return names;
}

const refused = (status: number, limit: string) => (error: unknown) =>
  error instanceof WorkbookRefused && error.status === status && error.limit === limit;

test('Excel layouts (shared strings stored after a sheet) are read by the streaming reader, strings resolved', async () => {
  for (const file of [referenceWorkbooks.callouts, referenceWorkbooks.cdk]) {
    const order = zipOrder(readFileSync(file));
    assert.ok(order.findIndex((n) => n.startsWith('xl/worksheets/')) < order.indexOf('xl/sharedStrings.xml'), `${file}: ${order.join(', ')}`);
  }
  const draft = await readCallJobWorkbook(referenceWorkbooks.cdk, 'cdk');
  assert.deepEqual(
    draft.receivers.map((r) => [r.values.id, r.values.phone_number, r.values.username]),
    [
      ['1', '12345678', 'Cyrus'],
      ['2', '89654201', 'Cyrus Wong'],
    ],
  );
  assert.equal(draft.greeting, 'Hi {{ username }}, This is a simple survey.');

  // exceljs with shared strings (written after the sheets) and rich text in a cell.
  const book = new ExcelJS.Workbook();
  book.addWorksheet('configures').addRows([
    ['Key', 'Value'],
    ['greeting', 'Hi'],
    ['ending', 'Bye'],
    ['phone_prefix', '+852'],
  ]);
  book.addWorksheet('questions').addRows([
    ['question_template', 'question_type'],
    ['Coming?', 'Yes/No'],
  ]);
  const receivers = book.addWorksheet('receivers');
  receivers.addRows([
    ['id', 'phone_number', 'username'],
    [1, 91234567, 'Ann & Co'],
  ]);
  receivers.getCell('C2').value = { richText: [{ text: 'Ann ' }, { text: '& Co', font: { bold: true } }] };
  const bytes = Buffer.from(await book.xlsx.writeBuffer({ useSharedStrings: true } as never));
  const read = await readCallJobWorkbook(bytes, 'exceljs');
  assert.deepEqual(
    read.receivers.map((r) => r.values.username),
    ['Ann & Co'],
  );
});

test('a workbook bomb (900 KB → 900 MiB, sizes declared honestly) is refused from its zip directory, before inflating', async () => {
  const bomb = workbookBomb('elements', 900);
  assert.ok(bomb.length < 1024 * 1024);
  const error = await rejects(() => readCallJobWorkbook(bomb, 'bomb'), refused(413, 'maxPartBytes'));
  assert.match((error as Error).message, /expands to more than 67108864 bytes/);
});

test('bombs that lie about their size are stopped by what is actually inflated: rows, part size, run of text', async () => {
  await rejects(() => readCallJobWorkbook(workbookBomb('rows', 200, { lie: true }), 'rows'), refused(422, 'maxReceiversPerJob'));
  await rejects(
    () => readCallJobWorkbook(workbookBomb('elements', 900, { lie: true }), 'parts', { limits: { maxPartBytes: 4 * 1024 * 1024 } }),
    refused(413, 'maxPartBytes'),
  );
  await rejects(
    () => readCallJobWorkbook(workbookBomb('elements', 900, { lie: true }), 'elements', { limits: { maxElements: 100_000 } }),
    refused(422, 'maxElements'),
  );
  await rejects(
    () => readCallJobWorkbook(workbookBomb('elements', 900, { lie: true }), 'total', { limits: { maxTotalBytes: 2 * 1024 * 1024 } }),
    refused(413, 'maxTotalBytes'),
  );
  await rejects(() => readCallJobWorkbook(workbookBomb('cell', 900, { lie: true }), 'cell'), refused(422, 'maxCellLength'));
  await rejects(() => readCallJobWorkbook(workbookBomb('whitespace', 900, { lie: true }), 'blank'), refused(422, 'maxCellLength'));
});

test('compressed size, declared dimension, columns and the time budget are limits too', async () => {
  const ok = workbookWithReceivers(
    sheetXml([
      ['id', 'phone_number'],
      [1, 91234567],
    ]),
  );
  await rejects(() => readCallJobWorkbook(ok, 'small', { limits: { maxCompressedBytes: 100 } }), refused(413, 'maxCompressedBytes'));
  const declared = workbookWithReceivers(
    sheetXml([
      ['id', 'phone_number'],
      [1, 91234567],
    ]).replace('<sheetData>', '<dimension ref="A1:B1048576"/><sheetData>'),
  );
  await rejects(() => readCallJobWorkbook(declared, 'dimension'), refused(422, 'maxRows'));
  const wide = workbookWithReceivers(
    sheetXml([
      ['id', 'phone_number'],
      [1, 91234567],
    ]).replace('</row></sheetData>', '<c r="ZZZ2"><v>1</v></c></row></sheetData>'),
  );
  await rejects(() => readCallJobWorkbook(wide, 'wide'), refused(422, 'maxColumns'));
  // An injected clock that moves a second per reading: the budget is spent after the first chunks.
  let clock = 0;
  await rejects(
    () => readCallJobWorkbook(ok, 'slow', { limits: { timeBudgetMs: 2_500 }, now: () => (clock += 1_000) }),
    refused(422, 'timeBudgetMs'),
  );
  // Within every limit the same file is a job.
  assert.ok(validateJob(await readCallJobWorkbook(ok, 'fine'), { now }).ok);
});

test('entity expansion is refused, not performed (no DOCTYPE in a part)', async () => {
  const laughs = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>';
  const book = workbookWithReceivers(
    sheetXml([
      ['id', 'phone_number', 'username'],
      [1, 91234567, '&b;'],
    ]).replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', laughs),
  );
  const draft = await readCallJobWorkbook(book, 'laughs');
  assert.match(draft.sourceIssues?.[0]?.reason ?? '', /DOCTYPE/);
});

test('receiver columns named constructor, __proto__ and prototype are data (workbook, validation, API, report)', async () => {
  const book = workbookWithReceivers(
    sheetXml([
      ['id', 'phone_number', 'constructor', '__proto__', 'prototype'],
      [1, 91234567, 'c1', 'p1', 'q1'],
    ]),
  );
  const draft = await readCallJobWorkbook(book, 'proto');
  const validation = validateJob(draft, { now });
  assert.ok(validation.ok, JSON.stringify(validation.ok ? '' : validation.issues));
  assert.deepEqual(validation.value.job.extraColumns, ['constructor', '__proto__', 'prototype']);
  assert.deepEqual(Object.entries(validation.value.receivers[0]!.fields), [
    ['constructor', 'c1'],
    ['__proto__', 'p1'],
    ['prototype', 'q1'],
  ]);

  const sim = simulation({ start: now, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const issuer = await createLocalIssuer();
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 3600,
    starter: { start: async () => undefined },
  });
  const token = await issuer.issueToken({ sub: 'u1', username: 'teacher', groups: ['campaign-manager'] });
  const json = {
    task_id: 'proto-json',
    greeting: 'Hi',
    ending: 'Bye',
    phone_prefix: '+852',
    questions: [{ question_type: 'OK', question_template: 'Say OK' }],
    receivers: [{ id: 'a', phone_number: '91234567', constructor: 'c', prototype: 'q' }],
  };
  // `__proto__` as an own key needs JSON text (in an object literal it would set the prototype).
  const body = JSON.stringify(json).replace('"phone_number":"91234567",', '"phone_number":"91234567","__proto__":"p",');
  const created = await app.request('/jobs', {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  assert.equal(created.status, 201, await created.clone().text());
  const results = (await (await app.request('/jobs/proto-json/results', { headers: { authorization: `Bearer ${token}` } })).json()) as {
    items: { fields: Record<string, string> }[];
  };
  assert.equal(results.items[0]?.fields.constructor, 'c');
  assert.equal(Object.getOwnPropertyDescriptor(results.items[0]?.fields, '__proto__')?.value, 'p');

  const row = reportRow(
    { jobId: 'proto', extraColumns: ['constructor', '__proto__', 'prototype'], questions: [] },
    {
      jobId: 'proto',
      receiverId: '1',
      row: 2,
      phoneNumber: '+85291234567',
      timeZones: [],
      fields: validation.value.receivers[0]!.fields,
      status: 'Completed',
      attempts: [],
      answers: [],
      updatedAt: now.toISOString(),
    },
  );
  assert.deepEqual(
    ['constructor', '__proto__', 'prototype'].map((c) => row[c]),
    ['c1', 'p1', 'q1'],
  );
});

test('POST /jobs answers a workbook bomb with a problem naming the limit, and keeps answering', async () => {
  const sim = simulation({ start: now, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const issuer = await createLocalIssuer();
  const app = createApp({
    verifier: issuer.verifier,
    campaign: sim.campaign,
    reports: sim.stores.reports,
    reportLinkSeconds: 3600,
    starter: { start: async () => undefined },
  });
  const token = await issuer.issueToken({ sub: 'u1', username: 'teacher', groups: ['campaign-manager'] });
  const upload = async (bytes: Buffer) => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], 'bomb.xlsx'));
    return app.request('/jobs', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  };
  const sized = await upload(workbookBomb('elements', 900));
  assert.equal(sized.status, 413);
  const problem = (await sized.json()) as { limit: string; limitValue: number; detail: string };
  assert.equal(problem.limit, 'maxPartBytes');
  assert.equal(problem.limitValue, 64 * 1024 * 1024);
  const rows = await upload(workbookBomb('rows', 200, { lie: true }));
  assert.equal(rows.status, 422);
  assert.equal(((await rows.json()) as { limit: string }).limit, 'maxReceiversPerJob');
  assert.equal((await app.request('/health')).status, 200);
});

test.run();
