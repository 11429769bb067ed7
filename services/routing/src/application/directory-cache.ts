/**
 * The routing table as the telephony handlers see it: read once, kept for a short time, served stale
 * when a refresh fails. A warm Lambda answers most calls without touching DynamoDB, and a DynamoDB
 * hiccup degrades to "slightly old routes" instead of "every caller goes to the operator".
 */
import { DepartmentDirectory } from '../domain/department-directory.ts';
import type { CallOptions, DepartmentRepository } from '../domain/ports.ts';

export interface DirectoryCacheOptions {
  repository: Pick<DepartmentRepository, 'list'>;
  /** Fresh for this long. @default 30 000 */
  ttlMs?: number;
  /** After a failed refresh, an older copy is still served for this long. @default 600 000 */
  maxStaleMs?: number;
  /** Injected clock (ms). @default Date.now */
  now?: () => number;
}

export class DirectoryCache {
  private cached: { directory: DepartmentDirectory; loadedAt: number } | undefined;
  private inFlight: Promise<DepartmentDirectory> | undefined;

  constructor(private readonly options: DirectoryCacheOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The directory; throws when it cannot be read and no usable copy is cached. */
  async get(options: CallOptions = {}): Promise<DepartmentDirectory> {
    const age = this.cached === undefined ? Infinity : this.now() - this.cached.loadedAt;
    if (this.cached !== undefined && age < (this.options.ttlMs ?? 30_000)) return this.cached.directory;
    try {
      return await this.refresh(options);
    } catch (error) {
      if (this.cached !== undefined && age < (this.options.maxStaleMs ?? 600_000)) return this.cached.directory;
      throw error;
    }
  }

  /**
   * Starts reading the table now, without waiting: a cold start calls this while it is still loading, so
   * the round trip (and the TLS handshake before it) overlaps the rest of initialisation instead of adding
   * to the first caller's silence. The first `get` joins the read in flight; a failed or timed-out
   * prefetch is forgotten and that `get` reads again.
   */
  prefetch(timeoutMs: number): void {
    if (this.cached !== undefined || this.inFlight !== undefined) return;
    this.refresh({ signal: AbortSignal.timeout(timeoutMs) }).catch(() => {
      // Reported by the `get` that retries it; a prefetch has no caller to tell.
    });
  }

  /** Forget the cached copy (after an API write on the same process, e.g. the local stage). */
  invalidate(): void {
    this.cached = undefined;
  }

  private refresh(options: CallOptions): Promise<DepartmentDirectory> {
    // Concurrent invocations share one read (the local stage serves many simulated calls at once).
    this.inFlight ??= this.options.repository
      .list(options)
      .then((departments) => {
        const directory = new DepartmentDirectory(departments);
        this.cached = { directory, loadedAt: this.now() };
        return directory;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
