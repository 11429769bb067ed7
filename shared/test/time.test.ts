import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isKnownTimeZone, localTimeIn } from '@switchboard/shared/time';

test('local time follows DST: 09:00 in New York is 14:00Z in winter and 13:00Z in summer', () => {
  assert.equal(localTimeIn('America/New_York', new Date('2026-01-15T14:00:00Z')), { date: '2026-01-15', weekday: 'thu', minuteOfDay: 9 * 60 });
  assert.equal(localTimeIn('America/New_York', new Date('2026-07-15T13:00:00Z')), { date: '2026-07-15', weekday: 'wed', minuteOfDay: 9 * 60 });
});

test('the local date and weekday change at local midnight, not UTC midnight', () => {
  // 2026-03-08 is the US spring-forward Sunday; 04:30Z is still Saturday evening in Los Angeles.
  assert.equal(localTimeIn('America/Los_Angeles', new Date('2026-03-08T04:30:00Z')), {
    date: '2026-03-07',
    weekday: 'sat',
    minuteOfDay: 20 * 60 + 30,
  });
  assert.equal(localTimeIn('Asia/Tokyo', new Date('2026-03-08T15:30:00Z')), { date: '2026-03-09', weekday: 'mon', minuteOfDay: 30 });
  assert.is(localTimeIn('UTC', new Date('2026-03-08T00:00:00Z')).minuteOfDay, 0);
});

test('unknown zones are refused', () => {
  assert.ok(isKnownTimeZone('Europe/Paris'));
  assert.not.ok(isKnownTimeZone('Mars/Olympus_Mons'));
  assert.not.ok(isKnownTimeZone(''));
  assert.throws(() => localTimeIn('Mars/Olympus_Mons', new Date()), RangeError);
});

test.run();
