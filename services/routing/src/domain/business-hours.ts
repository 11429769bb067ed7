/**
 * Is a department open at a given instant?
 *
 * Opening hours are wall-clock times in the department's IANA zone, so the same `09:00–17:00` means
 * 08:00Z in winter and 07:00Z in summer for Europe/Paris. Intl does the zone arithmetic (DST included);
 * we only compare local wall-clock minutes. Holidays are local calendar dates: the whole local day is
 * closed, including the part of an overnight interval that spills into it.
 */
import { localTimeIn, WEEKDAYS, type LocalTime, type Weekday } from '@switchboard/shared/time';
import type { BusinessHours, OpeningInterval } from './department.ts';

export { localTimeIn, type LocalTime };

function minutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** An interval whose close is not after its open runs past midnight (22:00–06:00). */
function isOvernight(i: OpeningInterval): boolean {
  return minutes(i.close) <= minutes(i.open);
}

function previousWeekday(d: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(d) + 6) % 7] as Weekday;
}

export type OpenState =
  | { open: true }
  | { open: false; reason: 'holiday'; date: string }
  | { open: false; reason: 'outside-hours'; local: LocalTime };

/**
 * Decides whether `hours` admits a call at `instant`. No `hours` means always open.
 *
 * A day's interval `[open, close)` is open at `open` and closed at `close`; `24:00` closes at midnight.
 */
export function openStateAt(hours: BusinessHours | undefined, instant: Date): OpenState {
  if (hours === undefined) return { open: true };
  const local = localTimeIn(hours.timeZone, instant);
  if (hours.holidays.includes(local.date)) return { open: false, reason: 'holiday', date: local.date };
  const t = local.minuteOfDay;
  for (const i of hours.weekly[local.weekday] ?? []) {
    const start = minutes(i.open);
    const end = isOvernight(i) ? 24 * 60 : minutes(i.close);
    if (t >= start && t < end) return { open: true };
  }
  // The tail of yesterday's overnight interval (e.g. Friday 22:00–06:00 covers Saturday 03:00).
  for (const i of hours.weekly[previousWeekday(local.weekday)] ?? []) {
    if (isOvernight(i) && t < minutes(i.close)) return { open: true };
  }
  return { open: false, reason: 'outside-hours', local };
}

export function isOpenAt(hours: BusinessHours | undefined, instant: Date): boolean {
  return openStateAt(hours, instant).open;
}
