/**
 * Calling compliance, decided per call attempt: the do-not-call list, the calling window in the
 * receiver's local time, and a cap on attempts per receiver per rolling 24 hours.
 * Pure: the clock and the stores' answers are passed in.
 */
import { localTimeIn } from '@switchboard/shared/time';

export type Purpose = 'survey' | 'notification' | 'operational';

/** Local-time window, `HH:MM` 24 h; `end` is exclusive. Default 08:00–21:00 (common legal limits, e.g. US TCPA). */
export type CallingWindow = { readonly start: string; readonly end: string };
export const defaultCallingWindow: CallingWindow = Object.freeze({ start: '08:00', end: '21:00' });

export type ComplianceInput = {
  readonly purpose: Purpose;
  readonly now: Date;
  /** Zones the receiver may be in; the window must be open in every one of them. */
  readonly timeZones: readonly string[];
  readonly window: CallingWindow;
  readonly onDoNotCallList: boolean;
  /** Start times of this number's attempts (any job) — only those in the last 24 h count. */
  readonly recentAttempts: readonly Date[];
  readonly maxAttemptsPer24h: number;
  /** CalloutRequested priority "urgent" (an operator escalation): the attempt limit does not apply. */
  readonly urgent?: boolean;
};

export type ComplianceDecision =
  | { readonly action: 'call' }
  | { readonly action: 'skip'; readonly status: 'SkippedDoNotCall'; readonly reason: string }
  | { readonly action: 'defer'; readonly until: Date; readonly reason: 'OutsideWindow' | 'AttemptLimit' };

const dayMs = 24 * 60 * 60 * 1000;

export function decideCompliance(input: ComplianceInput): ComplianceDecision {
  // DNC applies to every purpose: an operational call to someone who asked not to be called is still not made.
  if (input.onDoNotCallList) return { action: 'skip', status: 'SkippedDoNotCall', reason: 'number is on the do-not-call list' };
  const windowStart = input.now.getTime() - dayMs;
  const recent = input.recentAttempts.filter((at) => at.getTime() > windowStart).sort((a, b) => a.getTime() - b.getTime());
  if (!input.urgent && recent.length >= input.maxAttemptsPer24h) {
    // The next attempt is allowed once enough of the oldest attempts leave the rolling 24 h window.
    const oldestThatMustExpire = recent[recent.length - input.maxAttemptsPer24h];
    return { action: 'defer', until: new Date((oldestThatMustExpire?.getTime() ?? input.now.getTime()) + dayMs + 1), reason: 'AttemptLimit' };
  }
  // Operational calls (an operator paged about a fault) are urgent: windows do not apply.
  if (input.purpose === 'operational') return { action: 'call' };
  if (isWindowOpen(input.now, input.timeZones, input.window)) return { action: 'call' };
  const until = nextWindowOpening(input.now, input.timeZones, input.window);
  return { action: 'defer', until: until ?? new Date(input.now.getTime() + 7 * dayMs), reason: 'OutsideWindow' };
}

export function parseClock(text: string): number {
  const match = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a time of day (HH:MM)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new Error(`"${text}" is past 24:00`);
  return minutes;
}

/** Minutes since local midnight of `instant` in `zone`. */
export function localMinutes(instant: Date, zone: string): number {
  return localTimeIn(zone, instant).minuteOfDay;
}

export function isWindowOpen(instant: Date, zones: readonly string[], window: CallingWindow): boolean {
  if (zones.length === 0) return false;
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  return zones.every((zone) => {
    const local = localMinutes(instant, zone);
    // A window may wrap midnight (e.g. night-shift operators 22:00–06:00).
    return start <= end ? local >= start && local < end : local >= start || local < end;
  });
}

/**
 * First instant (minute precision) after `from` when the window is open in every zone, within 8 days;
 * undefined when the zones' windows never overlap (e.g. 08:00–09:00 in both Tokyo and New York).
 */
export function nextWindowOpening(from: Date, zones: readonly string[], window: CallingWindow): Date | undefined {
  const minute = 60_000;
  const coarse = 15 * minute;
  const base = Math.ceil(from.getTime() / minute) * minute;
  const limit = base + 8 * dayMs;
  for (let t = base; t <= limit; t += coarse) {
    if (isWindowOpen(new Date(t), zones, window)) {
      // Refine: the opening lies within the last coarse step.
      for (let fine = Math.max(base, t - coarse + minute); fine <= t; fine += minute) {
        if (isWindowOpen(new Date(fine), zones, window)) return new Date(fine);
      }
      return new Date(t);
    }
  }
  return undefined;
}
