import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DraftQuestion, DraftReceiver, JobDraft, JobIssue, OnInvalidRows } from '../../domain/job.ts';
import { maxReceiversPerJob } from '../../domain/job.ts';

/**
 * Reads a call-job workbook (sheets configures / questions / receivers, as in the seed) with exceljs's
 * streaming reader: rows are visited once and only the values we keep stay in memory, so a 50,000-row
 * job does not build a full workbook model. The seed's own sample names the first sheet `configuration`;
 * that spelling is accepted with a warning.
 */
export type WorkbookInput = string | Buffer | Readable;

const configureKeys = new Set([
  'greeting', 'ending', 'phone_prefix', 'purpose', 'time_zone', 'calling_window_start', 'calling_window_end', 'on_invalid_rows', 'max_attempts',
]);

type CellValue = ExcelJS.CellValue;

/** Plain text of a cell, whatever exceljs made of it (numbers, rich text, formulas' cached results, hyperlinks, dates). */
export function cellText(value: CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return undefined;
  }
  return String(value);
}

function rowTexts(row: ExcelJS.Row): (string | undefined)[] {
  // row.values is 1-based (index 0 empty); keep that shape so column n is texts[n].
  const values = row.values as CellValue[];
  const texts: (string | undefined)[] = [];
  for (let i = 0; i < values.length; i += 1) {
    const text = cellText(values[i] ?? null);
    texts[i] = text === undefined ? undefined : text.trim() === '' ? undefined : text;
  }
  return texts;
}

export async function readCallJobWorkbook(input: WorkbookInput, taskId: string): Promise<JobDraft> {
  const issues: JobIssue[] = [];
  const warnings: JobIssue[] = [];
  const settings: Record<string, string> = {};
  const questions: DraftQuestion[] = [];
  const receivers: DraftReceiver[] = [];
  const seen = { configures: false, questions: false, receivers: false };
  let receiverRows = 0;

  const visitSheet = async (sheetName: string, rows: AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>) => {
    const name = sheetName.trim().toLowerCase();
    const kind = name === 'configures' || name === 'configuration' ? 'configures' : name === 'questions' ? 'questions' : name === 'receivers' ? 'receivers' : undefined;
    if (name === 'configuration') {
      warnings.push({ sheet: 'configures', reason: 'sheet "configuration" read as "configures" (rename it to silence this warning)' });
    }
    if (!kind) {
      // Drain unknown sheets: the zip stream must be consumed to reach the next entry.
      for await (const _row of rows) void _row;
      return;
    }
    seen[kind] = true;
    let header: (string | undefined)[] | undefined;
    for await (const row of rows) {
      const texts = rowTexts(row);
      if (texts.every((t) => t === undefined)) continue;
      if (!header) {
        header = texts.map((t) => t?.trim().toLowerCase());
        if (kind === 'questions' && (!header.includes('question_template') || !header.includes('question_type'))) {
          issues.push({ sheet: 'questions', row: row.number, reason: 'header must have question_template and question_type' });
        }
        if (kind === 'receivers' && (!header.some((h) => h === 'id' || h === 'receiver_id') || !header.includes('phone_number'))) {
          issues.push({ sheet: 'receivers', row: row.number, reason: 'header must have id and phone_number' });
        }
        continue;
      }
      if (kind === 'configures') {
        // Key/Value sheet; the header row ("Key", "Value") was consumed above.
        const key = texts[1]?.trim().toLowerCase();
        if (!key) continue;
        if (!configureKeys.has(key)) {
          warnings.push({ sheet: 'configures', row: row.number, column: key, reason: `unknown setting "${key}" ignored` });
          continue;
        }
        settings[key] = texts[2] ?? '';
      } else if (kind === 'questions') {
        const record = byHeader(header, texts);
        questions.push({ row: row.number, type: record.question_type, template: record.question_template });
      } else {
        receiverRows += 1;
        // Past the limit we only count rows, so an oversized file is rejected without holding it in memory.
        if (receiverRows <= maxReceiversPerJob + 1) receivers.push({ row: row.number, values: byHeader(header, texts) });
      }
    }
    if (kind === 'configures' && !header) issues.push({ sheet: 'configures', reason: 'the configures sheet is empty' });
  };

  try {
    const bytes = await readBounded(input);
    if (sharedStringsAfterWorksheets(bytes)) {
      // exceljs's streaming reader parks worksheets that precede the shared strings in temp files and, in our
      // runs, intermittently resolved their strings as empty (the seed's own workbook is laid out this way).
      // Such files come from scripting tools and are small; the in-memory reader handles them exactly.
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as never);
      for (const sheet of book.worksheets) {
        const rows: ExcelJS.Row[] = [];
        sheet.eachRow({ includeEmpty: false }, (row) => rows.push(row));
        await visitSheet(sheet.name, rows);
      }
    } else {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]) as never, {
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      for await (const worksheet of reader) {
        await visitSheet(String((worksheet as unknown as { name?: string }).name ?? ''), worksheet as AsyncIterable<ExcelJS.Row>);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      taskId, source: 'excel', questions: [], receivers: [],
      sourceIssues: [{ sheet: 'job', reason: `not a readable Excel workbook (.xlsx): ${message.split('\n')[0]}` }],
    };
  }

  for (const kind of ['configures', 'questions', 'receivers'] as const) {
    if (!seen[kind]) issues.push({ sheet: kind, reason: `missing sheet "${kind}"` });
  }
  if (receiverRows > maxReceiversPerJob) {
    issues.push({ sheet: 'receivers', reason: `${receiverRows} receivers; at most ${maxReceiversPerJob} per job` });
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
    receivers: receivers.slice(0, maxReceiversPerJob),
    sourceIssues: issues,
    sourceWarnings: warnings,
  };
}

/** Uploads are bounded: a 50,000-row call job is a few MB compressed. */
export const maxWorkbookBytes = 25 * 1024 * 1024;

async function readBounded(input: WorkbookInput): Promise<Buffer> {
  if (Buffer.isBuffer(input)) {
    if (input.length > maxWorkbookBytes) throw new Error(`workbook larger than ${maxWorkbookBytes} bytes`);
    return input;
  }
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxWorkbookBytes) throw new Error(`workbook larger than ${maxWorkbookBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Zip entries are stored in order and local headers precede the central directory, so first occurrences tell the order. */
function sharedStringsAfterWorksheets(bytes: Buffer): boolean {
  const strings = bytes.indexOf('xl/sharedStrings.xml');
  const sheet = bytes.indexOf('xl/worksheets/sheet');
  return strings !== -1 && sheet !== -1 && sheet < strings;
}

function byHeader(header: readonly (string | undefined)[], texts: readonly (string | undefined)[]): Record<string, string | undefined> {
  const record: Record<string, string | undefined> = {};
  for (let column = 1; column < header.length; column += 1) {
    const name = header[column];
    if (name) record[name] = texts[column];
  }
  return record;
}
