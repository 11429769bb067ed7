import { createHash } from 'node:crypto';
import { type CallingWindow, type Purpose, defaultCallingWindow, parseClock } from './compliance.ts';
import { checkDestination } from '@switchboard/shared/phone';
import { normalisePhoneNumber } from './phone-numbers.ts';
import { type QuestionType, parseQuestionType } from './question-types.ts';
import { type RetryPolicy, defaultRetryPolicy } from './retry-policy.ts';
import { type CompiledTemplate, canRender, compileTemplate, renderTemplate } from './templates.ts';
import { isKnownTimeZone, zonesByCountry } from './time-zones.ts';

/**
 * Countries callouts dials when the stage sets none (`ALLOWED_COUNTRIES`): the United States and Hong Kong, where
 * the sample jobs call. Every receiver passes the shared toll-fraud guard against this list.
 */
export const defaultAllowedCountries: readonly string[] = Object.freeze(['US', 'HK']);

/** A job holds at most this many receivers (Distributed Map handles more; the report workbook stays usable). */
export const maxReceiversPerJob = 50_000;

/** Receiver columns with a meaning; every other column is an "extra" column, kept for templates and the report. */
export const reservedReceiverColumns = ['id', 'receiver_id', 'phone_number', 'time_zone'] as const;

/** Other spellings accepted for the reserved columns, in every intake (the sample workbooks say `timezone`). */
export const receiverColumnAliases: Readonly<Record<string, (typeof reservedReceiverColumns)[number]>> = Object.freeze({
  timezone: 'time_zone',
  tz: 'time_zone',
  'time zone': 'time_zone',
  'time-zone': 'time_zone',
  phone: 'phone_number',
  'phone number': 'phone_number',
  phonenumber: 'phone_number',
  'phone-number': 'phone_number',
});

/** A receiver's values with aliases read as their reserved column (the first spelling given wins). */
function canonicalValues(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [column, value] of Object.entries(values)) {
    const name = Object.hasOwn(receiverColumnAliases, column.trim().toLowerCase()) ? receiverColumnAliases[column.trim().toLowerCase()]! : column;
    if (!Object.hasOwn(out, name)) out[name] = value;
  }
  return out;
}

export type JobSource = 'excel' | 'api' | 'event';
export type OnInvalidRows = 'reject' | 'skip';

/** A job as it arrives from any intake (workbook, JSON, event), before validation. Row numbers are the source's. */
export type JobDraft = {
  readonly taskId: string;
  readonly source: JobSource;
  readonly purpose?: string | undefined;
  readonly greeting?: string | undefined;
  readonly ending?: string | undefined;
  readonly phonePrefix?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly callingWindow?: Partial<CallingWindow> | undefined;
  readonly onInvalidRows?: OnInvalidRows | undefined;
  readonly maxAttempts?: number | undefined;
  readonly correlationId?: string | undefined;
  readonly requestedBy?: string | undefined;
  readonly questions: readonly DraftQuestion[];
  readonly receivers: readonly DraftReceiver[];
  /** Issues found while reading the source (missing sheet, …), reported with validation's. */
  readonly sourceIssues?: readonly JobIssue[];
  readonly sourceWarnings?: readonly JobIssue[];
};
export type DraftQuestion = { readonly row: number; readonly type: unknown; readonly template: unknown };
export type DraftReceiver = { readonly row: number; readonly values: Readonly<Record<string, unknown>> };

export type JobIssue = {
  readonly sheet: 'configures' | 'questions' | 'receivers' | 'job';
  /** 1-based row in the sheet (the header is row 1), or the 1-based position in a JSON array. */
  readonly row?: number;
  readonly column?: string;
  readonly reason: string;
};

export type Question = { readonly index: number; readonly type: QuestionType; readonly template: string };

export type Receiver = {
  readonly receiverId: string;
  readonly row: number;
  readonly phoneNumber: string;
  readonly timeZones: readonly string[];
  /** Every non-reserved column, as strings, in the source's column order. */
  readonly fields: Readonly<Record<string, string>>;
};

/** Rows that fail validation under `onInvalidRows: "skip"`: they are reported, never called. */
export type RejectedReceiver = {
  readonly receiverId: string;
  readonly row: number;
  readonly phoneNumber: string;
  readonly reason: string;
  readonly fields: Readonly<Record<string, string>>;
};

export type CalloutJob = {
  readonly jobId: string;
  readonly source: JobSource;
  readonly purpose: Purpose;
  readonly greeting: string;
  readonly ending: string;
  readonly phonePrefix?: string;
  readonly questions: readonly Question[];
  readonly callingWindow: CallingWindow;
  readonly onInvalidRows: OnInvalidRows;
  readonly retryPolicy: RetryPolicy;
  /** Extra receiver columns in source order — the report's columns between phone_number and Question_1. */
  readonly extraColumns: readonly string[];
  readonly correlationId: string;
  readonly requestedBy?: string;
  readonly createdAt: string;
  /** Hash of the validated content: a re-submission with the same id and hash is the same job. */
  readonly contentHash: string;
};

export type ValidatedJob = {
  readonly job: CalloutJob;
  readonly receivers: readonly Receiver[];
  readonly rejected: readonly RejectedReceiver[];
  readonly warnings: readonly JobIssue[];
};

export type JobValidation =
  | { readonly ok: true; readonly value: ValidatedJob; readonly issues: readonly JobIssue[] }
  | { readonly ok: false; readonly issues: readonly JobIssue[]; readonly warnings: readonly JobIssue[] };

const purposes: readonly Purpose[] = ['survey', 'notification', 'operational'];
/** As CalloutRequested.requestId allows (letters, digits, `_ . : -`), starting with a letter or digit. */
export const jobIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Turns a file name or free text into a job id (the seed uses the Excel file name as task_id). */
export function jobIdFromName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, '');
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);
  return cleaned === '' ? `job-${createHash('sha256').update(name).digest('hex').slice(0, 12)}` : cleaned;
}

/**
 * Validates a draft into a job. Every problem is collected (not just the first), each with its sheet and
 * row. Problems with the job itself (templates, question types, no receivers) always reject it; problems with
 * receiver rows reject it under `onInvalidRows: "reject"` (the default) and are reported per row under "skip".
 */
export function validateJob(draft: JobDraft, context: { now: Date; correlationId?: string; allowedCountries?: readonly string[] }): JobValidation {
  const allowedCountries = context.allowedCountries ?? defaultAllowedCountries;
  const issues: JobIssue[] = [...(draft.sourceIssues ?? [])];
  const warnings: JobIssue[] = [...(draft.sourceWarnings ?? [])];
  const jobIssue = (reason: string, column?: string) => issues.push({ sheet: 'job', reason, ...(column ? { column } : {}) });

  if (!jobIdPattern.test(draft.taskId)) jobIssue(`task_id "${draft.taskId}" must be 1–128 letters, digits, ".", "_", ":" or "-"`, 'task_id');

  const purposeText = (draft.purpose ?? 'survey').trim().toLowerCase();
  const purpose = purposes.find((p) => p === purposeText);
  if (!purpose) jobIssue(`purpose "${draft.purpose}" must be one of ${purposes.join(', ')}`, 'purpose');

  const callingWindow: CallingWindow = {
    start: draft.callingWindow?.start ?? defaultCallingWindow.start,
    end: draft.callingWindow?.end ?? defaultCallingWindow.end,
  };
  for (const key of ['start', 'end'] as const) {
    try {
      parseClock(callingWindow[key]);
    } catch (error) {
      issues.push({ sheet: 'configures', column: `calling_window_${key}`, reason: (error as Error).message });
    }
  }
  const maxAttempts = draft.maxAttempts ?? defaultRetryPolicy.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
    issues.push({ sheet: 'configures', column: 'max_attempts', reason: 'max_attempts must be a whole number from 1 to 10' });
  }
  if (draft.timeZone !== undefined && !isKnownTimeZone(draft.timeZone)) {
    issues.push({
      sheet: 'configures',
      column: 'time_zone',
      reason: `unknown time zone "${draft.timeZone}" (use an IANA name such as Asia/Hong_Kong)`,
    });
  }
  if (draft.phonePrefix !== undefined && !/^\+?[1-9]\d{0,3}$/.test(draft.phonePrefix.trim())) {
    issues.push({
      sheet: 'configures',
      column: 'phone_prefix',
      reason: `phone_prefix "${draft.phonePrefix}" is not a country calling code (e.g. +852)`,
    });
  }

  const compile = (text: unknown, where: Omit<JobIssue, 'reason'>): CompiledTemplate | undefined => {
    const source = text === undefined || text === null ? '' : String(text);
    const compiled = compileTemplate(source);
    if (!compiled.ok) {
      issues.push({ ...where, reason: `template error: ${compiled.error}` });
      return undefined;
    }
    return compiled.value;
  };
  const greeting = compile(draft.greeting, { sheet: 'configures', column: 'greeting' });
  const ending = compile(draft.ending, { sheet: 'configures', column: 'ending' });

  const questions: Question[] = [];
  const questionTemplates: (CompiledTemplate | undefined)[] = [];
  for (const draftQuestion of draft.questions) {
    const type = parseQuestionType(draftQuestion.type);
    if (!type) {
      issues.push({
        sheet: 'questions',
        row: draftQuestion.row,
        column: 'question_type',
        reason: `unknown question type "${String(draftQuestion.type ?? '')}" (OK, Yes/No, Multiple Choice, Date, Time, Number)`,
      });
    }
    const template = typeof draftQuestion.template === 'string' ? draftQuestion.template.trim() : '';
    if (template === '') issues.push({ sheet: 'questions', row: draftQuestion.row, column: 'question_template', reason: 'empty question_template' });
    const compiled = template === '' ? undefined : compile(template, { sheet: 'questions', row: draftQuestion.row, column: 'question_template' });
    questionTemplates.push(compiled);
    if (type) questions.push({ index: questions.length + 1, type, template });
  }

  // Receivers: every row is checked; row-level problems are collected separately so "skip" can run the rest.
  const receivers: Receiver[] = [];
  const rejected: RejectedReceiver[] = [];
  const rowIssues: JobIssue[] = [];
  const seenIds = new Map<string, number>();
  const extraColumns: string[] = [];
  const templatesUsable = issues.length === 0;
  if (draft.receivers.length === 0) jobIssue('the job has no receivers');
  if (draft.receivers.length > maxReceiversPerJob)
    jobIssue(`the job has ${draft.receivers.length} receivers; at most ${maxReceiversPerJob} are allowed`);

  for (const draftReceiver of draft.receivers) {
    // Each problem with the column it is in (when it is one column's), so the console can point at the cell.
    const reasons: { reason: string; column?: string }[] = [];
    const values = canonicalValues(draftReceiver.values);
    // The seed's JSON carries both (`id` = task_receiver, `receiver_id` = the receiver's own id); workbooks only `id`.
    const rawId = values.receiver_id ?? values.id;
    const receiverId = rawId === undefined || rawId === null ? '' : String(rawId).trim();
    let duplicate = false;
    if (receiverId === '') reasons.push({ reason: 'missing id', column: 'id' });
    else if (seenIds.has(receiverId)) {
      reasons.push({ reason: `duplicate receiver id "${receiverId}" (first on row ${seenIds.get(receiverId)})`, column: 'id' });
      duplicate = true;
    } else seenIds.set(receiverId, draftReceiver.row);

    // Null prototype: a column named `__proto__`, `constructor` or `prototype` is an ordinary field.
    const fields: Record<string, string> = Object.create(null);
    for (const [column, value] of Object.entries(values)) {
      if ((reservedReceiverColumns as readonly string[]).includes(column)) continue;
      fields[column] = value === undefined || value === null ? '' : String(value);
      if (!extraColumns.includes(column)) extraColumns.push(column);
    }

    const phone = normalisePhoneNumber(values.phone_number, draft.phonePrefix?.trim());
    let phoneNumber = values.phone_number === undefined || values.phone_number === null ? '' : String(values.phone_number);
    let timeZones: readonly string[] = [];
    // The toll-fraud guard, on the number as it will be dialled. A number that is possible but outside the ranges
    // its plan has assigned (the metadata lags behind real allocations) is tried with a warning — only in an
    // allowed country; every other refusal (premium rate, satellite, embargoed, other countries, …) is final.
    const guard = phone.ok ? checkDestination(phone.e164, { allowedCountries, purpose: 'call' }) : undefined;
    const unassignedButAllowed =
      guard?.ok === false && guard.code === 'invalid-number' && phone.ok && phone.country !== undefined && allowedCountries.includes(phone.country);
    if (!phone.ok) {
      reasons.push({ reason: phone.reason, column: 'phone_number' });
    } else if (guard?.ok === false && !unassignedButAllowed) {
      phoneNumber = phone.e164;
      reasons.push({ reason: `phone_number: ${guard.message}`, column: 'phone_number' });
    } else {
      phoneNumber = phone.e164;
      if (!phone.assigned) {
        warnings.push({
          sheet: 'receivers',
          row: draftReceiver.row,
          column: 'phone_number',
          reason: `${phone.e164} is outside the ranges assigned in its numbering plan; it will be tried`,
        });
      }
      const explicitZone = typeof values.time_zone === 'string' && values.time_zone.trim() !== '' ? values.time_zone.trim() : undefined;
      if (explicitZone !== undefined) {
        if (isKnownTimeZone(explicitZone)) timeZones = [explicitZone];
        else reasons.push({ reason: `unknown time zone "${explicitZone}"`, column: 'time_zone' });
      } else if (phone.country && zonesByCountry[phone.country]) {
        timeZones = zonesByCountry[phone.country] ?? [];
      } else if (draft.timeZone) {
        timeZones = [draft.timeZone];
      } else if (purpose !== 'operational') {
        reasons.push({ reason: `cannot tell the time zone of ${phone.e164}: add a time_zone column or a time_zone setting`, column: 'time_zone' });
      }
    }

    // Render every prompt for this receiver now, so a missing variable is reported on its row before anyone is called.
    if (templatesUsable && receiverId !== '') {
      const variables = { ...fields, id: receiverId, receiver_id: receiverId };
      const prompts: [string, CompiledTemplate | undefined][] = [
        ['greeting', greeting],
        ['ending', ending],
        ...questionTemplates.map((t, i): [string, CompiledTemplate | undefined] => [`question ${i + 1}`, t]),
      ];
      for (const [name, template] of prompts) {
        if (!template) continue;
        const rendered = canRender(template, variables);
        if (!rendered.ok) reasons.push({ reason: `${name}: ${rendered.error}` });
      }
    }

    if (reasons.length > 0) {
      for (const { reason, column } of reasons) rowIssues.push({ sheet: 'receivers', row: draftReceiver.row, ...(column ? { column } : {}), reason });
      // A duplicate keeps its own result row (`<id>#row-<n>`), so "skip" reports it instead of overwriting the first.
      const rejectedId = receiverId === '' ? `row-${draftReceiver.row}` : duplicate ? `${receiverId}#row-${draftReceiver.row}` : receiverId;
      rejected.push({ receiverId: rejectedId, row: draftReceiver.row, phoneNumber, reason: reasons.map((r) => r.reason).join('; '), fields });
    } else {
      receivers.push({ receiverId, row: draftReceiver.row, phoneNumber, timeZones, fields });
    }
  }

  // Extra columns no prompt uses are still copied to the report; a warning catches a misspelt reserved column.
  const templateText = [draft.greeting, draft.ending, ...draft.questions.map((q) => q.template)]
    .map((t) => (typeof t === 'string' ? t : ''))
    .join('\n');
  for (const column of extraColumns) {
    if (!templateText.includes(column)) {
      warnings.push({
        sheet: 'receivers',
        column,
        reason: `column "${column}" is not a known column (${reservedReceiverColumns.join(', ')}) and no prompt uses it; it is only copied to the report`,
      });
    }
  }

  const onInvalidRows = draft.onInvalidRows ?? 'reject';
  if (onInvalidRows === 'reject') issues.push(...rowIssues);
  else if (receivers.length === 0 && draft.receivers.length > 0) {
    issues.push(...rowIssues);
    jobIssue('no receiver row is valid');
  }
  if (issues.length > 0 || !purpose) return { ok: false, issues: sortIssues(issues), warnings };

  const base = {
    jobId: draft.taskId,
    source: draft.source,
    purpose,
    greeting: String(draft.greeting ?? ''),
    ending: String(draft.ending ?? ''),
    ...(draft.phonePrefix ? { phonePrefix: draft.phonePrefix.trim() } : {}),
    questions,
    callingWindow,
    onInvalidRows,
    retryPolicy: { ...defaultRetryPolicy, maxAttempts },
    extraColumns,
  };
  const contentHash = createHash('sha256')
    .update(JSON.stringify({ base, receivers: receivers.map((r) => [r.receiverId, r.phoneNumber, r.fields]) }))
    .digest('hex');
  const job: CalloutJob = {
    ...base,
    correlationId: draft.correlationId ?? context.correlationId ?? draft.taskId,
    ...(draft.requestedBy ? { requestedBy: draft.requestedBy } : {}),
    createdAt: context.now.toISOString(),
    contentHash,
  };
  return { ok: true, value: { job, receivers, rejected, warnings }, issues: sortIssues(rowIssues) };
}

const sheetOrder = { job: 0, configures: 1, questions: 2, receivers: 3 } as const;
function sortIssues(issues: JobIssue[]): JobIssue[] {
  return issues.sort((a, b) => sheetOrder[a.sheet] - sheetOrder[b.sheet] || (a.row ?? 0) - (b.row ?? 0));
}

/** Renders one receiver's prompts (greeting, questions, ending) as SSML bodies, for the call and `POST /jobs/preview`. */
export function renderPrompts(job: Pick<CalloutJob, 'greeting' | 'ending' | 'questions'>, receiver: Pick<Receiver, 'receiverId' | 'fields'>) {
  const variables = { ...receiver.fields, id: receiver.receiverId, receiver_id: receiver.receiverId };
  const render = (source: string): string => {
    const compiled = compileTemplate(source);
    if (!compiled.ok) throw new Error(`template error: ${compiled.error}`);
    const rendered = renderTemplate(compiled.value, variables);
    if (!rendered.ok) throw new Error(`template error: ${rendered.error}`);
    return rendered.value;
  };
  return {
    greeting: render(job.greeting),
    questions: job.questions.map((q) => ({ index: q.index, type: q.type, prompt: render(q.template) })),
    ending: render(job.ending),
  };
}
