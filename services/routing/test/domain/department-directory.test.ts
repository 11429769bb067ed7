import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { departmentInputSchema, departmentSchema, findDirectoryConflicts, type Department } from '../../src/domain/department.ts';
import { DepartmentDirectory, normalizeSpokenText } from '../../src/domain/department-directory.ts';
import { SEED_DEPARTMENTS } from '../../src/domain/seed-departments.ts';

const seeded: Department[] = SEED_DEPARTMENTS.map((d) => departmentSchema.parse({ ...d, updatedAt: '2026-01-01T00:00:00Z' }));
const directory = new DepartmentDirectory(seeded);

test('the seed carries the sample departments and extensions verbatim, plus an operator', () => {
  const reference = JSON.parse(readFileSync(new URL('../fixtures/samples/departmentDirectory.seed-items.json', import.meta.url), 'utf8')) as {
    Items: { department_name: { S: string }; service: { S: string }; number: { S: string } }[];
  };
  for (const item of reference.Items) {
    const d = directory.get(item.department_name.S);
    assert.ok(d, item.department_name.S);
    assert.equal(item.service.S, 'voiceConnector');
    assert.equal(d.destination, { type: 'voiceConnector', extension: item.number.S });
  }
  assert.equal(directory.operator?.name, 'operator');
  for (const d of seeded) assert.equal(findDirectoryConflicts(d, seeded), [], `${d.name} conflicts`);
});

test('resolves names, synonyms, keypad keys and whole sentences', () => {
  assert.is(directory.resolve(['history'])?.name, 'history');
  assert.is(directory.resolve(['History '])?.name, 'history');
  assert.is(directory.resolve(['maths'])?.name, 'math');
  assert.is(directory.resolve(['3'])?.name, 'history');
  assert.is(directory.resolve(['0'])?.name, 'operator');
  assert.is(directory.resolve(['3#'])?.name, 'history', 'keypad input with the end character');
  assert.is(directory.resolve(['the history department'])?.name, 'history');
  assert.is(directory.resolve(["I'd like to talk to the Science office, please"])?.name, 'science');
  assert.is(directory.resolve(['Sciénce'])?.name, 'science');
});

test('unknown, empty and hostile input resolves to nothing, never throws', () => {
  for (const input of ['geography', '', '   ', '9', '**', 'his tory', 'mathematical', 'x'.repeat(10_000), '\u0000\u202e']) {
    assert.is(directory.resolve([input]), undefined, JSON.stringify(input.slice(0, 20)));
  }
  assert.is(directory.resolve([undefined, null, 'geography', 'art'])?.name, 'art', 'falls through to a later candidate');
  assert.is(normalizeSpokenText("It's  HISTORY!"), 'it s history');
});

test('department input is validated: E.164, extension digits, IANA zone, keypad key', () => {
  const ok = departmentInputSchema.safeParse({ name: 'Geography', destination: { type: 'pstn', number: '+14155550100' } });
  assert.ok(ok.success);
  if (ok.success) assert.is(ok.data.name, 'geography', 'names are normalised to lowercase');
  const bad = [
    { name: 'x', destination: { type: 'pstn', number: '4155550100' } },
    { name: 'x', destination: { type: 'voiceConnector', extension: '60a0' } },
    { name: 'x', destination: { type: 'voiceConnector', extension: '600' }, dtmfKey: '12' },
    { name: 'x', destination: { type: 'operator' }, businessHours: { timeZone: 'Nowhere/Town', weekly: {} } },
    { name: 'x', destination: { type: 'operator' }, synonyms: ['y', 'y'] },
    { name: 'x', destination: { type: 'operator' }, synonyms: ['x'] },
    { name: 'operator', destination: { type: 'operator' } },
    { name: '1abc', destination: { type: 'operator' } },
  ];
  for (const input of bad) assert.not.ok(departmentInputSchema.safeParse(input).success, JSON.stringify(input));
});

test('conflicts: a word or key may belong to one department only', () => {
  const candidate = { name: 'geology', synonyms: ['maths'], dtmfKey: '3' };
  assert.equal(findDirectoryConflicts(candidate, seeded), [
    { field: 'synonyms', value: 'maths', takenBy: 'math' },
    { field: 'dtmfKey', value: '3', takenBy: 'history' },
  ]);
  assert.equal(findDirectoryConflicts({ name: 'sciences', synonyms: [] }, seeded), [{ field: 'name', value: 'sciences', takenBy: 'science' }]);
  // Updating a department against itself is not a conflict.
  assert.equal(findDirectoryConflicts(seeded[0]!, seeded), []);
});

test.run();
