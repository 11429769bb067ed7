import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CalloutJob } from '../../domain/job.ts';
import { forXlsx } from '@switchboard/shared/spreadsheet';
import { reportColumns, reportRow } from '../../domain/report.ts';
import type { ReceiverResult } from '../../domain/results.ts';

/**
 * Writes the call report with exceljs's streaming writer: each row is committed (serialised and released)
 * as soon as it is added, so memory stays flat for 50,000 receivers. Cells go through the kit's `forXlsx`: an xlsx
 * string cell is never evaluated, so values read back exactly (`+852…`, `-7`, no apostrophes) and nothing becomes a
 * formula; shared strings are off so no string table accumulates.
 */
export async function writeReportWorkbook(
  job: Pick<CalloutJob, 'jobId' | 'extraColumns' | 'questions'>,
  results: Iterable<ReceiverResult> | AsyncIterable<ReceiverResult>,
  output: Writable,
): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  workbook.creator = 'switchboard callouts';
  const sheet = workbook.addWorksheet('report', { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = reportColumns(job);
  // Headers are receiver column names (outside text) too.
  sheet.columns = columns.map((key) => ({ header: String(forXlsx(key)), key, width: Math.max(12, Math.min(40, key.length + 4)) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  for await (const result of results) {
    const row = reportRow(job, result);
    sheet.addRow(columns.map((column) => forXlsx(row[column] ?? null))).commit();
    rows += 1;
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}

/** The report as a Buffer (for object stores that take a body). */
export async function reportWorkbookBuffer(
  job: Pick<CalloutJob, 'jobId' | 'extraColumns' | 'questions'>,
  results: Iterable<ReceiverResult> | AsyncIterable<ReceiverResult>,
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeReportWorkbook(job, results, sink);
  await done;
  return Buffer.concat(chunks);
}
