import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { forwardSettingsSchema, scheduleSchema, type Schedule } from '../src/domain/forward.ts';
import { localTime, scheduleApplies } from '../src/domain/schedule.ts';
import { checkDestinations, defaultGuardPolicy, guardRules } from '../src/domain/toll-fraud-guard.ts';

const US_NUMBER = '+13125550100';
const d = (number: string) => ({ number, ringTimeoutSeconds: 20 });
const rulesOf = (result: ReturnType<typeof checkDestinations>) => (result.ok ? [] : result.violations.map((v) => v.rule));

test('ordinary US fixed/mobile and toll-free destinations pass for a US number', () => {
  const result = checkDestinations(US_NUMBER, [d('+13125550199'), d('+12025550123'), d('+18005550199')]);
  assert.ok(result.ok);
});

test('+1 900 premium rate is refused by number type', () => {
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d('+19005550100')])), [guardRules.numberType]);
});

test('numbers outside the allowed countries are refused — NANP neighbours included', () => {
  // Same +1 country code, different country: Canada and Jamaica (a classic toll-fraud destination).
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d('+14165550123')])), [guardRules.country]);
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d('+18765550123')])), [guardRules.country]);
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d('+442079460123')])), [guardRules.country]);
  // A stage that allows GB accepts a London number, still not a GB premium one.
  const policy = { ...defaultGuardPolicy, allowedCountries: ['US', 'GB'] };
  assert.ok(checkDestinations(US_NUMBER, [d('+442079460123')], policy).ok);
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d('+449098790123')], policy)), [guardRules.numberType]);
});

test('malformed numbers are refused by format, national formats are not guessed', () => {
  for (const bad of ['3125550199', '+1 312 555 0199', '(312) 555-0199', '+1312555', '+999999999999', 'tel:+13125550199', '', '+0123456789']) {
    assert.equal(rulesOf(checkDestinations(US_NUMBER, [d(bad)])), [guardRules.format], bad);
  }
});

test('at most five destinations; loops and duplicates are named', () => {
  const six = ['+13125550191', '+13125550192', '+13125550193', '+13125550194', '+13125550195', '+13125550196'].map(d);
  assert.equal(rulesOf(checkDestinations(US_NUMBER, six)), [guardRules.count]);
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d(US_NUMBER)])), [guardRules.loop]);
  assert.equal(rulesOf(checkDestinations(US_NUMBER, [d('+13125550199'), d('+13125550199')])), [guardRules.duplicate]);
});

test('every violation is reported with the index of its destination', () => {
  const result = checkDestinations(US_NUMBER, [d('+13125550199'), d('+19005550100'), d('nonsense')]);
  assert.not.ok(result.ok);
  if (!result.ok)
    assert.equal(
      result.violations.map((v) => [v.rule, v.index]),
      [
        [guardRules.numberType, 1],
        [guardRules.format, 2],
      ],
    );
});

const weekdays = scheduleSchema.parse({
  mode: 'business-hours',
  timeZone: 'America/New_York',
  hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
});

test('business hours follow the zone across the spring DST change (New York, 8 March 2026)', () => {
  // 13:30 UTC is 08:30 EST on Friday 6 March (closed) and 09:30 EDT on Monday 9 March (open).
  assert.is(scheduleApplies(weekdays, new Date('2026-03-06T13:30:00Z')), false);
  assert.is(scheduleApplies(weekdays, new Date('2026-03-09T13:30:00Z')), true);
  // 21:30 UTC is 16:30 EST (open) before, 17:30 EDT (closed) after.
  assert.is(scheduleApplies(weekdays, new Date('2026-03-06T21:30:00Z')), true);
  assert.is(scheduleApplies(weekdays, new Date('2026-03-09T21:30:00Z')), false);
});

test('and across the autumn change (1 November 2026), with outside-hours the exact complement', () => {
  if (weekdays.mode === 'always') throw new Error('unreachable');
  const outside: Schedule = { ...weekdays, mode: 'outside-business-hours' };
  for (const instant of ['2026-10-30T13:30:00Z', '2026-11-02T13:30:00Z', '2026-11-02T14:30:00Z', '2026-11-01T15:00:00Z']) {
    assert.is(scheduleApplies(outside, new Date(instant)), !scheduleApplies(weekdays, new Date(instant)), instant);
  }
  // 13:30 UTC: 09:30 EDT on Friday 30 October (open), 08:30 EST on Monday 2 November (closed).
  assert.is(scheduleApplies(weekdays, new Date('2026-10-30T13:30:00Z')), true);
  assert.is(scheduleApplies(weekdays, new Date('2026-11-02T13:30:00Z')), false);
  // Sunday is closed whatever the hour.
  assert.is(scheduleApplies(weekdays, new Date('2026-11-01T15:00:00Z')), false);
});

test('an overnight window belongs to the day it starts, and the 02:00 local hour skipped by DST is handled', () => {
  const night = forwardSettingsSchema.shape.schedule.parse({
    mode: 'business-hours',
    timeZone: 'Europe/Berlin',
    hours: [{ days: ['fri'], start: '22:00', end: '06:00' }],
  });
  // Saturday 28 March 2026, 00:30 UTC = 01:30 CET: inside Friday's night window.
  assert.is(scheduleApplies(night, new Date('2026-03-28T00:30:00Z')), true);
  // Sunday 29 March 2026: clocks jump 02:00 → 03:00 CEST; 01:30 UTC = 03:30 local, Saturday night is not in the window.
  assert.equal(localTime(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin'), { weekday: 'sun', minuteOfDay: 210 });
  assert.is(scheduleApplies(night, new Date('2026-03-29T01:30:00Z')), false);
});

test('schedules validate their zone and times', () => {
  assert.not.ok(
    forwardSettingsSchema.shape.schedule.safeParse({
      mode: 'business-hours',
      timeZone: 'Mars/Olympus',
      hours: [{ days: ['mon'], start: '09:00', end: '17:00' }],
    }).success,
  );
  assert.not.ok(
    forwardSettingsSchema.shape.schedule.safeParse({
      mode: 'business-hours',
      timeZone: 'UTC',
      hours: [{ days: ['mon'], start: '9:00', end: '17:00' }],
    }).success,
  );
  assert.not.ok(
    forwardSettingsSchema.shape.schedule.safeParse({
      mode: 'business-hours',
      timeZone: 'UTC',
      hours: [{ days: ['mon'], start: '09:00', end: '09:00' }],
    }).success,
  );
});

test.run();
