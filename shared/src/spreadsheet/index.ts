/**
 * Spreadsheet formula injection (CWE-1236) for reports and exports, per output format.
 *
 * The danger is a cell a spreadsheet program reads as a formula: `=HYPERLINK(...)`, `+cmd|'/C calc'!A0`,
 * `@SUM(...)`, `-2+3+cmd|...`. Where that can happen depends on the file:
 *
 * - **xlsx**: a cell is typed in the file. A string cell (what exceljs writes for a JS string) is text and is never
 *   evaluated, whatever it starts with; only a formula cell (`{ formula }` in exceljs) is. So `forXlsx` does not
 *   touch strings (a `+852…` number, `-7`, `=not a formula` read back exactly as written — no apostrophes), keeps
 *   numbers, booleans and dates, and turns anything else (an object exceljs could take for a formula, hyperlink or
 *   rich text) into plain text. It also drops the control characters XML 1.0 cannot carry, which would make the
 *   file unreadable.
 * - **CSV**: nothing is typed; the program guesses from the text. `forCsv` prefixes `'` to a field that starts
 *   (after leading whitespace) with `=`, `+`, `-` or `@`, or starts with a tab, CR or LF — unless the field is only a
 *   number (digits, spaces, `.`, `(`, `)`, `+`, `-`: `-7`, `+85291234567`, `+1 (212) 555-0147`), which no program can
 *   turn into anything but arithmetic on literals. Those stay exactly as written, so a CSV reader reads them back
 *   unchanged. Then the field is quoted per RFC 4180 when it needs to be.
 *
 * Header cells go through the same functions: receiver columns name them.
 */

export type CellInput = string | number | boolean | Date | null | undefined | bigint | Record<string, unknown> | readonly unknown[];
export type XlsxCellValue = string | number | boolean | Date | null;

/** Characters after which a spreadsheet may start a formula. */
const formulaStart = /^\s*[=+\-@]/;
const controlStart = /^[\t\r\n]/;
/** A number as people write it: digits with arithmetic-free punctuation only. */
const plainNumber = /^[ ]*[+-]?[ ]*(?=[\d(])[\d ().+-]*\d[\d ().]*$/;
/** XML 1.0 forbids C0 controls other than tab, LF and CR, lone surrogates and U+FFFE/U+FFFF. */
const xmlInvalid = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function asText(value: CellInput): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** True when a spreadsheet opening the text (CSV, or a re-typed cell) could take it for a formula. */
export function looksLikeFormula(text: string): boolean {
  if (controlStart.test(text)) return true;
  return formulaStart.test(text) && !plainNumber.test(text);
}

/**
 * The CSV-safe text of a value: numbers and booleans as written, formula-like text prefixed with `'`.
 * (Not quoted; `forCsv` quotes.) This is `neutraliseCell` for exports that write text.
 */
export function neutraliseCell(value: CellInput): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = asText(value);
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote, CR or LF (RFC 4180). */
export function forCsv(value: CellInput): string {
  const text = neutraliseCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV record (no line ending): `forCsv` of each field, joined with commas. */
export function csvRow(values: readonly CellInput[]): string {
  return values.map(forCsv).join(',');
}

/** A value for an exceljs cell: never a formula, strings unchanged (minus XML-invalid characters). */
export function forXlsx(value: CellInput): XlsxCellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return asText(value).replace(xmlInvalid, '');
}
