/**
 * Deadlines for calls that must not hang. A telephony handler has well under 5 s before Chime retries (and drops the
 * call at 20 s), so every dependency gets a budget and the handler answers with a fallback when it runs out.
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Rejects with TimeoutError after `ms`; pass the same budget as `abortSignal` to an SDK call to stop its socket too. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** An AbortSignal for SDK v3 `send(command, { abortSignal })`. */
export function timeoutSignal(ms: number): AbortSignal {
  return AbortSignal.timeout(ms);
}
