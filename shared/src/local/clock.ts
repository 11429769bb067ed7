/**
 * The local stage's one clock. By default it is the wall clock. Simulated time is opt-in and stage-wide:
 * `SWITCHBOARD_TIME_SCALE=30 npm start` makes stage time run 30 times faster than the wall clock, from the moment
 * the stage started, for every service alike — callouts' calls and retry delays, iot-triage's acknowledgement
 * timeout and escalation tick, sms's idle sweeper. One clock, so an incident's timestamps and the callout it caused
 * line up, and a timeout in one service means the same span as in the service it waits for.
 *
 * Services read `platform.clock`: `now()` for timestamps, `realMs(ms)` to turn a span of stage time into a timer's
 * real milliseconds. I/O (dynalite, HTTP) is not compressed, so a service keeps real-time floors where slowness
 * must not look like a timeout.
 */
export interface LocalClock {
  /** 1 = the wall clock; 30 = stage time runs 30 times faster. */
  readonly scale: number;
  /** Stage time when the stage started (the wall clock then, unless the stage was started at a chosen instant). */
  readonly startedAt: Date;
  now(): Date;
  /** Real milliseconds a timer waits for `ms` of stage time. */
  realMs(ms: number): number;
}

export class TimeScaleError extends Error {
  override readonly name = 'TimeScaleError';
}

export const timeScaleVariable = 'SWITCHBOARD_TIME_SCALE';
const maxTimeScale = 10_000;

/** The stage's time scale from `SWITCHBOARD_TIME_SCALE` (default 1); anything else than a number in [1, 10000] is refused. */
export function timeScaleFrom(env: Record<string, string | undefined>): number {
  const raw = env[timeScaleVariable];
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 1 || scale > maxTimeScale) {
    throw new TimeScaleError(`${timeScaleVariable}=${raw} is not a time scale: use a number from 1 (the wall clock) to ${maxTimeScale}.`);
  }
  return scale;
}

/**
 * `startAt` (simulated time only) puts the stage's clock at a chosen instant when it starts, so a test that depends
 * on the time of day — a calling window, business hours — means the same whenever it runs.
 */
export function createLocalClock(scale = 1, realNow: () => number = Date.now, startAt?: Date): LocalClock {
  if (!Number.isFinite(scale) || scale < 1 || scale > maxTimeScale) throw new TimeScaleError(`time scale ${scale} is outside 1…${maxTimeScale}`);
  if (startAt !== undefined && (scale === 1 || Number.isNaN(startAt.getTime()))) {
    throw new TimeScaleError('a clock start needs simulated time (a time scale above 1) and a valid date');
  }
  const startReal = realNow();
  const startStage = startAt?.getTime() ?? startReal;
  const startedAt = new Date(startStage);
  return {
    scale,
    startedAt,
    now: scale === 1 ? () => new Date(realNow()) : () => new Date(startStage + (realNow() - startReal) * scale),
    realMs: (ms) => Math.max(0, ms / scale),
  };
}
