/**
 * The spend limiter: how many calls and texts a user, and the whole stage, may cause per day.
 *
 * Every outbound call and text costs money and is a toll-fraud lever, so besides the destination guard each
 * one is counted against two ceilings: the requesting user's and the stage's. Windows are fixed and keyed by
 * the UTC day (`2026-12-03`): simple, the same in every region, and a refusal can say exactly when it ends
 * (`Retry-After` = seconds to the next UTC midnight). The price is that a user can spend up to twice the daily
 * limit across one midnight; a sliding window would not allow that but needs a read per request.
 */

export type SpendKind = 'calls' | 'texts';
export type SpendScope = 'user' | 'stage';

export interface SpendLimits {
  calls: { perUser: number; perStage: number };
  texts: { perUser: number; perStage: number };
}

export interface SpendRequest {
  kind: SpendKind;
  /** The principal's `subject` (Cognito `sub`), or a system identity such as `system:iot-triage`. */
  userId: string;
  /** How many calls/texts this request causes (a job's receivers, a batch of texts). @default 1 */
  count?: number;
  /**
   * Spending that must happen anyway (an urgent operator escalation): never refused, but counted — past the ceiling
   * if need be, so the rest of the day's ordinary requests see what was spent. The decision names the ceiling passed.
   * @default false
   */
  mandatory?: boolean;
}

/** Which limit refused, for the 429 problem and logs. */
export interface SpendLimitBreach {
  /** `calls-per-user-per-day`, `calls-per-stage-per-day`, `texts-per-user-per-day`, `texts-per-stage-per-day`. */
  name: `${SpendKind}-per-${SpendScope}-per-day`;
  kind: SpendKind;
  scope: SpendScope;
  /** The ceiling for the window. */
  max: number;
  /** How many the request asked for. */
  requested: number;
  /** The window (UTC day, `YYYY-MM-DD`). */
  window: string;
  /** When the window ends (next UTC midnight), ISO 8601. */
  resetsAt: string;
}

export type SpendDecision =
  /** `exceeded`: a mandatory request was counted past this ceiling. */
  { allowed: true; exceeded?: SpendLimitBreach } | { allowed: false; retryAfterSeconds: number; limit: SpendLimitBreach };

export interface SpendLimiter {
  /** Count `count` against the user's and the stage's ceilings; refuse without counting anything if either would be exceeded. */
  consume(request: SpendRequest): Promise<SpendDecision>;
}

export interface SpendCounterStore {
  /**
   * Add `count` to the counter `key` unless that would take it past `max`; true when added. Atomic per key.
   * `expiresAt` (epoch seconds) lets the store forget old windows.
   */
  tryAdd(key: string, count: number, max: number, expiresAt: number): Promise<boolean>;
  /** Take back what `tryAdd` added (a later ceiling refused the request). */
  subtract(key: string, count: number): Promise<void>;
}

const dayMs = 86_400_000;
/** Counters outlive their day by two more, so a late retry still sees the day's count. */
const keepWindowSeconds = 3 * 86_400;

export function utcDayWindow(now: Date): { window: string; startsAt: number; endsAt: number } {
  const startsAt = Math.floor(now.getTime() / dayMs) * dayMs;
  return { window: new Date(startsAt).toISOString().slice(0, 10), startsAt, endsAt: startsAt + dayMs };
}

export function counterKey(scope: SpendScope, kind: SpendKind, window: string, userId?: string): string {
  return scope === 'user' ? `user#${kind}#${window}#${userId}` : `stage#${kind}#${window}`;
}

export function validateSpendLimits(limits: SpendLimits): SpendLimits {
  for (const kind of ['calls', 'texts'] as const) {
    for (const scope of ['perUser', 'perStage'] as const) {
      const value = limits[kind]?.[scope];
      if (!Number.isInteger(value) || value < 0)
        throw new RangeError(`spend limit ${kind}.${scope} must be a non-negative integer, got ${String(value)}`);
    }
  }
  return limits;
}

/** The limiter over any counter store; `now` is injected (tests, the local stage's clock). */
export function createSpendLimiter(options: { store: SpendCounterStore; limits: SpendLimits; now?: () => Date }): SpendLimiter {
  const limits = validateSpendLimits(options.limits);
  const now = options.now ?? (() => new Date());
  return {
    async consume({ kind, userId, count = 1, mandatory = false }) {
      if (!Number.isInteger(count) || count < 1) throw new RangeError(`spend count must be a positive integer, got ${count}`);
      if (typeof userId !== 'string' || userId.length === 0) throw new TypeError('spend requests need the user id');
      const instant = now();
      const { window, endsAt } = utcDayWindow(instant);
      const retryAfterSeconds = Math.max(1, Math.ceil((endsAt - instant.getTime()) / 1000));
      const expiresAt = Math.floor(endsAt / 1000) + keepWindowSeconds;
      const refusal = (scope: SpendScope, max: number): SpendDecision => ({
        allowed: false,
        retryAfterSeconds,
        limit: { name: `${kind}-per-${scope}-per-day`, kind, scope, max, requested: count, window, resetsAt: new Date(endsAt).toISOString() },
      });
      const userMax = limits[kind].perUser;
      const stageMax = limits[kind].perStage;
      const userKey = counterKey('user', kind, window, userId);
      const stageKey = counterKey('stage', kind, window);
      const decision = await (async (): Promise<SpendDecision> => {
        if (count > userMax) return refusal('user', userMax);
        if (count > stageMax) return refusal('stage', stageMax);
        if (!(await options.store.tryAdd(userKey, count, userMax, expiresAt))) return refusal('user', userMax);
        if (!(await options.store.tryAdd(stageKey, count, stageMax, expiresAt))) {
          // No transactions on dynalite (nor needed): give the user's share back. If that fails the user is
          // over-counted, which errs on the side of spending less.
          await options.store.subtract(userKey, count);
          return refusal('stage', stageMax);
        }
        return { allowed: true };
      })();
      if (decision.allowed || !mandatory) return decision;
      // Refused but mandatory: count it on both counters without a ceiling (nothing was added above).
      await options.store.tryAdd(userKey, count, Number.MAX_SAFE_INTEGER, expiresAt);
      await options.store.tryAdd(stageKey, count, Number.MAX_SAFE_INTEGER, expiresAt);
      return { allowed: true, exceeded: decision.limit };
    },
  };
}

/** Counters in a Map: for unit tests and the local stage when persistence does not matter. */
export class InMemorySpendCounterStore implements SpendCounterStore {
  readonly counters = new Map<string, number>();
  async tryAdd(key: string, count: number, max: number): Promise<boolean> {
    const used = this.counters.get(key) ?? 0;
    if (used + count > max) return false;
    this.counters.set(key, used + count);
    return true;
  }
  async subtract(key: string, count: number): Promise<void> {
    this.counters.set(key, Math.max(0, (this.counters.get(key) ?? 0) - count));
  }
}

/** `createSpendLimiter` over an `InMemorySpendCounterStore`. */
export function createInMemorySpendLimiter(options: { limits: SpendLimits; now?: () => Date }): SpendLimiter & { store: InMemorySpendCounterStore } {
  const store = new InMemorySpendCounterStore();
  return Object.assign(createSpendLimiter({ ...options, store }), { store });
}
