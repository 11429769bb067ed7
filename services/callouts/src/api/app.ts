import {
  HttpProblem,
  type Principal,
  type TokenVerifier,
  enforceSpendLimit,
  createRoute,
  createServiceApp,
  problemResponses,
  z,
} from '@switchboard/shared/http';
import { WorkbookRefused, readCallJobWorkbook, workbookLimits } from '../adapters/excel/read-call-job-workbook.ts';
import { templateWorkbookBuffer } from '../adapters/excel/write-template-workbook.ts';
import { validateCallJob } from '../application/validate-call-job.ts';
import { type CampaignDeps, type SubmitResult, cancelJob } from '../domain/campaign.ts';
import { maxPresignSeconds } from '../domain/complete-job.ts';
import { type JobStarter, acceptDraft } from '../domain/intake.ts';
import {
  callTaskSchema as domainCallTaskSchema,
  draftFromCallTask,
  receiverOpenApi,
  receiverValues,
  toReceiverRecord,
} from '../domain/intake-drafts.ts';
import { type JobDraft, type JobIssue, type ValidatedJob, jobIdFromName, jobIdPattern, renderPrompts, validateJob } from '../domain/job.ts';
import type { ReportStore, StoredJob } from '../domain/ports.ts';
import { normalisePhoneNumber } from '../domain/phone-numbers.ts';
import { type ReceiverResult, countProgress, isFinal } from '../domain/results.ts';
import { type Role, hasAnyRole, rolesOf } from '@switchboard/shared/roles';
import type { SpendLimiter } from '@switchboard/shared/limits';
import { maskPhoneNumber } from '@switchboard/shared/phone';
import packageJson from '../../package.json' with { type: 'json' };
import { access } from './access.ts';

/**
 * The callouts REST API: submit jobs (JSON or an uploaded workbook), preview prompts, follow progress,
 * pause/resume/cancel, page through results, fetch the report link, manage the do-not-call list.
 */
export type CalloutsApiDeps = {
  readonly verifier: TokenVerifier;
  readonly campaign: Pick<CampaignDeps, 'jobs' | 'results' | 'doNotCall' | 'clock' | 'bus'> & Partial<Pick<CampaignDeps, 'allowedCountries'>>;
  readonly starter: JobStarter;
  readonly reports: ReportStore;
  /** Lifetime of report links, capped at 7 days (SigV4). */
  readonly reportLinkSeconds: number;
  /** Calls per user and per stage per day (a job counts all its receivers when it is submitted). */
  readonly spendLimiter?: SpendLimiter;
  /** Most receivers one job may have, by the submitter's role (the highest of their roles applies). */
  readonly receiversPerJob?: Partial<Record<Role, number>>;
  /** How fast the stage calls (concurrency cap, dials per second), shown with each job; omitted when unknown. */
  readonly pacing?: { readonly maxConcurrency: number; readonly dialsPerSecond: number };
};

/** Default receivers per job by role: a campaign manager's job is smaller than what an admin may run. */
export const defaultReceiversPerJob: Readonly<Partial<Record<Role, number>>> = Object.freeze({ admin: 50_000, 'campaign-manager': 10_000 });

/** The call task as the routes validate and document it (the receiver check carries its OpenAPI description). */
const callTaskSchema = domainCallTaskSchema.extend({
  receivers: z.array(receiverValues.openapi(receiverOpenApi as never).transform(toReceiverRecord)).max(50_001),
});
const issueSchema = z
  .object({ sheet: z.string(), row: z.number().int().optional(), column: z.string().optional(), reason: z.string() })
  .openapi('JobIssue');
const jobSchema = z
  .object({
    jobId: z.string(),
    status: z.enum(['Running', 'Paused', 'Cancelled', 'Completed']),
    purpose: z.string(),
    source: z.string(),
    cancelReason: z.string().optional(),
    receiverCount: z.number().int(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    requestId: z.string().optional(),
    questions: z.array(z.object({ index: z.number().int(), type: z.string(), template: z.string() })),
    callingWindow: z.object({ start: z.string(), end: z.string() }),
    warnings: z.array(issueSchema).optional(),
    progress: z.record(z.string(), z.number().int()).optional(),
    waiting: z
      .array(
        z.object({
          reason: z.enum(['OutsideWindow', 'RetryDelay', 'AttemptLimit', 'Paused']),
          receivers: z.number().int(),
          nextAttemptAt: z.string().optional(),
          timeZones: z.array(z.string()).optional(),
        }),
      )
      .optional()
      .openapi({
        description: 'GET /jobs/{jobId} only: receivers not being called now, by reason, with the earliest next attempt and the zones it waits in',
      }),
    pacing: z
      .object({ maxConcurrency: z.number().int(), dialsPerSecond: z.number() })
      .optional()
      .openapi({ description: "The stage's concurrency cap (calls on the line at once) and dial rate" }),
    report: z
      .object({ link: z.string(), excelKey: z.string(), jsonKey: z.string().optional() })
      .optional()
      .openapi({ description: 'Where the Excel and JSON reports are (GET the link for download URLs); shown to those who may download them' }),
  })
  .openapi('CalloutJob');
const resultSchema = z
  .object({
    receiverId: z.string(),
    row: z.number().int(),
    phoneNumber: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    answers: z.array(z.string().nullable()),
    callAt: z.string().optional(),
    error: z.string().optional(),
    fields: z.record(z.string(), z.string()),
    waiting: z
      .object({
        reason: z.enum(['OutsideWindow', 'RetryDelay', 'AttemptLimit', 'Paused']),
        nextAttemptAt: z.string().optional(),
        timeZones: z.array(z.string()).optional(),
      })
      .optional()
      .openapi({ description: 'Why a receiver that is not final is not being called now, and when it will be tried next' }),
    attemptHistory: z.array(
      z.object({
        attempt: z.number().int(),
        startedAt: z.string(),
        endedAt: z.string().optional(),
        outcome: z.string().optional(),
        error: z.string().optional(),
      }),
    ),
  })
  .openapi('ReceiverResult');
const dncEntrySchema = z.object({ phoneNumber: z.string(), reason: z.string(), source: z.string(), addedAt: z.string() }).openapi('DoNotCallEntry');
const jobIdParam = z.object({
  jobId: z
    .string()
    .regex(jobIdPattern)
    .openapi({ param: { name: 'jobId', in: 'path' } }),
});
const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  nextToken: z
    .string()
    .max(2048)
    .optional()
    .openapi({ param: { name: 'nextToken', in: 'query' } }),
});
const uploadSchema = z.object({
  // Optional in the schema because the JSON and multipart validators both run; the handler requires it for uploads.
  file: z.any().optional().openapi({ type: 'string', format: 'binary', description: 'The call-job workbook (.xlsx)' }),
  task_id: z.string().optional().openapi({ description: 'Job id; defaults to the file name without .xlsx' }),
});

/** `reportVisible`: the caller may download the report (admins and the creator), so the job links it. */
function publicJob(job: StoredJob, progress?: Record<string, number>, reportVisible = false) {
  return {
    ...(reportVisible && job.reportKey
      ? {
          report: {
            link: `/jobs/${encodeURIComponent(job.jobId)}/report`,
            excelKey: job.reportKey,
            ...(job.reportJsonKey ? { jsonKey: job.reportJsonKey } : {}),
          },
        }
      : {}),
    jobId: job.jobId,
    status: job.status,
    purpose: job.purpose,
    source: job.source,
    receiverCount: job.receiverCount,
    createdAt: job.createdAt,
    ...(job.completedAt ? { completedAt: job.completedAt } : {}),
    ...(job.requestId ? { requestId: job.requestId } : {}),
    ...(job.cancelReason ? { cancelReason: job.cancelReason } : {}),
    questions: job.questions.map((q) => ({ ...q })),
    callingWindow: { ...job.callingWindow },
    ...(job.warnings?.length ? { warnings: job.warnings.map((w) => ({ ...w })) } : {}),
    ...(progress ? { progress } : {}),
  };
}

function invalidJob(issues: readonly JobIssue[], warnings: readonly JobIssue[] = []): HttpProblem {
  return new HttpProblem(422, 'Invalid call job', {
    detail: `${issues.length} problem${issues.length === 1 ? '' : 's'} found; nothing was called.`,
    jobIssues: issues,
    ...(warnings.length ? { warnings } : {}),
  });
}

/** A workbook refused by a reader limit: 413 (sizes) or 422, naming the limit and its value. */
function workbookProblem(error: WorkbookRefused): HttpProblem {
  const value = (workbookLimits as Record<string, number>)[error.limit];
  return new HttpProblem(error.status, error.status === 413 ? 'Workbook too large' : 'Workbook refused', {
    detail: `${error.message}; nothing was called.`,
    limit: error.limit,
    ...(value !== undefined ? { limitValue: value } : {}),
  });
}

/**
 * How a receiver reads in the results: why it waits and until when. In a paused job nobody is dialled, so a receiver
 * not on a call shows its waiting status with reason Paused (never "Dialing": no call is being placed).
 */
type Waiting = { reason: 'OutsideWindow' | 'RetryDelay' | 'AttemptLimit' | 'Paused'; nextAttemptAt?: string; timeZones?: string[] };
function receiverView(job: StoredJob, r: ReceiverResult): { status: string; waiting?: Waiting } {
  if (isFinal(r.status)) return { status: r.status };
  const current = r.attempts[r.attempts.length - 1];
  const onTheLine = (r.status === 'Dialing' || r.status === 'InCall') && current?.contactId !== undefined && current.outcome === undefined;
  if (job.status === 'Paused' && !onTheLine) {
    return {
      status: r.status === 'Dialing' ? (r.notBefore ? 'WaitingRetry' : 'Pending') : r.status,
      waiting: { reason: 'Paused', ...(r.notBefore ? { nextAttemptAt: r.notBefore } : {}) },
    };
  }
  if (r.status === 'WaitingRetry') {
    const reason = r.waitReason ?? 'RetryDelay';
    // The window is the receiver's local time: the zones say what "08:00" means.
    return {
      status: r.status,
      waiting: {
        reason,
        ...(r.notBefore ? { nextAttemptAt: r.notBefore } : {}),
        ...(reason === 'OutsideWindow' ? { timeZones: [...r.timeZones] } : {}),
      },
    };
  }
  return { status: r.status };
}

/** Waiting receivers by reason: how many, the earliest next attempt, and the zones (for "waiting for 08:00 in Asia/Hong_Kong"). */
export function waitingSummary(waits: readonly Waiting[]) {
  const byReason = new Map<Waiting['reason'], { reason: Waiting['reason']; receivers: number; nextAttemptAt?: string; timeZones?: string[] }>();
  for (const wait of waits) {
    const entry = byReason.get(wait.reason) ?? { reason: wait.reason, receivers: 0 };
    entry.receivers += 1;
    if (wait.nextAttemptAt && (!entry.nextAttemptAt || wait.nextAttemptAt < entry.nextAttemptAt)) {
      entry.nextAttemptAt = wait.nextAttemptAt;
      if (wait.timeZones) entry.timeZones = [...wait.timeZones];
    } else if (!entry.timeZones && wait.timeZones) entry.timeZones = [...wait.timeZones];
    byReason.set(wait.reason, entry);
  }
  return [...byReason.values()];
}

function seesAllJobs(principal: Principal): boolean {
  return hasAnyRole(principal, ['admin', 'supervisor']);
}
/** Full numbers and extra columns: admins and the job's creator. */
function seesPersonalData(principal: Principal, job: StoredJob): boolean {
  return hasAnyRole(principal, ['admin']) || job.requestedBy === principal.username;
}

/** A campaign manager's page of jobs: the store pages every job, so pages are read until this one is full. */
async function ownJobs(jobs: CalloutsApiDeps['campaign']['jobs'], username: string, limit: number, cursor: string | undefined) {
  const items: StoredJob[] = [];
  let next = cursor;
  // Bounded: at most 20 store pages per request; the cursor lets the caller continue.
  for (let pages = 0; pages < 20 && items.length < limit; pages += 1) {
    const page = await jobs.listJobs({ limit: 100, ...(next ? { cursor: next } : {}) });
    // Whole store pages only, so the cursor never skips a job (a page may hold a few more than `limit`).
    for (const job of page.items) if (job.requestedBy === username) items.push(job);
    next = page.cursor;
    if (!next) break;
  }
  return { items, ...(next ? { cursor: next } : {}) };
}

export function createApp(deps: CalloutsApiDeps) {
  const app = createServiceApp({
    service: 'callouts',
    version: packageJson.version,
    title: 'Switchboard callouts API',
    verifier: deps.verifier,
    access,
  });
  const { jobs, results, doNotCall } = deps.campaign;
  const pacing = deps.pacing ? { pacing: { ...deps.pacing } } : {};

  /** The spend limits, checked on the validated job before anything is stored: too many receivers for the role (422), calls per day (429). */
  const maxReceiversFor = (principal: Principal) => {
    const table = deps.receiversPerJob ?? defaultReceiversPerJob;
    return Math.max(0, ...rolesOf(principal).map((role) => table[role] ?? 0));
  };
  const admitFor = (principal: Principal) => async (validated: ValidatedJob) => {
    const max = maxReceiversFor(principal);
    const count = validated.receivers.length;
    if (count > max) {
      throw new HttpProblem(422, 'Too many receivers for your role', {
        detail: `The job has ${count} receivers to call; your role${rolesOf(principal).length > 1 ? 's allow' : ' allows'} at most ${max} per job.`,
        limit: 'receivers-per-job',
        max,
        requested: count,
      });
    }
    if (deps.spendLimiter) await enforceSpendLimit(deps.spendLimiter, { kind: 'calls', userId: principal.subject, count });
  };
  const intake = (principal: Principal) => ({ ...deps.campaign, admit: admitFor(principal) });

  const answerSubmit = (result: SubmitResult) => {
    switch (result.kind) {
      case 'invalid':
        throw invalidJob(result.issues, result.warnings);
      case 'conflict':
        throw new HttpProblem(409, 'Job id already used', { detail: `Job "${result.job.jobId}" exists with different content; use a new task_id.` });
      case 'duplicate':
        return { status: 200 as const, body: { job: publicJob(result.job), duplicate: true, issues: [] } };
      case 'created':
        return { status: 201 as const, body: { job: publicJob(result.job), duplicate: false, issues: result.issues.map((i) => ({ ...i })) } };
    }
  };

  const submitRoute = createRoute({
    method: 'post',
    path: '/jobs',
    summary: "Submit a call job (the seed's call-task JSON, or a workbook as multipart/form-data)",
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: callTaskSchema.openapi('CallTask') }, 'multipart/form-data': { schema: uploadSchema } },
      },
    },
    responses: {
      201: {
        description: 'Created and started',
        content: { 'application/json': { schema: z.object({ job: jobSchema, duplicate: z.boolean(), issues: z.array(issueSchema) }) } },
      },
      200: {
        description: 'The same job was already submitted; nothing new happens',
        content: { 'application/json': { schema: z.object({ job: jobSchema, duplicate: z.boolean(), issues: z.array(issueSchema) }) } },
      },
      ...problemResponses(400, 401, 409, 413, 422, 429),
    },
  });
  /** A multipart upload's workbook as a draft: bounded by size before a byte is parsed, then by the reader's limits. */
  const uploadedDraft = async (form: Record<string, unknown>): Promise<JobDraft> => {
    const file = form.file;
    if (!(file instanceof File)) throw new HttpProblem(422, 'Unprocessable Content', { detail: 'Send the workbook in the "file" field.' });
    const taskId = typeof form.task_id === 'string' && form.task_id !== '' ? form.task_id : jobIdFromName(file.name || 'call_job.xlsx');
    if (file.size > workbookLimits.maxCompressedBytes)
      throw workbookProblem(
        new WorkbookRefused(
          413,
          'maxCompressedBytes',
          `the workbook is ${file.size} bytes; at most ${workbookLimits.maxCompressedBytes} bytes are accepted`,
        ),
      );
    return readCallJobWorkbook(Buffer.from(await file.arrayBuffer()), taskId).catch((error: unknown) => {
      throw error instanceof WorkbookRefused ? workbookProblem(error) : error;
    });
  };
  const isUpload = (contentType: string | undefined) => (contentType ?? '').startsWith('multipart/form-data');

  // Uploads are answered here, before the route's validators (which would also hold the form to the JSON schema).
  app.post('/jobs', async (c, next) => {
    if (!isUpload(c.req.header('content-type'))) return next();
    const draft = await uploadedDraft(await c.req.parseBody());
    const answer = answerSubmit(await acceptDraft(intake(c.get('principal')), deps.starter, { ...draft, requestedBy: c.get('principal').username }));
    return c.json(answer.body, answer.status);
  });
  app.openapi(submitRoute, async (c) => {
    const task = c.req.valid('json') as z.output<typeof callTaskSchema>;
    const answer = answerSubmit(
      await acceptDraft(intake(c.get('principal')), deps.starter, draftFromCallTask(task, { requestedBy: c.get('principal').username })),
    );
    return c.json(answer.body, answer.status);
  });

  const check = (principal: Principal, draft: JobDraft) => {
    const roles = rolesOf(principal);
    return validateCallJob(draft, {
      now: deps.campaign.clock.now(),
      maxReceivers: maxReceiversFor(principal),
      roleNote: `your role${roles.length > 1 ? 's allow' : ' allows'}`,
      ...(deps.campaign.allowedCountries ? { allowedCountries: deps.campaign.allowedCountries } : {}),
    });
  };
  const promptsSchema = z
    .object({
      receiverId: z.string(),
      greeting: z.string(),
      questions: z.array(z.object({ index: z.number(), type: z.string(), prompt: z.string() })),
      ending: z.string(),
    })
    .openapi('RenderedPrompts', { description: 'SSML bodies (without <speak>), receiver data escaped' });
  const checkSchema = z
    .object({
      valid: z.boolean(),
      issues: z.array(issueSchema),
      warnings: z.array(issueSchema),
      summary: z
        .object({
          taskId: z.string(),
          purpose: z.string(),
          receivers: z.number().int(),
          skippedRows: z.number().int(),
          questions: z.array(z.object({ index: z.number().int(), type: z.string(), template: z.string() })),
          callingWindow: z.object({ start: z.string(), end: z.string() }),
          extraColumns: z.array(z.string()),
          maxAttempts: z.number().int(),
        })
        .optional(),
      preview: promptsSchema.optional(),
    })
    .openapi('CallJobCheck');
  const validateRoute = createRoute({
    method: 'post',
    path: '/jobs/validate',
    summary:
      'Dry run: validate a call job (JSON, or a workbook as multipart/form-data) and report every issue by sheet, row and column; nothing is stored or called',
    request: {
      body: { required: true, content: { 'application/json': { schema: callTaskSchema }, 'multipart/form-data': { schema: uploadSchema } } },
    },
    responses: {
      200: {
        description: "The verdict (valid or not), with the job's summary and the first receiver's prompts when it is valid",
        content: { 'application/json': { schema: checkSchema } },
      },
      ...problemResponses(400, 401, 413, 422),
    },
  });
  app.post('/jobs/validate', async (c, next) => {
    if (!isUpload(c.req.header('content-type'))) return next();
    const draft = await uploadedDraft(await c.req.parseBody());
    return c.json(check(c.get('principal'), draft), 200);
  });
  app.openapi(validateRoute, async (c) => {
    const task = c.req.valid('json') as z.output<typeof callTaskSchema>;
    return c.json(check(c.get('principal'), draftFromCallTask(task, { requestedBy: c.get('principal').username })), 200);
  });

  let template: Buffer | undefined;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/templates/call-job.xlsx',
      summary: 'The call-job template workbook (configures, questions, receivers sheets with examples)',
      responses: {
        200: {
          description: 'The workbook',
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ type: 'string', format: 'binary' }) },
          },
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      // Built once per process from the reader's own column definitions.
      template ??= templateWorkbookBuffer();
      const body = template;
      return c.body(new Uint8Array(body), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': 'attachment; filename="call_job_template.xlsx"',
        'cache-control': 'private, max-age=3600',
      }) as never;
    },
  );

  const previewRoute = createRoute({
    method: 'post',
    path: '/jobs/preview',
    summary: 'Render the prompts (SSML) one receiver would hear, without calling',
    request: {
      body: { required: true, content: { 'application/json': { schema: z.object({ job: callTaskSchema, receiverId: z.string().optional() }) } } },
    },
    responses: {
      200: {
        description: 'The prompts',
        content: {
          'application/json': {
            schema: z.object({
              receiverId: z.string(),
              greeting: z.string(),
              questions: z.array(z.object({ index: z.number(), type: z.string(), prompt: z.string() })),
              ending: z.string(),
            }),
          },
        },
      },
      ...problemResponses(400, 401, 404, 422),
    },
  });
  app.openapi(previewRoute, async (c) => {
    const body = c.req.valid('json');
    const validation = validateJob(draftFromCallTask(body.job), {
      now: deps.campaign.clock.now(),
      ...(deps.campaign.allowedCountries ? { allowedCountries: deps.campaign.allowedCountries } : {}),
    });
    if (!validation.ok) throw invalidJob(validation.issues, validation.warnings);
    const receiver = body.receiverId ? validation.value.receivers.find((r) => r.receiverId === body.receiverId) : validation.value.receivers[0];
    if (!receiver) throw new HttpProblem(404, 'Not Found', { detail: `No valid receiver "${body.receiverId}" in the job.` });
    const prompts = renderPrompts(validation.value.job, receiver);
    return c.json({ receiverId: receiver.receiverId, ...prompts }, 200);
  });

  const listRoute = createRoute({
    method: 'get',
    path: '/jobs',
    summary: 'List jobs, newest first',
    request: { query: pageQuery },
    responses: {
      200: {
        description: 'A page of jobs',
        content: { 'application/json': { schema: z.object({ items: z.array(jobSchema), nextToken: z.string().optional() }) } },
      },
      ...problemResponses(401, 422),
    },
  });
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const page = seesAllJobs(principal)
      ? await jobs.listJobs({ limit: query.limit, ...(query.nextToken ? { cursor: query.nextToken } : {}) })
      : await ownJobs(jobs, principal.username, query.limit, query.nextToken);
    // Live progress from the job's own counters (no read of its results): final receivers by status.
    const progressOf = (job: StoredJob) => {
      const counts = Object.fromEntries(Object.entries(job.finalCounts ?? {}).filter(([, n]) => typeof n === 'number')) as Record<string, number>;
      return { total: job.receiverCount, done: Object.values(counts).reduce((a, b) => a + b, 0), ...counts };
    };
    return c.json(
      {
        items: page.items.map((job) => ({ ...publicJob(job, progressOf(job), seesPersonalData(principal, job)), ...pacing })),
        ...(page.cursor ? { nextToken: page.cursor } : {}),
      },
      200,
    );
  });

  const getRoute = createRoute({
    method: 'get',
    path: '/jobs/{jobId}',
    summary: 'A job with live progress counts by status',
    request: { params: jobIdParam },
    responses: { 200: { description: 'The job', content: { 'application/json': { schema: jobSchema } } }, ...problemResponses(401, 404) },
  });
  /** The job, if this principal may see it: admins and supervisors every job, campaign managers the ones they created. */
  const loadJob = async (jobId: string, principal: Principal) => {
    const job = await jobs.getJob(jobId);
    // Someone else's job answers exactly like a missing one, so ids cannot be probed.
    if (!job || (!seesAllJobs(principal) && job.requestedBy !== principal.username))
      throw new HttpProblem(404, 'Not Found', { detail: `No job "${jobId}".` });
    return job;
  };
  app.openapi(getRoute, async (c) => {
    const job = await loadJob(c.req.valid('param').jobId, c.get('principal'));
    // One read of the results gives both the exact counts and why the waiting receivers wait.
    const all: ReceiverResult[] = [];
    for await (const result of results.all(job.jobId)) all.push(result);
    const waiting = waitingSummary(all.map((r) => receiverView(job, r).waiting).filter((w): w is Waiting => w !== undefined));
    return c.json(
      { ...publicJob(job, { ...countProgress(all) }, seesPersonalData(c.get('principal'), job)), ...(waiting.length ? { waiting } : {}), ...pacing },
      200,
    );
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{jobId}/receivers/{receiverId}/prompts',
      summary: "The prompts (SSML) one receiver of a job hears, rendered from the job's templates and the receiver's columns",
      request: {
        params: jobIdParam.extend({
          receiverId: z
            .string()
            .min(1)
            .max(256)
            .openapi({ param: { name: 'receiverId', in: 'path' } }),
        }),
      },
      responses: { 200: { description: 'The prompts', content: { 'application/json': { schema: promptsSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const job = await loadJob(params.jobId, c.get('principal'));
      // The prompts hold the receiver's columns: only for those who see them (admins and the job's creator).
      const receiver = seesPersonalData(c.get('principal'), job) ? await results.get(job.jobId, params.receiverId) : undefined;
      if (!receiver) throw new HttpProblem(404, 'Not Found', { detail: `No receiver "${params.receiverId}" in job "${job.jobId}".` });
      return c.json({ receiverId: receiver.receiverId, ...renderPrompts(job, receiver) }, 200);
    },
  );

  const transitions = {
    pause: { from: ['Running'], to: 'Paused' },
    resume: { from: ['Paused'], to: 'Running' },
    cancel: { from: ['Running', 'Paused'], to: 'Cancelled' },
  } as const;
  for (const [action, transition] of Object.entries(transitions)) {
    const route = createRoute({
      method: 'post',
      path: `/jobs/{jobId}/${action}`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a job`,
      request: { params: jobIdParam },
      responses: {
        200: { description: 'The job after the change', content: { 'application/json': { schema: jobSchema } } },
        ...problemResponses(401, 404, 409),
      },
    });
    app.openapi(route, async (c) => {
      const job = await loadJob(c.req.valid('param').jobId, c.get('principal'));
      if (action === 'cancel') {
        const cancelled = await cancelJob(deps.campaign, job.jobId, `cancelled by ${c.get('principal').username}`);
        if (cancelled.kind !== 'cancelled') throw new HttpProblem(409, 'Conflict', { detail: `A ${job.status} job cannot cancel.` });
        // The orchestration completes the job (report, completion notice) once calls on the line have ended.
        await deps.starter.start(job.jobId);
        return c.json(publicJob(cancelled.job), 200);
      }
      const updated = await jobs.updateJob(job.jobId, { status: transition.to }, transition.from);
      if (!updated) throw new HttpProblem(409, 'Conflict', { detail: `A ${job.status} job cannot ${action}.` });
      // Calls already on the line finish; paused/cancelled receivers are not dialled. Resuming restarts the orchestration.
      if (transition.to === 'Running') await deps.starter.start(job.jobId);
      return c.json(publicJob(updated), 200);
    });
  }

  const resultsRoute = createRoute({
    method: 'get',
    path: '/jobs/{jobId}/results',
    summary: 'Results by receiver (paginated, in row order)',
    request: { params: jobIdParam, query: pageQuery },
    responses: {
      200: {
        description: 'A page of results',
        content: { 'application/json': { schema: z.object({ items: z.array(resultSchema), nextToken: z.string().optional() }) } },
      },
      ...problemResponses(401, 404, 422),
    },
  });
  app.openapi(resultsRoute, async (c) => {
    const job = await loadJob(c.req.valid('param').jobId, c.get('principal'));
    const query = c.req.valid('query');
    const page = await results.list(job.jobId, { limit: query.limit, ...(query.nextToken ? { cursor: query.nextToken } : {}) });
    const full = seesPersonalData(c.get('principal'), job);
    return c.json(
      {
        items: page.items.map((r) => {
          const view = receiverView(job, r);
          return {
            receiverId: r.receiverId,
            row: r.row,
            phoneNumber: full ? r.phoneNumber : maskPhoneNumber(r.phoneNumber),
            status: view.status,
            attempts: r.attempts.length,
            answers: [...r.answers],
            ...(r.callAt ? { callAt: r.callAt } : {}),
            ...(r.error ? { error: r.error } : {}),
            fields: full ? { ...r.fields } : {},
            ...(view.waiting ? { waiting: view.waiting } : {}),
            attemptHistory: r.attempts.map((a) => ({
              attempt: a.attempt,
              startedAt: a.startedAt,
              ...(a.endedAt ? { endedAt: a.endedAt } : {}),
              ...(a.outcome ? { outcome: a.outcome } : {}),
              ...(a.error ? { error: a.error } : {}),
            })),
          };
        }),
        ...(page.cursor ? { nextToken: page.cursor } : {}),
      },
      200,
    );
  });

  const reportRoute = createRoute({
    method: 'get',
    path: '/jobs/{jobId}/report',
    summary: 'Presigned links to the Excel and JSON reports (valid at most 7 days)',
    request: { params: jobIdParam },
    responses: {
      200: {
        description: 'The link',
        content: {
          'application/json': {
            schema: z.object({
              url: z.string(),
              expiresInSeconds: z.number(),
              key: z.string(),
              jsonUrl: z.string().optional(),
              jsonKey: z.string().optional(),
            }),
          },
        },
      },
      ...problemResponses(401, 404, 409),
    },
  });
  app.openapi(reportRoute, async (c) => {
    const job = await loadJob(c.req.valid('param').jobId, c.get('principal'));
    if (!job.reportKey)
      throw new HttpProblem(409, 'Report not ready', {
        detail: `Job "${job.jobId}" is ${job.status}; the report is written when every receiver is final.`,
      });
    const expiresInSeconds = Math.min(deps.reportLinkSeconds, maxPresignSeconds);
    return c.json(
      {
        url: await deps.reports.presign(job.reportKey, expiresInSeconds),
        expiresInSeconds,
        key: job.reportKey,
        ...(job.reportJsonKey ? { jsonUrl: await deps.reports.presign(job.reportJsonKey, expiresInSeconds), jsonKey: job.reportJsonKey } : {}),
      },
      200,
    );
  });

  const dncList = createRoute({
    method: 'get',
    path: '/do-not-call',
    summary: 'The do-not-call list',
    request: { query: pageQuery },
    responses: {
      200: {
        description: 'A page of entries',
        content: { 'application/json': { schema: z.object({ items: z.array(dncEntrySchema), nextToken: z.string().optional() }) } },
      },
      ...problemResponses(401, 422),
    },
  });
  app.openapi(dncList, async (c) => {
    const query = c.req.valid('query');
    const page = await doNotCall.list({ limit: query.limit, ...(query.nextToken ? { cursor: query.nextToken } : {}) });
    const full = hasAnyRole(c.get('principal'), ['admin']);
    return c.json(
      {
        items: page.items.map((e) => ({ ...e, phoneNumber: full ? e.phoneNumber : maskPhoneNumber(e.phoneNumber) })),
        ...(page.cursor ? { nextToken: page.cursor } : {}),
      },
      200,
    );
  });
  const phoneParam = z.object({
    phoneNumber: z
      .string()
      .min(3)
      .max(32)
      .openapi({ param: { name: 'phoneNumber', in: 'path' }, example: '+85291234567' }),
  });
  const e164Of = (raw: string) => {
    // Path parameters arrive decoded once by the router; decoding again would turn %2B into a space-less '+'.
    const parsed = normalisePhoneNumber(raw, undefined);
    if (!parsed.ok)
      throw new HttpProblem(422, 'Unprocessable Content', {
        detail: parsed.reason,
        issues: [{ path: 'params.phoneNumber', message: parsed.reason, code: 'invalid_phone_number' }],
      });
    return parsed.e164;
  };
  app.openapi(
    createRoute({
      method: 'put',
      path: '/do-not-call/{phoneNumber}',
      summary: 'Add a number (E.164) to the do-not-call list',
      request: {
        params: phoneParam,
        body: { required: false, content: { 'application/json': { schema: z.object({ reason: z.string().max(500).optional() }) } } },
      },
      responses: { 200: { description: 'Listed', content: { 'application/json': { schema: dncEntrySchema } } }, ...problemResponses(401, 422) },
    }),
    async (c) => {
      const phoneNumber = e164Of(c.req.valid('param').phoneNumber);
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      const entry = {
        phoneNumber,
        reason: body.reason ?? `added by ${c.get('principal').username}`,
        source: 'api' as const,
        addedAt: deps.campaign.clock.now().toISOString(),
      };
      await doNotCall.add(entry);
      return c.json(entry, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/do-not-call/{phoneNumber}',
      summary: 'Remove a number from the do-not-call list',
      request: { params: phoneParam },
      responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      // Removing a number means calling someone who asked not to be called: admins only (the access table).
      const removed = await doNotCall.remove(e164Of(c.req.valid('param').phoneNumber));
      if (!removed) throw new HttpProblem(404, 'Not Found', { detail: 'That number is not on the list.' });
      return c.body(null, 204);
    },
  );

  return app;
}
