/**
 * Wall-clock time in an IANA zone: what business hours, forward schedules and calling windows are written in.
 * Intl (backed by the ICU tz database Node ships) does the zone arithmetic, DST included; callers only compare
 * local dates, weekdays and minutes. The same "09:00–17:00" is 14:00Z in New York's winter and 13:00Z in its summer.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
}

const WEEKDAY_BY_SHORT_NAME: Record<string, Weekday> = {
  Sun: 'sun',
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
};

// Building a DateTimeFormat costs ~50 µs; a warm Lambda sees the same few zones on every call.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime's tz database knows the zone (`Europe/Paris`, `UTC`); false for anything else. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date, weekday and minute of `instant` in `timeZone`. Throws RangeError on an unknown zone. */
export function localTimeIn(timeZone: string, instant: Date): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const weekday = WEEKDAY_BY_SHORT_NAME[parts.weekday ?? ''];
  if (weekday === undefined) throw new RangeError(`unexpected weekday from Intl: ${parts.weekday}`);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}
