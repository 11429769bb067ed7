import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { test } from 'uvu';
import { readCallJobWorkbook } from '../src/adapters/excel/read-call-job-workbook.ts';
import { callTaskSchema, draftFromCallTask } from '../src/domain/intake-drafts.ts';
import { type JobDraft, validateJob } from '../src/domain/job.ts';
import { canRender, compileTemplate, renderTemplate } from '../src/domain/templates.ts';
import { readFileSync } from 'node:fs';
import { referenceWorkbooks } from './support.ts';

const now = new Date('2026-03-02T02:00:00Z');

type Sheets = Record<string, (string | number | null)[][]>;
async function workbook(sheets: Sheets): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const configures = [
  ['Key', 'Value'],
  ['greeting', 'Hi {{ username }}'],
  ['ending', 'Bye {{ username }}'],
  ['phone_prefix', '+852'],
];
const questions = [
  ['question_template', 'question_type'],
  ['Are you coming?', 'Yes/No'],
];
const receivers = [
  ['id', 'phone_number', 'username'],
  [1, 91234567, 'Ann'],
  [2, 61234567, 'Bob'],
];

test('both reference workbooks become valid jobs (configuration spelling accepted with a warning)', async () => {
  const seed = validateJob(await readCallJobWorkbook(referenceWorkbooks.callouts, 'call_job'), { now });
  assert.ok(seed.ok, JSON.stringify(seed.ok ? '' : seed.issues));
  assert.equal(seed.value.job.questions.length, 7);
  assert.deepEqual(
    seed.value.receivers.map((r) => [r.receiverId, r.phoneNumber, r.fields.username]),
    [
      ['1', '+85212345678', 'Cyrus'],
      ['2', '+85289654201', 'Cyrus Wong'],
    ],
  );
  assert.deepEqual(seed.value.receivers[0]?.timeZones, ['Asia/Hong_Kong']);
  assert.ok(seed.value.warnings.some((w) => w.sheet === 'configures' && /configuration/.test(w.reason)));

  const cdk = validateJob(await readCallJobWorkbook(referenceWorkbooks.cdk, 'call_job'), { now });
  assert.ok(cdk.ok);
  assert.deepEqual(
    cdk.value.job.questions.map((q) => q.type),
    ['YesNo', 'MultipleChoice', 'Number', 'Date', 'Time', 'OK'],
  );
  assert.equal(cdk.value.job.greeting, 'Hi {{ username }}, This is a simple survey.');
  assert.ok(!cdk.value.warnings.some((w) => /configuration/.test(w.reason)));
});

test('the seed README call task (JSON) is a valid job', () => {
  const example = JSON.parse(readFileSync(new URL('./fixtures/samples/call-task.sqs-message.README-example.json', import.meta.url), 'utf8'));
  const draft = draftFromCallTask(callTaskSchema.parse(example));
  const result = validateJob(draft, { now });
  assert.ok(result.ok, JSON.stringify(result.ok ? '' : result.issues));
  assert.deepEqual(
    result.value.receivers.map((r) => r.receiverId),
    ['0', '1'],
  );
  assert.deepEqual(result.value.job.extraColumns, ['username']);
});

test('not a workbook is rejected with a clear reason', async () => {
  const result = validateJob(await readCallJobWorkbook(Buffer.from('id,phone_number\n1,123\n'), 'csv'), { now });
  assert.ok(!result.ok);
  assert.match(result.issues[0]?.reason ?? '', /not a readable Excel workbook/);
});

test('a missing sheet and an empty receivers sheet are named', async () => {
  const missing = validateJob(await readCallJobWorkbook(await workbook({ configures, receivers }), 'x'), { now });
  assert.ok(!missing.ok);
  assert.ok(missing.issues.some((i) => i.sheet === 'questions' && /missing sheet/.test(i.reason)));
  const empty = validateJob(await readCallJobWorkbook(await workbook({ configures, questions, receivers: [['id', 'phone_number']] }), 'x'), { now });
  assert.ok(!empty.ok);
  assert.ok(empty.issues.some((i) => /no receivers/.test(i.reason)));
});

test('bad numbers, duplicate ids and unknown question types are reported with their rows', async () => {
  const book = await workbook({
    configures,
    questions: [...questions, ['Pick one', 'Essay'], ['Date please', 'date']],
    receivers: [...receivers, [3, 'call me', 'Cat'], [1, 92345678, 'Dup'], [4, 12, 'Short'], [5, null, 'Nobody']],
  });
  const result = validateJob(await readCallJobWorkbook(book, 'bad'), { now });
  assert.ok(!result.ok);
  const where = result.issues.map((i) => `${i.sheet}:${i.row ?? '-'}`);
  assert.ok(where.includes('questions:3'), where.join());
  assert.match(result.issues.find((i) => i.sheet === 'questions')?.reason ?? '', /unknown question type "Essay"/);
  // Question-level problems reject the job before receivers are rendered; fix the question and look at rows.
  const rowsOnly = validateJob(
    await readCallJobWorkbook(
      await workbook({
        configures,
        questions,
        receivers: [...receivers, [3, 'call me', 'Cat'], [1, 92345678, 'Dup'], [4, 12, 'Short'], [5, null, 'Nobody']],
      }),
      'bad',
    ),
    { now },
  );
  assert.ok(!rowsOnly.ok);
  const byRow = new Map(rowsOnly.issues.map((i) => [i.row, i.reason]));
  assert.match(byRow.get(4) ?? '', /not a phone number/);
  assert.match(byRow.get(5) ?? '', /duplicate receiver id "1" \(first on row 2\)/);
  assert.match(byRow.get(6) ?? '', /not a possible number/);
  assert.match(byRow.get(7) ?? '', /missing phone number/);
  assert.equal(byRow.has(2), false);
});

test('onInvalidRows "skip" runs the valid rows and keeps the rest for the report', async () => {
  const book = await workbook({ configures: [...configures, ['on_invalid_rows', 'skip']], questions, receivers: [...receivers, [3, 'nope', 'Cat']] });
  const result = validateJob(await readCallJobWorkbook(book, 'skip'), { now });
  assert.ok(result.ok);
  assert.deepEqual(
    result.value.receivers.map((r) => r.receiverId),
    ['1', '2'],
  );
  assert.deepEqual(
    result.value.rejected.map((r) => [r.receiverId, r.row]),
    [['3', 4]],
  );
  assert.deepEqual(
    result.issues.map((i) => i.row),
    [4],
  );
});

test('template code injection is a template error on its cell, and nothing runs', async () => {
  const book = await workbook({ configures, questions: [...questions, ['{{ range.constructor("return process")() }}', 'OK']], receivers });
  const result = validateJob(await readCallJobWorkbook(book, 'inject'), { now });
  assert.ok(!result.ok);
  const issue = result.issues.find((i) => i.sheet === 'questions');
  assert.equal(issue?.row, 3);
  assert.match(issue?.reason ?? '', /^template error/);
  // Property walks to constructors are not reachable either.
  const walk = compileTemplate('{{ username.constructor.constructor }}');
  assert.ok(walk.ok);
  assert.equal(renderTemplate(walk.value, { username: 'x' }).ok, false);
});

test("a variable missing for one receiver is that receiver's row error", async () => {
  const book = await workbook({
    configures: [
      ['Key', 'Value'],
      ['greeting', 'Hi {{ nickname }}'],
      ['ending', 'Bye'],
      ['phone_prefix', '852'],
    ],
    questions,
    receivers: [
      ['id', 'phone_number', 'nickname'],
      [1, 91234567, 'Ann'],
      [2, 61234567, null],
    ],
  });
  const result = validateJob(await readCallJobWorkbook(book, 'vars'), { now });
  // An empty cell is an empty string (defined); a column missing entirely is an error on every row.
  assert.ok(result.ok);
  const missingColumn = validateJob(
    await readCallJobWorkbook(
      await workbook({
        configures: [
          ['Key', 'Value'],
          ['greeting', 'Hi {{ nickname }}'],
          ['ending', 'Bye'],
          ['phone_prefix', '852'],
        ],
        questions,
        receivers,
      }),
      'vars',
    ),
    { now },
  );
  assert.ok(!missingColumn.ok);
  assert.deepEqual(
    missingColumn.issues.map((i) => i.row),
    [2, 3],
  );
  assert.match(missingColumn.issues[0]?.reason ?? '', /greeting: undefined variable: nickname/);
});

test('receiver data is escaped for SSML; literal SSML is limited to an allow-list', () => {
  const greeting = compileTemplate('Hello <emphasis>{{ name }}</emphasis>');
  assert.ok(greeting.ok);
  const rendered = renderTemplate(greeting.value, { name: 'Tom & <break time="10s"/>' });
  assert.deepEqual(rendered, { ok: true, value: 'Hello <emphasis>Tom &amp; &lt;break time=&quot;10s&quot;/&gt;</emphasis>' });
  assert.equal(compileTemplate('<audio src="http://x"/>').ok, false);
  assert.equal(compileTemplate('<speak>hi</speak>').ok, false);
  assert.equal(compileTemplate('<emphasis>open').ok, false);
});

test("validation's shortcut for plain {{ name }} templates agrees with rendering", () => {
  for (const source of ['Hi {{ name }}', 'Hi {{name}} and {{ other }}', 'Hi {{ name | upcase }}', 'Hi {{ name.size }}', 'Plain text']) {
    const compiled = compileTemplate(source);
    assert.ok(compiled.ok);
    for (const variables of [{ name: 'Ann', other: 'Bob' }, { name: 'Ann' }, {}, { name: 'x'.repeat(7000) }]) {
      assert.equal(canRender(compiled.value, variables).ok, renderTemplate(compiled.value, variables).ok, `${source} with ${Object.keys(variables)}`);
    }
  }
});

test('render limits stop runaway templates', () => {
  const loop = compileTemplate('{% for i in (1..10000000) %}{{ i }}{% endfor %}');
  assert.ok(loop.ok);
  assert.equal(renderTemplate(loop.value, {}).ok, false);
  assert.equal(compileTemplate('x'.repeat(5000)).ok, false);
  assert.equal(compileTemplate('{% include "secrets" %}').ok, true);
  const include = compileTemplate('{% include "/etc/passwd" %}');
  assert.ok(include.ok);
  assert.equal(renderTemplate(include.value, {}).ok, false);
});

test('JSON jobs report positions as rows and unknown purposes', () => {
  const draft: JobDraft = draftFromCallTask(
    callTaskSchema.parse({
      task_id: 'json-1',
      greeting: 'Hi',
      ending: 'Bye',
      questions: [{ question_type: 'Yes/No', question_template: 'Ok?' }],
      receivers: [
        { id: 'a', phone_number: '+85291234567' },
        { id: 'b', phone_number: '+1 202 555 01' },
      ],
    }),
  );
  const result = validateJob(draft, { now });
  assert.ok(!result.ok);
  assert.deepEqual(
    result.issues.map((i) => [i.sheet, i.row]),
    [['receivers', 2]],
  );
  assert.equal(validateJob({ ...draft, purpose: 'marketing' }, { now }).ok, false);
});

test.run();
