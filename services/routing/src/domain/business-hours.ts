/**
 * Is a department open at a given instant?
 *
 * Opening hours are wall-clock times in the department's IANA zone, so the same `09:00–17:00` means
 * 08:00Z in winter and 07:00Z in summer for Europe/Paris. Intl does the zone arithmetic (DST included);
 * we only compare local wall-clock minutes. Holidays are local calendar dates: the whole local day is
 * closed, including the part of an overnight interval that spills into it.
 */
import { WEEKDAYS, type BusinessHours, type OpeningInterval, type Weekday } from './department.ts';

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
}

// Building a DateTimeFormat costs ~50 µs; a warm Lambda sees the same few zones on every call.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_BY_SHORT_NAME: Record<string, Weekday> = {
  Sun: 'sun', Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat',
};

/** The wall-clock date, weekday and minute of `instant` in `timeZone`. Throws RangeError on an unknown zone. */
export function localTimeIn(timeZone: string, instant: Date): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const weekday = WEEKDAY_BY_SHORT_NAME[parts.weekday ?? ''];
  if (weekday === undefined) throw new RangeError(`unexpected weekday from Intl: ${parts.weekday}`);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

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
