import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { CalloutCompleted, CalloutRequested } from '@switchboard/shared/contracts';
import { test } from 'uvu';
import { readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { reportWorkbookBuffer } from '../src/adapters/excel/write-report-workbook.ts';
import { acceptCalloutRequested, acceptDraft } from '../src/domain/intake.ts';
import type { ReceiverResult } from '../src/domain/results.ts';
import { referenceWorkbooks, simulation } from './support.ts';

const morning = new Date('2026-03-02T02:00:00Z');

test("the Excel report has the seed's columns, every extra column, and values that read back exactly (never a formula)", async () => {
  const job = {
    jobId: 'report',
    extraColumns: ['username', 'class', '=HYPERLINK("x")'],
    questions: [
      { index: 1, type: 'YesNo' as const, template: 'x' },
      { index: 2, type: 'Number' as const, template: 'y' },
    ],
  };
  const result: ReceiverResult = {
    jobId: 'report',
    receiverId: '7',
    row: 2,
    phoneNumber: '+85291234567',
    timeZones: [],
    fields: { username: '=cmd|"/c calc"!A1', class: '4B', '=HYPERLINK("x")': 'h' },
    status: 'PartiallyCompleted',
    attempts: [{ attempt: 1, clientToken: 't', startedAt: '2026-03-02T02:00:00Z' }],
    answers: ['Yes', '-7'],
    callAt: '2026-03-02T02:00:00Z',
    updatedAt: '2026-03-02T02:01:00Z',
  };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await reportWorkbookBuffer(job, [result])) as never);
  const sheet = book.getWorksheet('report')!;
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [
    'task_id',
    'receiver_id',
    'call_at',
    'status',
    'error',
    'phone_number',
    'username',
    'class',
    '=HYPERLINK("x")',
    'Question_1',
    'Question_2',
    'attempts',
  ]);
  const row = (sheet.getRow(2).values as unknown[]).slice(1);
  assert.equal(row[0], 'report');
  assert.equal(row[3], 'PartiallyCompleted');
  // Values read back exactly (no literal apostrophes), and formula-like text is a text cell, never a formula.
  assert.equal(row[5], '+85291234567');
  assert.equal(row[6], '=cmd|"/c calc"!A1');
  assert.equal(sheet.getRow(2).getCell(7).type, ExcelJS.ValueType.String);
  assert.equal(sheet.getRow(1).getCell(9).type, ExcelJS.ValueType.String);
  assert.equal(row[7], '4B');
  assert.equal(row[9], 'Yes');
  assert.equal(row[10], '-7');
  assert.equal(row[11], 1);
});

test('re-uploading the same workbook starts nothing new; a different file under the same id is a conflict', async () => {
  const sim = simulation({ start: morning, callees: () => ({ behaviour: 'answer', utterances: ['Yes'] }) });
  const started: string[] = [];
  const starter = { start: async (jobId: string) => void started.push(jobId) };
  const first = await acceptDraft(sim.campaign, starter, await readCallJobWorkbook(referenceWorkbooks.cdk, 'call_job'));
  const again = await acceptDraft(sim.campaign, starter, await readCallJobWorkbook(referenceWorkbooks.cdk, 'call_job'));
  const other = await acceptDraft(sim.campaign, starter, await readCallJobWorkbook(referenceWorkbooks.callouts, 'call_job'));
  assert.deepEqual([first.kind, again.kind, other.kind], ['created', 'duplicate', 'conflict'], JSON.stringify(other));
  assert.deepEqual(started, ['call_job']);
});

test('a CalloutRequested delivered twice places each call once and answers with CalloutCompleted', async () => {
  const sim = simulation({ start: new Date('2026-03-02T16:00:00Z'), callees: () => ({ behaviour: 'answer', utterances: ['okay'] }) });
  const starter = { start: (jobId: string) => sim.runner.startJob(jobId) };
  sim.bus.subscribe(CalloutRequested.pattern, async (event) => void (await acceptCalloutRequested(sim.campaign, starter, event)));
  const request = {
    requestId: 'incident-42-operator',
    purpose: 'operational' as const,
    requestedBy: 'iot-triage',
    greeting: 'This is Switchboard about {{ site }}.',
    ending: 'Thank you.',
    questions: [{ type: 'OK' as const, template: 'Unit {{ device }} reports a fault. Say OK to acknowledge.' }],
    receivers: [{ receiverId: 'operator-1', phoneNumber: '+85291234567', attributes: { site: 'Kowloon Bay', device: 'AC-7' } }],
    callbackContext: { incidentId: 'incident-42' },
  };
  const envelope = CalloutRequested.envelope(request, { correlationId: 'incident-42', id: 'evt-1' });
  const delivery = {
    version: '0' as const,
    id: 'e1',
    'detail-type': CalloutRequested.detailType,
    source: CalloutRequested.source,
    account: '1',
    time: envelope.metadata.occurredAt,
    region: 'local',
    resources: [],
    detail: envelope,
  };
  sim.bus.put(delivery);
  sim.bus.put({ ...delivery, id: 'e2' });
  // 00:00 in Hong Kong: an operational call is not held for the calling window.
  await sim.scheduler.run(
    () => sim.runner.idle && sim.world.connect.inProgress === 0 && sim.bus.history.some((e) => e['detail-type'] === 'CalloutJobCompleted'),
  );
  assert.equal(sim.world.connect.calls.length, 1);
  assert.match(sim.world.connect.calls[0]?.spoken.join(' ') ?? '', /Kowloon Bay.*AC-7/);
  const completed = sim.bus.history.filter((e) => e['detail-type'] === CalloutCompleted.detailType).map((e) => CalloutCompleted.parse(e).data);
  assert.equal(completed.length, 1);
  assert.equal(completed[0]?.status, 'Completed');
  assert.equal(completed[0]?.requestId, 'incident-42-operator');
  assert.deepEqual(completed[0]?.callbackContext, { incidentId: 'incident-42' });
  assert.deepEqual(
    completed[0]?.answers.map((a) => [a.questionIndex, a.type, a.answer]),
    [[1, 'OK', 'OK']],
  );
});

test.run();
