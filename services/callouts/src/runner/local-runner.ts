import { type CampaignDeps, applyOutcome, dialAttempt, prepareAttempt, releaseAttemptIfStopped } from '../domain/campaign.ts';
import type { AttemptReport, Dialer } from '../domain/ports.ts';
import { isFinal } from '../domain/results.ts';
import type { Scheduler } from './scheduler.ts';
import { type LocalTaskTokens, localTaskToken } from './task-tokens.ts';
import type { TokenBucket } from './token-bucket.ts';

/**
 * The local stand-in for the Step Functions workflow: the same steps per receiver (compliance → paced
 * StartOutboundVoiceContact with the attempt's ClientToken → wait for the task token with heartbeat and
 * timeout → save → retry by outcome), a concurrency cap on calls in flight, and job completion.
 *
 * All state lives in the stores; the runner's memory holds only queues. Killing it (`kill()`) and starting a
 * new runner on the same stores (`resume()`) continues every Running job: receivers recorded as Dialing are
 * re-dialed with the same ClientToken (Connect returns the existing contact, no second call) and their
 * pending report is picked up from the task-token registry, which — like Step Functions — outlives the runner.
 */
export type RunnerOptions = {
  readonly deps: CampaignDeps;
  readonly dialer: Dialer;
  readonly scheduler: Scheduler;
  readonly pacing: TokenBucket;
  readonly taskTokens: LocalTaskTokens;
  /** Calls in flight at most (≤ the Connect instance's concurrent-call quota). */
  readonly maxConcurrency: number;
  /** Give up waiting for a call's report after this long without a heartbeat (Step Functions HeartbeatSeconds). */
  readonly heartbeatTimeoutMs: number;
  /** …and after this long in total (TimeoutSeconds). */
  readonly callTimeoutMs: number;
  /** Wait before re-dialing a throttled StartOutboundVoiceContact. */
  readonly throttleBackoffMs?: number;
  /** Called once when every receiver of a job is final (writes the report). */
  readonly onJobDone: (jobId: string) => Promise<void>;
  readonly onError?: (error: unknown, where: string) => void;
};

type Item = { readonly jobId: string; readonly receiverId: string };
type Delayed = Item & { readonly at: number };

export class LocalCalloutRunner {
  private readonly ready: Item[] = [];
  private readonly delayed: Delayed[] = [];
  private readonly remaining = new Map<string, number>();
  private readonly queued = new Set<string>();
  private readonly abort = new AbortController();
  private active = 0;
  private wakeAt: number | undefined;
  private killed = false;
  /** Calls in flight, for the utilisation figure (slot-milliseconds busy). */
  busySlotMs = 0;
  private readonly inFlightSince = new Map<string, number>();
  private workers = 0;

  constructor(private readonly options: RunnerOptions) {}

  /** Receivers not yet final over all jobs this runner handles. */
  get outstanding(): number {
    let total = 0;
    for (const n of this.remaining.values()) total += n;
    return total;
  }

  /** True when nothing is queued, delayed or running. */
  get idle(): boolean {
    return this.active === 0 && this.ready.length === 0 && this.delayed.length === 0 && this.workers === 0;
  }

  /** Starts (or continues) a job: every receiver that is not final is queued. */
  async startJob(jobId: string): Promise<void> {
    const job = await this.options.deps.jobs.getJob(jobId);
    // A cancelled job is started once more so it completes (report, CalloutJobCompleted) when its calls end.
    const cancelled = job?.status === 'Cancelled' && !job.completedAt;
    if (!job || (job.status !== 'Running' && !cancelled)) return;
    if (cancelled) this.forget(jobId);
    let open = 0;
    const now = this.options.scheduler.now().getTime();
    for await (const result of this.options.deps.results.all(jobId)) {
      if (isFinal(result.status)) continue;
      open += 1;
      const key = `${jobId}\u0000${result.receiverId}`;
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      const at = result.notBefore ? new Date(result.notBefore).getTime() : now;
      if (at > now) this.delay({ jobId, receiverId: result.receiverId, at });
      else this.ready.push({ jobId, receiverId: result.receiverId });
    }
    this.remaining.set(jobId, open);
    if (open === 0) await this.finishJob(jobId);
    this.pump();
  }

  /** Drops a job's queued and delayed receivers (a cancelled job's receivers are final; only calls in flight remain). */
  private forget(jobId: string): void {
    for (const list of [this.ready, this.delayed] as Item[][]) {
      for (let i = list.length - 1; i >= 0; i -= 1) {
        if (list[i]!.jobId === jobId) {
          this.queued.delete(`${jobId}\u0000${list[i]!.receiverId}`);
          list.splice(i, 1);
        }
      }
    }
  }

  /** After a restart: continue every Running job. */
  async resume(): Promise<void> {
    for (const status of ['Running', 'Cancelled'] as const) {
      for (const job of await this.options.deps.jobs.listJobsByStatus(status)) await this.startJob(job.jobId);
    }
  }

  /** Simulates a crash: stops at once, abandons waits, writes nothing more. */
  kill(): void {
    this.killed = true;
    this.abort.abort();
    this.ready.length = 0;
    this.delayed.length = 0;
    this.options.taskTokens.forgetWaiters();
  }

  private delay(item: Delayed): void {
    this.delayed.push(item);
    this.scheduleWake();
  }

  private scheduleWake(): void {
    if (this.killed || this.delayed.length === 0) return;
    const earliest = Math.min(...this.delayed.map((d) => d.at));
    if (this.wakeAt !== undefined && this.wakeAt <= earliest) return;
    this.wakeAt = earliest;
    const now = this.options.scheduler.now().getTime();
    this.workers += 1;
    this.options.scheduler
      .sleep(earliest - now, this.abort.signal)
      .then(() => {
        this.wakeAt = undefined;
        const at = this.options.scheduler.now().getTime();
        for (let i = this.delayed.length - 1; i >= 0; i -= 1) {
          const item = this.delayed[i]!;
          if (item.at <= at) {
            this.delayed.splice(i, 1);
            this.ready.push({ jobId: item.jobId, receiverId: item.receiverId });
          }
        }
        this.scheduleWake();
        this.pump();
      })
      .catch(() => undefined)
      .finally(() => {
        this.workers -= 1;
      });
  }

  private pump(): void {
    while (!this.killed && this.active < this.options.maxConcurrency && this.ready.length > 0) {
      const item = this.ready.shift()!;
      this.active += 1;
      void this.process(item)
        .catch((error: unknown) => {
          if (!this.killed) this.options.onError?.(error, `${item.jobId}/${item.receiverId}`);
        })
        .finally(() => {
          this.active -= 1;
          this.pump();
        });
    }
  }

  private async process(item: Item): Promise<void> {
    const { deps, scheduler } = this.options;
    const step = await prepareAttempt(deps, item.jobId, item.receiverId);
    if (this.killed) return;
    if (step.kind === 'final') return this.settled(item);
    if (step.kind === 'stopped') {
      this.queued.delete(`${item.jobId}\u0000${item.receiverId}`);
      return;
    }
    if (step.kind === 'deferred') return this.delay({ ...item, at: step.until.getTime() });

    const taskToken = localTaskToken(item.jobId, item.receiverId, step.attempt);
    await this.options.pacing.take(this.abort.signal);
    if (this.killed) return;
    // Paused or cancelled while waiting for a dial slot: the attempt is given back and no call is placed.
    if (await releaseAttemptIfStopped(deps, item.jobId, item.receiverId, step.attempt)) {
      this.queued.delete(`${item.jobId}\u0000${item.receiverId}`);
      return;
    }
    const dial = await dialAttempt(deps, this.options.dialer, { ...item, attempt: step.attempt, clientToken: step.clientToken, taskToken });
    if (this.killed) return;
    if (dial.kind === 'throttled') return this.delay({ ...item, at: scheduler.now().getTime() + (this.options.throttleBackoffMs ?? 1_000) });

    let report: AttemptReport;
    if (dial.kind === 'rejected') report = dial.report;
    else report = await this.waitForReport(taskToken, { ...item, attempt: step.attempt, contactId: dial.contactId });
    if (this.killed) return;
    const outcome = await applyOutcome(deps, report);
    if (this.killed) return;
    if (outcome.kind === 'retry') return this.delay({ ...item, at: outcome.notBefore.getTime() });
    return this.settled(item);
  }

  /** waitForTaskToken with HeartbeatSeconds and TimeoutSeconds; a timed-out call is reported as Failed. */
  private async waitForReport(taskToken: string, ref: Item & { attempt: number; contactId: string }): Promise<AttemptReport> {
    const { scheduler } = this.options;
    const started = scheduler.now().getTime();
    const slotKey = `${ref.jobId}\u0000${ref.receiverId}`;
    this.inFlightSince.set(slotKey, started);
    let lastBeat = started;
    const waiting = this.options.taskTokens.wait(taskToken, () => {
      lastBeat = scheduler.now().getTime();
    });
    let outcome: AttemptReport | undefined;
    void waiting.report.then((r) => {
      outcome = r;
    });
    const timeoutReport = (error: string): AttemptReport => ({ ...ref, outcome: 'Failed', error });
    // Cancels the pending timeout sleep once the report is in (and on kill).
    const waitAbort = new AbortController();
    const onKill = () => waitAbort.abort();
    this.abort.signal.addEventListener('abort', onKill, { once: true });
    try {
      for (;;) {
        await Promise.resolve();
        if (outcome) return outcome;
        const now = scheduler.now().getTime();
        const heartbeatDeadline = lastBeat + this.options.heartbeatTimeoutMs;
        const totalDeadline = started + this.options.callTimeoutMs;
        if (now >= totalDeadline) return timeoutReport('States.Timeout: no result before the call timeout');
        if (now >= heartbeatDeadline) return timeoutReport('States.HeartbeatTimeout: the call stopped reporting');
        const wake = Math.min(heartbeatDeadline, totalDeadline) - now;
        const result = await Promise.race([waiting.report, scheduler.sleep(wake, waitAbort.signal).then(() => undefined)]);
        if (result) return result;
      }
    } finally {
      waitAbort.abort();
      this.abort.signal.removeEventListener('abort', onKill);
      waiting.cancel();
      this.busySlotMs += scheduler.now().getTime() - started;
      this.inFlightSince.delete(slotKey);
    }
  }

  private async settled(item: Item): Promise<void> {
    this.queued.delete(`${item.jobId}\u0000${item.receiverId}`);
    const left = (this.remaining.get(item.jobId) ?? 1) - 1;
    this.remaining.set(item.jobId, left);
    if (left === 0) await this.finishJob(item.jobId);
  }

  private async finishJob(jobId: string): Promise<void> {
    this.remaining.delete(jobId);
    if (!this.killed) await this.options.onJobDone(jobId);
  }
}
