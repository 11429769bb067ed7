/**
 * When a forward applies. Windows are written in wall-clock time of an IANA zone; converting the instant of the
 * call into that zone (Intl, backed by the ICU tz database) is what makes DST changes come out right: a window
 * "09:00–17:00" opens at 14:00 UTC in New York's winter and at 13:00 UTC in its summer.
 */
import { isKnownTimeZone, localTimeIn } from '@switchboard/shared/time';
import type { HoursWindow, Schedule, Weekday } from './forward.ts';

const weekdayOrder: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** An IANA zone the runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  return isKnownTimeZone(timeZone);
}

/** The wall-clock weekday and minute of the day of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): { weekday: Weekday; minuteOfDay: number } {
  const { weekday, minuteOfDay } = localTimeIn(timeZone, instant);
  return { weekday, minuteOfDay };
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function previousDay(day: Weekday): Weekday {
  return weekdayOrder[(weekdayOrder.indexOf(day) + 6) % 7]!;
}

/** Whether the local time falls in the window; an overnight window belongs to the day it starts on. */
export function inWindow(window: HoursWindow, local: { weekday: Weekday; minuteOfDay: number }): boolean {
  const start = minutes(window.start);
  const end = minutes(window.end);
  if (start < end) return window.days.includes(local.weekday) && local.minuteOfDay >= start && local.minuteOfDay < end;
  // Overnight, e.g. Fri 22:00–06:00: Friday from 22:00, and Saturday until 06:00.
  if (window.days.includes(local.weekday) && local.minuteOfDay >= start) return true;
  return window.days.includes(previousDay(local.weekday)) && local.minuteOfDay < end;
}

export function withinHours(hours: HoursWindow[], timeZone: string, instant: Date): boolean {
  const local = localTime(instant, timeZone);
  return hours.some((window) => inWindow(window, local));
}

/** Whether a call arriving at `instant` is forwarded under `schedule`. */
export function scheduleApplies(schedule: Schedule, instant: Date): boolean {
  switch (schedule.mode) {
    case 'always':
      return true;
    case 'business-hours':
      return withinHours(schedule.hours, schedule.timeZone, instant);
    case 'outside-business-hours':
      return !withinHours(schedule.hours, schedule.timeZone, instant);
  }
}
