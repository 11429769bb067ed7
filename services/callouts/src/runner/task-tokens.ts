import type { AttemptReport, WorkflowCallbacks } from '../domain/ports.ts';

/**
 * The local stand-in for Step Functions task tokens. Like the real service it outlives the runner: a report
 * sent while no runner waits (the runner crashed mid-call) is kept and handed to the next runner that waits
 * on the same token. Tokens are derived from (job, receiver, attempt), so a restarted runner asks for the
 * same token the running call will report to.
 */
export function localTaskToken(jobId: string, receiverId: string, attempt: number): string {
  return `local:${Buffer.from(JSON.stringify([jobId, receiverId, attempt])).toString('base64url')}`;
}

type Waiter = { resolve: (report: AttemptReport) => void; onHeartbeat: () => void };

export class LocalTaskTokens implements WorkflowCallbacks {
  private readonly waiters = new Map<string, Waiter>();
  private readonly delivered = new Map<string, AttemptReport>();
  heartbeats = 0;

  /** Waits for the report on `token`; resolves at once if it already arrived. */
  wait(token: string, onHeartbeat: () => void = () => undefined): { report: Promise<AttemptReport>; cancel: () => void } {
    const early = this.delivered.get(token);
    if (early) {
      this.delivered.delete(token);
      return { report: Promise.resolve(early), cancel: () => undefined };
    }
    let cancel: () => void = () => undefined;
    const report = new Promise<AttemptReport>((resolve) => {
      this.waiters.set(token, { resolve, onHeartbeat });
      cancel = () => {
        if (this.waiters.get(token)?.resolve === resolve) this.waiters.delete(token);
      };
    });
    return { report, cancel };
  }

  async succeed(taskToken: string, report: AttemptReport): Promise<void> {
    const waiter = this.waiters.get(taskToken);
    if (waiter) {
      this.waiters.delete(taskToken);
      waiter.resolve(report);
    } else {
      this.delivered.set(taskToken, report);
    }
  }

  async heartbeat(taskToken: string): Promise<void> {
    this.heartbeats += 1;
    this.waiters.get(taskToken)?.onHeartbeat();
  }

  /** Drops every waiter without resolving it (the runner that waited is gone). */
  forgetWaiters(): void {
    this.waiters.clear();
  }
}
