import assert from 'node:assert/strict';
import { test } from 'uvu';
import { understand } from '../src/adapters/local/connect-simulator.ts';
import { resolveBuiltInSlot } from '../src/domain/lex-builtin-slots.ts';

// The Lex V2 developer guide's own reference day: Wednesday 2020-11-25.
const today = '2020-11-25';
const value = (type: Parameters<typeof resolveBuiltInSlot>[0], said: string) => resolveBuiltInSlot(type, said, today)?.interpretedValue;

test('AMAZON.Date: specific days on or after today; weeks, months and years as the guide resolves them', () => {
  const cases: [string, string][] = [
    ['today', '2020-11-25'],
    ['now', '2020-11-25'],
    ['tomorrow', '2020-11-26'],
    ['November twenty-fifth', '2020-11-25'],
    ['Nov 25', '2020-11-25'],
    ['Friday', '2020-11-27'],
    ['next Monday', '2020-11-30'],
    ['December 24th', '2020-12-24'],
    ['the 3rd of January', '2021-01-03'],
    ['November 20', '2021-11-20'],
    ['next week', '2020-11-29'],
    ['last week', '2020-11-16'],
    ['this week', '2020-11-23'],
    ['next month', '2020-12-31'],
    ['this month', '2020-11-01'],
    ['next year', '2021-12-31'],
    ['last year', '2019-01-01'],
    ['2026-12-01', '2026-12-01'],
  ];
  for (const [said, expected] of cases) assert.equal(value('AMAZON.Date', said) ?? '', expected, said);
});

test('AMAZON.Time: exact, ambiguous (no interpreted value, two resolutions) and ranges', () => {
  assert.deepEqual(resolveBuiltInSlot('AMAZON.Time', "10 o'clock", today), { interpretedValue: null, resolvedValues: ['10:00', '22:00'] });
  assert.deepEqual(resolveBuiltInSlot('AMAZON.Time', 'half past nine', today), { interpretedValue: null, resolvedValues: ['09:30', '21:30'] });
  assert.equal(value('AMAZON.Time', '10 AM'), '10:00');
  assert.equal(value('AMAZON.Time', 'half past nine in the evening'), '21:30');
  assert.equal(value('AMAZON.Time', 'quarter to ten pm'), '21:45');
  assert.equal(value('AMAZON.Time', '14:30'), '14:30');
  assert.equal(value('AMAZON.Time', 'noon'), '12:00');
  assert.equal(value('AMAZON.Time', 'morning'), 'MO');
  assert.equal(value('AMAZON.Time', 'fourteen thirty'), '14:30');
  assert.equal(resolveBuiltInSlot('AMAZON.Time', 'banana', today), undefined);
});

test('AMAZON.Number: words and digits', () => {
  for (const [said, expected] of [
    ['twelve', '12'],
    ['twenty-one', '21'],
    ['one hundred and five', '105'],
    ['minus five', '-5'],
    ['3', '3'],
    ['a thousand', '1000'],
  ] as const) {
    assert.equal(value('AMAZON.Number', said), expected, said);
  }
  assert.equal(resolveBuiltInSlot('AMAZON.Number', 'many', today), undefined);
});

test('the local Lex stand-in fills slots from natural answers as Lex V2 would', () => {
  assert.deepEqual(understand('date', 'Tomorrow please', today), { IntentName: 'DateIntent', Slots: { answer: '2020-11-26' } });
  assert.deepEqual(understand('number', 'twelve', today), { IntentName: 'NumberIntent', Slots: { answer: '12' } });
  assert.deepEqual(understand('time', 'half past nine', today), { IntentName: 'TimeIntent', Slots: {} });
  assert.deepEqual(understand('time', '9:30 pm please', today), { IntentName: 'TimeIntent', Slots: { answer: '21:30' } });
});

test.run();
