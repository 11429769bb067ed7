import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError, formErrors, toProblem, unavailableReason, type Problem } from '../src/api/problem.ts';
import { departmentFields, departmentToForm, emptyDepartmentForm, formToInput, parseIntervals } from '../src/pages/routing-form.ts';

const unprocessable = (issues: Problem['issues']): Problem => ({
  type: 'about:blank',
  title: 'Unprocessable Content',
  status: 422,
  detail: 'The request body failed validation (n issues).',
  issues,
});

test('each issue lands on the field it names', () => {
  const errors = formErrors(
    unprocessable([
      { path: 'body.name', message: 'Too small', code: 'too_small' },
      { path: 'body.dtmfKey', message: 'Invalid string', code: 'invalid_format' },
    ]),
    departmentFields,
  );
  assert.equal(errors, { fields: { name: 'Too small', dtmfKey: 'Invalid string' }, form: [] });
});

test('a nested issue lands on the longest listed prefix, saying which part', () => {
  const errors = formErrors(
    unprocessable([
      { path: 'body.destination.extension', message: 'must be 2–15 digits' },
      { path: 'body.businessHours.weekly.mon.0.open', message: 'Invalid time' },
      { path: 'body.businessHours.timeZone', message: 'Unknown time zone' },
    ]),
    departmentFields,
  );
  assert.equal(errors.fields, {
    destination: 'extension: must be 2–15 digits',
    'businessHours.weekly.mon': '0.open: Invalid time',
    'businessHours.timeZone': 'Unknown time zone',
  });
});

test('several issues on one field are joined; unknown paths go above the form', () => {
  const errors = formErrors(
    unprocessable([
      { path: 'body.synonyms.0', message: 'bad' },
      { path: 'body.synonyms.3', message: 'worse' },
      { path: 'body.somethingElse', message: 'Unrecognized key' },
      { path: 'query.limit', message: 'Too big' },
    ]),
    departmentFields,
  );
  assert.equal(errors.fields, { synonyms: '0: bad; 3: worse' });
  assert.equal(errors.form, ['somethingElse: Unrecognized key', 'query.limit: Too big']);
});

test('a prefix match is by path segment, not by string prefix', () => {
  const errors = formErrors(unprocessable([{ path: 'body.names', message: 'x' }]), ['name']);
  assert.equal(errors, { fields: {}, form: ['names: x'] });
});

test('a problem without issues (409, 403) is shown above the form with its detail', () => {
  const conflict: Problem = { title: 'Conflict', status: 409, detail: 'Keypad key 3 is already used by history.' };
  assert.equal(formErrors(conflict, departmentFields), { fields: {}, form: ['Keypad key 3 is already used by history.'] });
  assert.equal(formErrors({ title: 'Forbidden', status: 403 }, departmentFields).form, ['Forbidden']);
});

test('a custom prefix maps array bodies (the FAQ is a JSON array)', () => {
  const errors = formErrors(
    unprocessable([
      { path: 'body.2.answer', message: 'Required' },
      { path: 'body.0.answer', message: 'other entry' },
    ]),
    ['answer'],
    { prefix: 'body.2' },
  );
  assert.equal(errors.fields, { answer: 'Required' });
  assert.equal(errors.form, ['body.0.answer: other entry']);
});

test('toProblem: an ApiError, a thrown network error', () => {
  const problem: Problem = { title: 'Not Found', status: 404, detail: 'no department x' };
  assert.is(toProblem(new ApiError(problem)), problem);
  const network = toProblem(new TypeError('Failed to fetch'));
  assert.is(network.status, 0);
  assert.is(network.detail, 'Failed to fetch');
});

test('department form: hours text that cannot be read is an error on that day, before any request', () => {
  const form = { ...emptyDepartmentForm(), name: 'billing', hasHours: true, days: { ...emptyDepartmentForm().days, tue: '9-5' } };
  const { errors } = formToInput(form);
  assert.equal(Object.keys(errors), ['businessHours.weekly.tue']);
  assert.equal(parseIntervals('9:00-12:00, 13:00 – 17:30'), [
    { open: '09:00', close: '12:00' },
    { open: '13:00', close: '17:30' },
  ]);
  assert.equal(parseIntervals(''), []);
});

test('department form round-trips a department with hours, overflow and deflection', () => {
  const department = {
    name: 'billing',
    synonyms: ['invoices', 'payments'],
    dtmfKey: '5',
    destination: { type: 'pstn' as const, number: '+14155550123' },
    businessHours: {
      timeZone: 'Asia/Hong_Kong',
      weekly: {
        mon: [
          { open: '09:00', close: '12:00' },
          { open: '13:00', close: '18:00' },
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: [],
      },
      holidays: ['2026-12-25'],
    },
    overflowDestination: { type: 'operator' as const },
    smsDeflection: { offerWhenWaitExceedsSeconds: 120 },
    expectedWaitSeconds: 30,
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
  const { input, errors } = formToInput(departmentToForm(department));
  assert.equal(errors, {});
  const { updatedAt: _updatedAt, ...expected } = department;
  assert.equal(input, expected);
});

test('a refused figure says which roles it needs; another failure says what went wrong', () => {
  assert.is(
    unavailableReason({
      title: 'Forbidden',
      status: 403,
      detail: 'GET /metrics needs one of the roles admin, supervisor.',
      requiredRoles: ['admin', 'supervisor'],
    }),
    'Needs one of the roles admin, supervisor',
  );
  assert.is(unavailableReason({ title: 'Forbidden', status: 403, requiredRoles: ['admin'] }), 'Needs the admin role');
  assert.is(unavailableReason({ title: 'Forbidden', status: 403 }), 'Not available to your role');
  assert.is(unavailableReason({ title: 'Bad Gateway', status: 502 }), 'Bad Gateway');
});

test.run();
