import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { callsOverTime, describeWaiting, issueRows, problemIssueRows, progressSummary, ssmlToText } from '../src/pages/campaigns/logic.ts';

test('progress from GET /jobs/{id} counts every status into the six categories', () => {
  const summary = progressSummary({
    receiverCount: 10,
    progress: {
      total: 10,
      done: 6,
      Pending: 1,
      WaitingRetry: 1,
      Dialing: 1,
      InCall: 1,
      Completed: 2,
      PartiallyCompleted: 1,
      NoAnswer: 1,
      NotCallable: 1,
      SkippedDoNotCall: 1,
    },
  });
  assert.equal(summary.counts, { pending: 2, dialing: 2, completed: 3, failed: 2, 'do-not-call': 1, cancelled: 0 });
  assert.is(summary.percent, 60);
});

test('progress from the list (final counts only): what is not final is pending', () => {
  const summary = progressSummary({ receiverCount: 7, progress: { total: 7, done: 3, Completed: 2, Cancelled: 1 } });
  assert.equal(summary.counts, { pending: 4, dialing: 0, completed: 2, failed: 0, 'do-not-call': 0, cancelled: 1 });
  assert.is(summary.percent, 42, 'rounded down: 100 % only when every receiver is final');
  assert.is(progressSummary({ receiverCount: 0, progress: { total: 0, done: 0 } }).percent, 100);
});

test("a calling window waits in the receiver's zone, with the day when it is not today there", () => {
  const now = new Date('2026-03-02T15:00:00Z'); // 23:00 in Hong Kong
  assert.is(
    describeWaiting({ reason: 'OutsideWindow', receivers: 2, nextAttemptAt: '2026-03-03T00:00:00.000Z', timeZones: ['Asia/Hong_Kong'] }, now),
    '2 receivers waiting for 08:00 on Tue 3 Mar in Asia/Hong_Kong',
  );
  const early = new Date('2026-03-02T22:00:00Z'); // 06:00 in Hong Kong, the same day as the opening
  assert.is(
    describeWaiting({ reason: 'OutsideWindow', receivers: 1, nextAttemptAt: '2026-03-03T00:00:00.000Z', timeZones: ['Asia/Hong_Kong'] }, early),
    '1 receiver waiting for 08:00 in Asia/Hong_Kong',
  );
  assert.is(
    describeWaiting(
      { reason: 'OutsideWindow', receivers: 1, nextAttemptAt: '2026-03-03T16:00:00.000Z', timeZones: ['America/Los_Angeles', 'America/New_York'] },
      new Date('2026-03-03T12:00:00Z'),
    ),
    '1 receiver waiting for 08:00 in America/Los_Angeles (and 1 more zones)',
  );
  assert.is(
    describeWaiting({ reason: 'RetryDelay', receivers: 3, nextAttemptAt: '2026-03-02T15:30:00.000Z' }, now, 'UTC'),
    '3 receivers to retry at 15:30',
  );
  assert.is(describeWaiting({ reason: 'Paused', receivers: 4 }, now), '4 receivers paused');
});

test('dry-run issues become rows: errors first, by sheet order then row; warnings after', () => {
  const rows = issueRows({
    issues: [
      { sheet: 'receivers', row: 5, column: 'phone_number', reason: 'bad number' },
      { sheet: 'questions', row: 2, column: 'question_type', reason: 'unknown type' },
      { sheet: 'receivers', row: 3, reason: 'question 1: missing variable' },
    ],
    warnings: [{ sheet: 'configures', reason: 'sheet "configuration" read as "configures"' }],
  });
  assert.equal(
    rows.map((r) => [r.severity, r.sheet, r.row, r.column]),
    [
      ['error', 'questions', 2, 'question_type'],
      ['error', 'receivers', 3, undefined],
      ['error', 'receivers', 5, 'phone_number'],
      ['warning', 'configures', undefined, undefined],
    ],
  );
  assert.is(new Set(rows.map((r) => r.key)).size, rows.length, 'keys are unique');
});

test('a problem becomes rows: jobIssues as they are, schema paths as sheet/row/column, anything else one job row', () => {
  const fromSubmit = problemIssueRows({
    title: 'Invalid call job',
    status: 422,
    jobIssues: [{ sheet: 'receivers', row: 2, column: 'id', reason: 'duplicate receiver id' }],
  });
  assert.equal(
    fromSubmit.map((r) => [r.sheet, r.row, r.column, r.reason]),
    [['receivers', 2, 'id', 'duplicate receiver id']],
  );
  const fromSchema = problemIssueRows({
    title: 'Unprocessable Content',
    status: 422,
    issues: [
      { path: 'body.receivers.2.phone_number', message: 'Required' },
      { path: 'body.questions.0', message: 'Expected object' },
      { path: 'body.task_id', message: 'Required' },
    ],
  });
  assert.equal(
    fromSchema.map((r) => [r.sheet, r.row, r.column]),
    [
      ['receivers', 3, 'phone_number'],
      ['questions', 1, undefined],
      ['job', undefined, 'task_id'],
    ],
  );
  const refused = problemIssueRows({ title: 'Workbook too large', status: 413, detail: 'the workbook is 30000000 bytes' });
  assert.equal(
    refused.map((r) => [r.sheet, r.reason]),
    [['job', 'the workbook is 30000000 bytes']],
  );
});

test('calls over time: placed per bucket and the most on the line at once', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, s)).toISOString();
  const series = callsOverTime(
    [
      {
        attemptHistory: [
          { attempt: 1, startedAt: at(0), endedAt: at(10) },
          { attempt: 2, startedAt: at(20), endedAt: at(25) },
        ],
      },
      { attemptHistory: [{ attempt: 1, startedAt: at(1), endedAt: at(5) }] },
      { attemptHistory: [{ attempt: 1, startedAt: at(2), endedAt: at(3) }] },
      { attemptHistory: [] },
    ],
    new Date(at(30)),
    10,
  );
  assert.ok(series);
  assert.is(series!.bucketMs, 5_000, 'the smallest step giving at most 10 buckets over 25 s');
  assert.equal(series!.placed, [3, 0, 0, 0, 1]);
  assert.equal(series!.onTheLine, [3, 1, 0, 0, 1], 'a call that ended as a bucket starts is not in it');
  assert.is(series!.peak, 3);
  assert.is(callsOverTime([{ attemptHistory: [] }], new Date()), undefined);
  // A call still on the line counts until now.
  const open = callsOverTime([{ attemptHistory: [{ attempt: 1, startedAt: at(0) }] }], new Date(at(4)), 10);
  assert.equal(open!.onTheLine, [1, 1, 1, 1]);
});

test('SSML to the text a callee hears', () => {
  assert.is(
    ssmlToText('Hi Ann &lt;b&gt;,<break time="300ms"/>are you <emphasis>ready</emphasis>? Tom &amp; Jerry'),
    'Hi Ann <b>, are you ready? Tom & Jerry',
  );
  assert.is(ssmlToText('&amp;lt;'), '&lt;', 'decoded once');
});

test.run();
