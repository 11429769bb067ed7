/**
 * The signed-in session's ID token, kept fresh: `token()` hands out the current token, refreshing it
 * first when it expires within `refreshBeforeMs`; concurrent callers share one refresh; a failed refresh
 * ends the session (listeners hear `undefined`) instead of sending requests that can only get 401.
 * `refreshNow()` is for the 401 a request met anyway (a token revoked or a clock that drifted).
 */
export interface SessionTokens {
  idToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenSessionOptions {
  /** Gets new tokens (local: sign in again as the same user; Cognito: the refresh token via oidc-client-ts). */
  refresh: () => Promise<SessionTokens>;
  /** @default Date.now */
  now?: () => number;
  /** @default 60000 (a minute: a request started now still carries a valid token when it arrives) */
  refreshBeforeMs?: number;
}

export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
}

export class TokenSession {
  private current: SessionTokens | undefined;
  private inflight: Promise<SessionTokens> | undefined;
  private readonly listeners = new Set<(tokens: SessionTokens | undefined) => void>();
  private readonly now: () => number;
  private readonly refreshBeforeMs: number;

  constructor(
    initial: SessionTokens | undefined,
    private readonly options: TokenSessionOptions,
  ) {
    this.current = initial;
    this.now = options.now ?? Date.now;
    this.refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
  }

  get tokens(): SessionTokens | undefined {
    return this.current;
  }

  subscribe(listener: (tokens: SessionTokens | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A token valid for at least `refreshBeforeMs`; throws SessionExpiredError when none can be had. */
  async token(): Promise<string> {
    const current = this.current;
    if (!current) throw new SessionExpiredError('not signed in');
    if (current.expiresAt - this.now() > this.refreshBeforeMs) return current.idToken;
    return (await this.refreshNow()).idToken;
  }

  /** Refresh regardless of expiry; one refresh at a time however many callers ask. */
  refreshNow(): Promise<SessionTokens> {
    if (!this.current) return Promise.reject(new SessionExpiredError('not signed in'));
    this.inflight ??= this.options
      .refresh()
      .then(
        (tokens) => {
          this.set(tokens);
          return tokens;
        },
        (error: unknown) => {
          this.set(undefined);
          throw new SessionExpiredError(`the session could not be renewed: ${(error as Error)?.message ?? error}`);
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  set(tokens: SessionTokens | undefined): void {
    this.current = tokens;
    for (const listener of this.listeners) listener(tokens);
  }
}
