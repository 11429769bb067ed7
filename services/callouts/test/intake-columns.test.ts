import assert from 'node:assert/strict';
import { test } from 'uvu';
import { readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { submitJob } from '../src/domain/campaign.ts';
import { callTaskSchema, draftFromCallTask } from '../src/domain/intake-drafts.ts';
import { validateJob } from '../src/domain/job.ts';
import { simulation } from './support.ts';
import { sheetXml, workbookWithReceivers } from './workbook-files.ts';

const now = new Date('2026-03-02T02:00:00Z');

test('a timezone column (and the documented aliases) is the receiver time zone, in a workbook and in JSON', async () => {
  const book = workbookWithReceivers(
    sheetXml([
      ['id', 'phone_number', 'timezone'],
      [1, '+12125550147', 'America/New_York'],
    ]),
  );
  const fromBook = validateJob(await readCallJobWorkbook(book, 'tz'), { now });
  assert.ok(fromBook.ok, JSON.stringify(fromBook.ok ? '' : fromBook.issues));
  assert.deepEqual(fromBook.value.receivers[0]?.timeZones, ['America/New_York']);
  assert.deepEqual(fromBook.value.job.extraColumns, []);
  assert.ok(fromBook.value.warnings.some((w) => /read as "time_zone"/.test(w.reason)));
  const fromJson = validateJob(
    draftFromCallTask(
      callTaskSchema.parse({
        task_id: 'tz',
        greeting: 'Hi',
        ending: 'Bye',
        questions: [{ question_type: 'OK', question_template: 'Say OK' }],
        receivers: [{ id: 'a', 'Phone Number': '+12125550147', TZ: 'America/Chicago' }],
      }),
    ),
    { now },
  );
  assert.ok(fromJson.ok, JSON.stringify(fromJson.ok ? '' : fromJson.issues));
  assert.deepEqual(fromJson.value.receivers[0]?.timeZones, ['America/Chicago']);
});

test('an unknown column no prompt uses is warned about (it is still copied to the report)', () => {
  const result = validateJob(
    draftFromCallTask(
      callTaskSchema.parse({
        task_id: 'cols',
        greeting: 'Hi {{ username }}',
        ending: 'Bye',
        phone_prefix: '+852',
        questions: [{ question_type: 'OK', question_template: 'Say OK' }],
        receivers: [{ id: 'a', phone_number: '91234567', username: 'Ann', timezon: 'Asia/Hong_Kong' }],
      }),
    ),
    { now },
  );
  assert.ok(result.ok);
  assert.deepEqual(
    result.value.warnings.map((w) => w.column),
    ['timezon'],
  );
  assert.deepEqual(result.value.job.extraColumns, ['username', 'timezon']);
});

test('in skip mode a duplicate-id row is reported as rejected in the results and the report, not dropped', async () => {
  const sim = simulation({ start: now, callees: () => ({ behaviour: 'answer', utterances: ['OK'] }) });
  const draft = draftFromCallTask(
    callTaskSchema.parse({
      task_id: 'dups',
      greeting: 'Hi',
      ending: 'Bye',
      phone_prefix: '+852',
      on_invalid_rows: 'skip',
      questions: [{ question_type: 'OK', question_template: 'Say OK' }],
      receivers: [
        { id: 'a', phone_number: '91234567' },
        { id: 'a', phone_number: '61234567' },
        { id: 'b', phone_number: '92345678' },
      ],
    }),
  );
  assert.equal((await submitJob(sim.campaign, draft)).kind, 'created');
  await sim.runner.startJob('dups');
  await sim.scheduler.run(() => sim.runner.idle && sim.world.connect.inProgress === 0);
  const results = [...(await sim.stores.results.list('dups', { limit: 10 })).items].sort((x, y) => x.row - y.row);
  assert.deepEqual(
    results.map((r) => [r.row, r.receiverId, r.status]),
    [
      [1, 'a', 'Completed'],
      [2, 'a#row-2', 'NotCallable'],
      [3, 'b', 'Completed'],
    ],
  );
  assert.match(results[1]?.error ?? '', /duplicate receiver id "a"/);
  const report = JSON.parse(String(sim.stores.reports.objects.get('reports/dups/report.json')?.body));
  assert.equal(report.rows.length, 3);
  assert.equal((await sim.stores.jobs.getJob('dups'))?.receiverCount, 3);
});

test.run();
