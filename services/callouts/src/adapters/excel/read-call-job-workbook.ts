import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { DraftQuestion, DraftReceiver, JobDraft, JobIssue, OnInvalidRows } from '../../domain/job.ts';
import { maxReceiversPerJob, receiverColumnAliases } from '../../domain/job.ts';
// The same definitions write the template workbook (GET /templates/call-job.xlsx).
import { configureKeys } from '../../domain/call-job-template.ts';
import { type SheetLimits, type SheetRow, readSharedStrings, readSheetRows, readWorkbookIndex } from './xlsx-stream.ts';
import { Deadline, WorkbookRefused, type ZipLimits, ZipParts } from './zip-parts.ts';

export { WorkbookRefused } from './zip-parts.ts';

/**
 * Reads a call-job workbook (sheets configures / questions / receivers, as in the seed). Uploads are untrusted, so
 * the reader is bounded before and while it parses (see `workbookLimits`): the compressed size is checked first,
 * every part's declared and actual uncompressed size, the rows of each sheet (the sheet's declared dimension
 * before any row, then every row element), and a wall-clock budget. Only streaming: the zip is read through its
 * directory, shared strings first, then each sheet row by row — there is no in-memory fallback whatever the
 * writer's part order. A limit answers `WorkbookRefused` (413 for sizes, 422 otherwise) naming the limit; a file
 * that is not a workbook becomes a job issue like any other problem. The seed's own sample names the first sheet
 * `configuration`; that spelling is accepted with a warning.
 */
export type WorkbookInput = string | Buffer | Readable;

export type WorkbookLimits = ZipLimits &
  SheetLimits & {
    /** Most questions / settings rows read. */
    readonly maxQuestionRows: number;
    readonly maxConfigureRows: number;
    /** Wall-clock budget for the whole read. */
    readonly timeBudgetMs: number;
  };

/**
 * Sized from real jobs: a 50,000-receiver workbook with five extra columns is ≈ 3 MB compressed and ≈ 30 MB of
 * sheet XML. Each limit is far above that and far below what hurts the process.
 */
export const workbookLimits: WorkbookLimits = Object.freeze({
  maxCompressedBytes: 20 * 1024 * 1024,
  maxPartBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxEntries: 200,
  maxRowElements: maxReceiversPerJob + 1_000,
  maxColumns: 200,
  maxCellLength: 32_767,
  maxSharedStrings: 1_000_000,
  maxElements: 4_000_000,
  maxQuestionRows: 200,
  maxConfigureRows: 200,
  timeBudgetMs: 20_000,
});

const configureAliases: Readonly<Record<string, string>> = Object.freeze({ timezone: 'time_zone', 'time zone': 'time_zone', prefix: 'phone_prefix' });
type SheetKind = 'configures' | 'questions' | 'receivers';

export async function readCallJobWorkbook(
  input: WorkbookInput,
  taskId: string,
  options: { limits?: Partial<WorkbookLimits>; now?: () => number } = {},
): Promise<JobDraft> {
  const limits: WorkbookLimits = { ...workbookLimits, ...options.limits };
  const deadline = new Deadline(limits.timeBudgetMs, options.now);
  const issues: JobIssue[] = [];
  const warnings: JobIssue[] = [];
  const settings: Record<string, string> = Object.create(null);
  const questions: DraftQuestion[] = [];
  const receivers: DraftReceiver[] = [];
  const seen = { configures: false, questions: false, receivers: false };

  const visitSheet = async (zip: ZipParts, sharedStrings: readonly string[], sheetName: string, path: string) => {
    const name = sheetName.trim().toLowerCase();
    const kind: SheetKind | undefined =
      name === 'configures' || name === 'configuration'
        ? 'configures'
        : name === 'questions'
          ? 'questions'
          : name === 'receivers'
            ? 'receivers'
            : undefined;
    // Sheets a job does not use are never inflated.
    if (!kind || seen[kind]) return;
    if (name === 'configuration') {
      warnings.push({ sheet: 'configures', reason: 'sheet "configuration" read as "configures" (rename it to silence this warning)' });
    }
    seen[kind] = true;
    const maxDataRows = kind === 'receivers' ? maxReceiversPerJob : kind === 'questions' ? limits.maxQuestionRows : limits.maxConfigureRows;
    const tooMany = () =>
      new WorkbookRefused(
        422,
        kind === 'receivers' ? 'maxReceiversPerJob' : kind === 'questions' ? 'maxQuestionRows' : 'maxConfigureRows',
        `the ${kind} sheet has more than ${maxDataRows} rows; at most ${maxDataRows} are accepted`,
      );
    let header: (string | undefined)[] | undefined;
    let dataRows = 0;
    const onRow = (row: SheetRow): boolean => {
      const texts = row.cells;
      if (!texts.some((t) => t !== undefined)) return true;
      if (!header) {
        header = readHeader(kind, texts, row.number, warnings);
        if (kind === 'questions' && (!header.includes('question_template') || !header.includes('question_type'))) {
          issues.push({ sheet: 'questions', row: row.number, reason: 'header must have question_template and question_type' });
        }
        if (kind === 'receivers' && (!header.some((h) => h === 'id' || h === 'receiver_id') || !header.includes('phone_number'))) {
          issues.push({ sheet: 'receivers', row: row.number, reason: 'header must have id and phone_number' });
        }
        return true;
      }
      dataRows += 1;
      if (dataRows > maxDataRows) throw tooMany();
      if (kind === 'configures') {
        // Key/Value sheet; the header row ("Key", "Value") was consumed above.
        const written = texts[1]?.trim().toLowerCase();
        if (!written) return true;
        const key = Object.hasOwn(configureAliases, written) ? configureAliases[written]! : written;
        if (!configureKeys.has(key)) {
          warnings.push({ sheet: 'configures', row: row.number, column: key, reason: `unknown setting "${key}" ignored` });
          return true;
        }
        // An empty Value leaves the setting at its default (the template lists every key, some left empty).
        if ((texts[2] ?? '').trim() === '') return true;
        settings[key] = texts[2]!;
      } else if (kind === 'questions') {
        const record = byHeader(header, texts);
        questions.push({ row: row.number, type: record.question_type, template: record.question_template });
      } else {
        receivers.push({ row: row.number, values: byHeader(header, texts) });
      }
      return true;
    };
    await readSheetRows(zip, path, sharedStrings, limits, {
      // The declared size is checked before a single row is parsed (the rows themselves are counted too).
      onDimension: (lastRow) => {
        if (lastRow > limits.maxRowElements) {
          throw new WorkbookRefused(422, 'maxRows', `the ${kind} sheet declares ${lastRow} rows; at most ${limits.maxRowElements} are read`);
        }
      },
      onRow,
    });
    if (kind === 'configures' && !header) issues.push({ sheet: 'configures', reason: 'the configures sheet is empty' });
  };

  try {
    const zip = new ZipParts(await readBounded(input, limits.maxCompressedBytes), limits, deadline);
    const index = await readWorkbookIndex(zip);
    // Shared strings first, whatever the zip order: rows then resolve their strings as they stream.
    const sharedStrings = index.sharedStrings ? await readSharedStrings(zip, index.sharedStrings, limits) : [];
    for (const sheet of index.sheets) await visitSheet(zip, sharedStrings, sheet.name, sheet.path);
  } catch (error) {
    if (error instanceof WorkbookRefused && error.limit !== 'structure') throw error;
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.startsWith('not a readable Excel workbook') ? message : `not a readable Excel workbook (.xlsx): ${message.split('\n')[0]}`;
    return { taskId, source: 'excel', questions: [], receivers: [], sourceIssues: [{ sheet: 'job', reason }] };
  }

  for (const kind of ['configures', 'questions', 'receivers'] as const) {
    if (!seen[kind]) issues.push({ sheet: kind, reason: `missing sheet "${kind}"` });
  }
  const onInvalidRows = settings.on_invalid_rows?.trim().toLowerCase();
  if (onInvalidRows !== undefined && onInvalidRows !== 'reject' && onInvalidRows !== 'skip') {
    issues.push({ sheet: 'configures', column: 'on_invalid_rows', reason: 'on_invalid_rows must be "reject" or "skip"' });
  }
  const maxAttempts = settings.max_attempts === undefined ? undefined : Number(settings.max_attempts);
  return {
    taskId,
    source: 'excel',
    purpose: settings.purpose,
    greeting: settings.greeting,
    ending: settings.ending,
    phonePrefix: settings.phone_prefix,
    timeZone: settings.time_zone,
    callingWindow: {
      ...(settings.calling_window_start ? { start: settings.calling_window_start } : {}),
      ...(settings.calling_window_end ? { end: settings.calling_window_end } : {}),
    },
    onInvalidRows: onInvalidRows === 'skip' || onInvalidRows === 'reject' ? (onInvalidRows as OnInvalidRows) : undefined,
    maxAttempts,
    questions,
    receivers,
    sourceIssues: issues,
    sourceWarnings: warnings,
  };
}

/** Header names, lower-cased; receiver aliases mapped to their reserved name (with a note), duplicates refused. */
function readHeader(kind: SheetKind, texts: readonly (string | undefined)[], row: number, warnings: JobIssue[]): (string | undefined)[] {
  const header = texts.map((t) => t?.trim().toLowerCase());
  if (kind !== 'receivers') return header;
  const used = new Set<string>();
  return header.map((name, column) => {
    if (name === undefined) return undefined;
    const canonical = Object.hasOwn(receiverColumnAliases, name) ? receiverColumnAliases[name]! : name;
    if (canonical !== name) warnings.push({ sheet: 'receivers', row, column: name, reason: `column "${name}" read as "${canonical}"` });
    if (used.has(canonical)) {
      warnings.push({
        sheet: 'receivers',
        row,
        column: name,
        reason: `column "${name}" (column ${column}) repeats "${canonical}"; the first one is used`,
      });
      return undefined;
    }
    used.add(canonical);
    return canonical;
  });
}

async function readBounded(input: WorkbookInput, maxBytes: number): Promise<Buffer> {
  const refuse = () =>
    new WorkbookRefused(413, 'maxCompressedBytes', `the workbook is larger than ${maxBytes} bytes; at most ${maxBytes} bytes are accepted`);
  if (Buffer.isBuffer(input)) {
    if (input.length > maxBytes) throw refuse();
    return input;
  }
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw refuse();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Cells by column name; a null-prototype record, so columns named `__proto__` or `constructor` are plain data. */
function byHeader(header: readonly (string | undefined)[], texts: readonly (string | undefined)[]): Record<string, string | undefined> {
  const record: Record<string, string | undefined> = Object.create(null);
  for (let column = 1; column < header.length; column += 1) {
    const name = header[column];
    if (name) record[name] = texts[column];
  }
  return record;
}
