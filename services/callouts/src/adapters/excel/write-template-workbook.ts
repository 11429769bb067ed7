import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { forXlsx } from '@switchboard/shared/spreadsheet';
import { configureSettings, exampleQuestions, exampleReceivers, questionColumns, receiverTemplateColumns } from '../../domain/call-job-template.ts';

/**
 * The call-job template a campaign manager downloads: the three sheets the reader expects, written from the
 * same definitions the reader uses (domain/call-job-template.ts), with a working example in each. Cells go
 * through `forXlsx` like the report's, so `+852…` stays text and nothing is a formula. The streaming writer
 * (the report's) keeps the rest of exceljs out of the API bundle.
 */
export async function templateWorkbookBuffer(): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  workbook.creator = 'switchboard callouts';
  const sheet = (name: string, columns: readonly { header: string; width: number }[], rows: readonly (readonly unknown[])[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const row of rows) ws.addRow([...row]).commit();
    ws.commit();
  };
  sheet('configures', [{ header: 'Key', width: 24 }, { header: 'Value', width: 60 }, { header: 'Meaning', width: 80 }],
    configureSettings.map((s) => [s.key, forXlsx(s.example === '' ? null : s.example), s.meaning]));
  sheet('questions', questionColumns.map((header) => ({ header, width: header === 'question_template' ? 90 : 18 })),
    exampleQuestions.map((q) => questionColumns.map((column) => forXlsx(q[column]))));
  sheet('receivers', receiverTemplateColumns.map((header) => ({ header, width: 22 })),
    exampleReceivers.map((r) => receiverTemplateColumns.map((column) => forXlsx(r[column] === '' ? null : r[column]))));
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
