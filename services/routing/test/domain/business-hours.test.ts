import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isOpenAt, localTimeIn, openStateAt } from '../../src/domain/business-hours.ts';
import { businessHoursSchema, type BusinessHours } from '../../src/domain/department.ts';

const weekdays9to5 = { open: '09:00', close: '17:00' };
const newYork: BusinessHours = businessHoursSchema.parse({
  timeZone: 'America/New_York',
  weekly: { mon: [weekdays9to5], tue: [weekdays9to5], wed: [weekdays9to5], thu: [weekdays9to5], fri: [weekdays9to5] },
  holidays: ['2026-07-03', '2026-12-25'],
});

test('no business hours means always open', () => {
  assert.ok(isOpenAt(undefined, new Date('2026-12-25T03:00:00Z')));
});

test('opening follows the wall clock across the US DST change (2026-03-08)', () => {
  // Friday before the change: EST, UTC-5 → 09:00 local is 14:00Z.
  assert.not.ok(isOpenAt(newYork, new Date('2026-03-06T13:30:00Z')), '08:30 EST is before opening');
  assert.ok(isOpenAt(newYork, new Date('2026-03-06T14:30:00Z')), '09:30 EST is open');
  assert.ok(isOpenAt(newYork, new Date('2026-03-06T21:30:00Z')), '16:30 EST is open');
  // Monday after the change: EDT, UTC-4 → 09:00 local is 13:00Z.
  assert.ok(isOpenAt(newYork, new Date('2026-03-09T13:30:00Z')), '09:30 EDT is open');
  assert.not.ok(isOpenAt(newYork, new Date('2026-03-09T12:30:00Z')), '08:30 EDT is before opening');
  assert.not.ok(isOpenAt(newYork, new Date('2026-03-09T21:30:00Z')), '17:30 EDT is after closing');
});

test('the same UTC instant is open in one zone and closed in another across the EU DST change', () => {
  const paris = businessHoursSchema.parse({ timeZone: 'Europe/Paris', weekly: { mon: [weekdays9to5] } });
  // Monday 2026-03-23 (CET, UTC+1): 08:30Z = 09:30 local. Monday 2026-03-30 (CEST, UTC+2): 07:30Z = 09:30 local.
  assert.ok(isOpenAt(paris, new Date('2026-03-23T08:30:00Z')));
  assert.ok(isOpenAt(paris, new Date('2026-03-30T07:30:00Z')));
  assert.not.ok(isOpenAt(paris, new Date('2026-03-23T07:30:00Z')), '08:30 CET is closed');
  assert.equal(localTimeIn('Europe/Paris', new Date('2026-03-29T01:30:00Z')).minuteOfDay, 3 * 60 + 30, '02:00 CET jumps to 03:00 CEST');
});

test('a holiday closes the whole local day, judged in the department zone', () => {
  // 2026-07-03 is a Friday. 15:00Z = 11:00 EDT → would be open.
  const state = openStateAt(newYork, new Date('2026-07-03T15:00:00Z'));
  assert.equal(state, { open: false, reason: 'holiday', date: '2026-07-03' });
  // 2026-07-04T02:00Z is still 2026-07-03 22:00 in New York: holiday (and after hours anyway);
  // 2026-07-03T03:00Z is 2026-07-02 23:00 local: not the holiday.
  assert.equal(localTimeIn('America/New_York', new Date('2026-07-03T03:00:00Z')).date, '2026-07-02');
  assert.ok(isOpenAt(newYork, new Date('2026-07-02T15:00:00Z')), 'the day before is a normal Thursday');
});

test('overnight intervals spill into the next day, and 24:00 closes at midnight', () => {
  const night = businessHoursSchema.parse({
    timeZone: 'UTC',
    weekly: { fri: [{ open: '22:00', close: '06:00' }], sun: [{ open: '00:00', close: '24:00' }] },
  });
  assert.ok(isOpenAt(night, new Date('2026-03-06T23:00:00Z')), 'Friday 23:00');
  assert.ok(isOpenAt(night, new Date('2026-03-07T05:59:00Z')), 'Saturday 05:59 is the tail of Friday night');
  assert.not.ok(isOpenAt(night, new Date('2026-03-07T06:00:00Z')), 'Saturday 06:00 closes');
  assert.ok(isOpenAt(night, new Date('2026-03-08T23:59:00Z')), 'Sunday all day');
  assert.not.ok(isOpenAt(night, new Date('2026-03-09T00:00:00Z')), 'Monday midnight closed');
});

test('unknown or offset-style zones are rejected by the schema', () => {
  assert.not.ok(businessHoursSchema.safeParse({ timeZone: 'Mars/Olympus_Mons', weekly: {} }).success);
  assert.not.ok(businessHoursSchema.safeParse({ timeZone: '+01:00', weekly: {} }).success);
  assert.not.ok(businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { mon: [{ open: '9:00', close: '17:00' }] } }).success);
  assert.not.ok(businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: {}, holidays: ['2026-13-01'] }).success);
  assert.ok(businessHoursSchema.safeParse({ timeZone: 'Asia/Kolkata', weekly: {} }).success);
});

test.run();
