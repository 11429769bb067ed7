import type {
  AttemptLog,
  ContactRef,
  DoNotCallEntry,
  DoNotCallList,
  JobStatus,
  JobStore,
  Page,
  ResultPatch,
  ResultStore,
  StoredJob,
} from '../../domain/ports.ts';
import type { FinalStatus, ReceiverResult } from '../../domain/results.ts';

/**
 * In-memory stores behind the same ports as the DynamoDB adapters. Used by tests, benchmarks and the
 * local runner's simulated-time mode (where each await on real I/O would break the discrete-event clock).
 * Values are deep-copied in and out, like a real store, so callers cannot mutate stored state by accident.
 */
const copy = <T>(value: T): T => structuredClone(value);

function pageOf<T>(items: readonly T[], limit: number, cursor: string | undefined): Page<T> {
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  return next < items.length ? { items: slice, cursor: Buffer.from(String(next)).toString('base64url') } : { items: slice };
}

export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, StoredJob>();

  async createJob(job: StoredJob) {
    const existing = this.jobs.get(job.jobId);
    if (existing) return { created: false, job: copy(existing) };
    this.jobs.set(job.jobId, copy(job));
    return { created: true, job: copy(job) };
  }
  async getJob(jobId: string) {
    const job = this.jobs.get(jobId);
    return job ? copy(job) : undefined;
  }
  async updateJob(jobId: string, patch: Partial<StoredJob>, expected?: readonly JobStatus[]) {
    const job = this.jobs.get(jobId);
    if (!job || (expected && !expected.includes(job.status))) return undefined;
    const updated = { ...job, ...copy(patch), updatedAt: new Date().toISOString() };
    this.jobs.set(jobId, updated);
    return copy(updated);
  }
  async listJobs(options: { limit: number; cursor?: string }) {
    const all = [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.jobId.localeCompare(b.jobId));
    return pageOf(all.map(copy), options.limit, options.cursor);
  }
  async listJobsByStatus(status: JobStatus) {
    return [...this.jobs.values()].filter((job) => job.status === status).map(copy);
  }
  async countFinal(jobId: string, status: FinalStatus) {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    this.jobs.set(jobId, { ...job, finalCounts: { ...job.finalCounts, [status]: (job.finalCounts[status] ?? 0) + 1 } });
  }
}

type AnswerTimes = (string | null)[];

export class MemoryResultStore implements ResultStore {
  private readonly byJob = new Map<string, Map<string, ReceiverResult>>();
  private readonly answerTimes = new Map<string, AnswerTimes>();
  private readonly contacts = new Map<string, ContactRef>();

  private rows(jobId: string): Map<string, ReceiverResult> {
    let rows = this.byJob.get(jobId);
    if (!rows) {
      rows = new Map();
      this.byJob.set(jobId, rows);
    }
    return rows;
  }
  async putInitial(results: readonly ReceiverResult[]) {
    for (const result of results) {
      const rows = this.rows(result.jobId);
      if (!rows.has(result.receiverId)) rows.set(result.receiverId, copy(result));
    }
  }
  async get(jobId: string, receiverId: string) {
    const result = this.byJob.get(jobId)?.get(receiverId);
    return result ? copy(result) : undefined;
  }
  async update(jobId: string, receiverId: string, patch: ResultPatch) {
    const rows = this.rows(jobId);
    const current = rows.get(receiverId);
    if (!current) throw new Error(`no result ${jobId}/${receiverId}`);
    const next: ReceiverResult = { ...current, ...copy(patch), updatedAt: new Date().toISOString() };
    // `notBefore` is cleared when the receiver leaves WaitingRetry.
    if (patch.status && patch.status !== 'WaitingRetry' && patch.notBefore === undefined) {
      delete (next as { notBefore?: string }).notBefore;
      delete (next as { waitReason?: string }).waitReason;
    }
    rows.set(receiverId, next);
    return copy(next);
  }
  async recordAnswer(jobId: string, receiverId: string, questionIndex: number, answer: string, answeredAt: string) {
    const rows = this.rows(jobId);
    const current = rows.get(receiverId);
    if (!current) throw new Error(`no result ${jobId}/${receiverId}`);
    const answers = [...current.answers];
    answers[questionIndex - 1] = answer;
    rows.set(receiverId, { ...current, answers, updatedAt: answeredAt });
    const key = `${jobId}\u0000${receiverId}`;
    const times = this.answerTimes.get(key) ?? [];
    times[questionIndex - 1] = answeredAt;
    this.answerTimes.set(key, times);
  }
  async answeredAt(jobId: string, receiverId: string) {
    return [...(this.answerTimes.get(`${jobId}\u0000${receiverId}`) ?? [])].map((t) => t ?? null);
  }
  async list(jobId: string, options: { limit: number; cursor?: string }) {
    const all = [...(this.byJob.get(jobId)?.values() ?? [])].sort((a, b) => a.row - b.row);
    return pageOf(all.map(copy), options.limit, options.cursor);
  }
  async *all(jobId: string) {
    let cursor: string | undefined;
    do {
      const page = await this.list(jobId, { limit: 1000, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor);
  }
  async linkContact(contactId: string, ref: ContactRef) {
    this.contacts.set(contactId, copy(ref));
  }
  async contactRef(contactId: string) {
    const ref = this.contacts.get(contactId);
    return ref ? copy(ref) : undefined;
  }
}

export class MemoryDoNotCallList implements DoNotCallList {
  private readonly entries = new Map<string, DoNotCallEntry>();
  async has(phoneNumber: string) {
    return this.entries.has(phoneNumber);
  }
  async add(entry: DoNotCallEntry) {
    if (!this.entries.has(entry.phoneNumber)) this.entries.set(entry.phoneNumber, copy(entry));
  }
  async remove(phoneNumber: string) {
    return this.entries.delete(phoneNumber);
  }
  async list(options: { limit: number; cursor?: string }) {
    const all = [...this.entries.values()].sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber));
    return pageOf(all.map(copy), options.limit, options.cursor);
  }
}

export class MemoryAttemptLog implements AttemptLog {
  private readonly attempts = new Map<string, Date[]>();
  async record(phoneNumber: string, at: Date) {
    const list = this.attempts.get(phoneNumber) ?? [];
    list.push(new Date(at));
    this.attempts.set(phoneNumber, list);
  }
  async since(phoneNumber: string, since: Date) {
    return (this.attempts.get(phoneNumber) ?? []).filter((at) => at >= since).map((at) => new Date(at));
  }
}
