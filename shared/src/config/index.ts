/**
 * Configuration: environment variables → zod → a deep-frozen object, read once at cold start.
 * Every bad key is reported in one error, so a misconfigured Lambda or local stage says everything
 * that is wrong at once instead of one key per deploy.
 */
import { safeParse, type $ZodType, type output } from 'zod/v4/core';

export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<DeepReadonly<U>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** One entry per bad key: `{ key: 'TABLE_NAME', message: 'Required' }`. */
    readonly problems: ReadonlyArray<{ key: string; message: string }>,
  ) {
    super(message);
  }
}

/** Freeze an object graph in place (arrays, nested objects; not class instances like Date or URL). */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    const prototype = Object.getPrototypeOf(value);
    if (Array.isArray(value) || prototype === Object.prototype || prototype === null) {
      Object.freeze(value);
      for (const key of Reflect.ownKeys(value as object)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return value as DeepReadonly<T>;
}

/**
 * Parse `env` with `schema` (an object schema whose keys are variable names; use `z.coerce` or
 * `z.stringbool()` for non-strings) and return the frozen result. Classic zod and zod/mini schemas both
 * work: parsing goes through zod's core, which they share.
 * Throws a `ConfigError` listing every missing or invalid key; values are never echoed (they may be secrets).
 */
export function loadConfig<S extends $ZodType>(schema: S, env: Record<string, string | undefined> = process.env): DeepReadonly<output<S>> {
  // Empty strings are how unset Lambda variables and `FOO= npm start` arrive; treat them as absent so
  // `.default()` and "Required" behave as the operator expects.
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = safeParse(schema, cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      // zod does not keep the input in an issue, so "required" is decided by the variable being absent —
      // `MAX_CALLS=ten` is an invalid number, not a missing one.
      const unset = issue.code === 'invalid_type' && issue.path.length === 1 && !Object.hasOwn(cleaned, String(issue.path[0]));
      return {
        key: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
        message: unset ? 'is required but not set' : issue.message,
      };
    });
    const lines = problems.map((problem) => `  - ${problem.key}: ${problem.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`, problems);
  }
  return deepFreeze(result.data);
}
