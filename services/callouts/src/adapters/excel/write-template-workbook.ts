import ExcelJS from 'exceljs';
import { forXlsx } from '@switchboard/shared/spreadsheet';
import { configureSettings, exampleQuestions, exampleReceivers, questionColumns, receiverTemplateColumns } from '../../domain/call-job-template.ts';

/**
 * The call-job template a campaign manager downloads: the three sheets the reader expects, written from the
 * same definitions the reader uses (domain/call-job-template.ts), with a working example in each. Cells go
 * through `forXlsx` like the report's, so `+852…` stays text and nothing is a formula.
 */
export async function templateWorkbookBuffer(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'switchboard callouts';
  const sheet = (name: string, columns: readonly { header: string; width: number }[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const configures = sheet('configures', [{ header: 'Key', width: 24 }, { header: 'Value', width: 60 }, { header: 'Meaning', width: 80 }]);
  for (const setting of configureSettings) configures.addRow([setting.key, forXlsx(setting.example), setting.meaning]);
  const questions = sheet('questions', questionColumns.map((header) => ({ header, width: header === 'question_template' ? 90 : 18 })));
  for (const question of exampleQuestions) questions.addRow(questionColumns.map((column) => forXlsx(question[column])));
  const receivers = sheet('receivers', receiverTemplateColumns.map((header) => ({ header, width: 22 })));
  for (const receiver of exampleReceivers) receivers.addRow(receiverTemplateColumns.map((column) => forXlsx(receiver[column] === '' ? null : receiver[column])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
