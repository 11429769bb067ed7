import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { WorkbookRefused, type ZipParts } from './zip-parts.ts';

/**
 * Streams the parts of an .xlsx (SpreadsheetML) that a call job needs — the sheet list, the shared strings and
 * sheets row by row — with a SAX parser, so memory holds one row at a time plus the shared strings (bounded by
 * their part's size limit). Because the zip is read through its directory, shared strings are read first even
 * when the writer stored them after the sheets (Excel, exceljs and both sample workbooks do).
 *
 * The parser expands only XML's own entities and character references: a DOCTYPE with entity definitions
 * ("billion laughs") is an error, not an expansion.
 */
export type SheetRef = { readonly name: string; readonly path: string };
export type WorkbookIndex = { readonly sheets: readonly SheetRef[]; readonly sharedStrings?: string };

/** One row: `cells[n]` is column n (1-based, A = 1); blank cells are undefined. */
export type SheetRow = { readonly number: number; readonly cells: readonly (string | undefined)[] };

export type SheetLimits = {
  /** Most `<row>` elements read from a sheet, blank ones included. */
  readonly maxRowElements: number;
  /** Highest column read (the rest of a row is refused). */
  readonly maxColumns: number;
  /** Longest cell text (Excel's own limit is 32,767 characters). */
  readonly maxCellLength: number;
  /** Most shared strings. */
  readonly maxSharedStrings: number;
  /** Most XML elements in one part (a 50,000-row sheet has about a million). */
  readonly maxElements: number;
};

const relationshipTypes = {
  worksheet: /\/worksheet$/,
  sharedStrings: /\/sharedStrings$/,
};

export async function readWorkbookIndex(zip: ZipParts): Promise<WorkbookIndex> {
  const workbookPath = 'xl/workbook.xml';
  if (!zip.has(workbookPath)) throw new WorkbookRefused(422, 'structure', 'not a readable Excel workbook (.xlsx): it has no xl/workbook.xml');
  const relsPath = 'xl/_rels/workbook.xml.rels';
  const targets = new Map<string, { type: string; target: string }>();
  if (zip.has(relsPath)) {
    await parse(zip, relsPath, (tag) => {
      if (localName(tag.name) === 'Relationship' && tag.attributes.Id && tag.attributes.Target) {
        targets.set(tag.attributes.Id, { type: tag.attributes.Type ?? '', target: tag.attributes.Target });
      }
    });
  }
  const sheets: SheetRef[] = [];
  await parse(zip, workbookPath, (tag) => {
    if (localName(tag.name) !== 'sheet') return;
    const id = Object.entries(tag.attributes).find(([key]) => localName(key) === 'id' && key.includes(':'))?.[1];
    const target = id ? targets.get(id) : undefined;
    if (tag.attributes.name && target && relationshipTypes.worksheet.test(target.type))
      sheets.push({ name: tag.attributes.name, path: partPath(target.target) });
  });
  const strings = [...targets.values()].find((t) => relationshipTypes.sharedStrings.test(t.type));
  const sharedStrings = strings ? partPath(strings.target) : zip.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined;
  return { sheets, ...(sharedStrings && zip.has(sharedStrings) ? { sharedStrings } : {}) };
}

/** The shared-string table: `<si>` items, text of their `<t>` runs (phonetic `<rPh>` runs excluded). */
export async function readSharedStrings(zip: ZipParts, path: string, limits: SheetLimits): Promise<string[]> {
  const strings: string[] = [];
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  await parse(
    zip,
    path,
    (tag) => {
      const name = localName(tag.name);
      if (name === 'si') {
        current = '';
        if (strings.length >= limits.maxSharedStrings) {
          throw new WorkbookRefused(
            413,
            'maxSharedStrings',
            `the workbook has more than ${limits.maxSharedStrings} distinct texts; at most ${limits.maxSharedStrings} are read`,
          );
        }
      } else if (name === 'rPh') phonetic += 1;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    (tag) => {
      const name = localName(tag.name);
      if (name === 'si') {
        strings.push(current ?? '');
        current = undefined;
      } else if (name === 'rPh') phonetic -= 1;
      else if (name === 't') inText = false;
    },
    (text) => {
      if (inText && current !== undefined) {
        current += text;
        if (current.length > limits.maxCellLength) throw cellTooLong(limits);
      }
    },
    () => false,
    limits,
  );
  return strings;
}

/**
 * Visits a sheet's rows in order. `onRow` returns false to stop reading (the rest of the part is not inflated).
 * `onDimension` sees the sheet's declared last row (`<dimension ref="A1:C9"/>`) before any row is read.
 */
export async function readSheetRows(
  zip: ZipParts,
  path: string,
  sharedStrings: readonly string[],
  limits: SheetLimits,
  visit: { onDimension?: (lastRow: number) => void; onRow: (row: SheetRow) => boolean },
): Promise<void> {
  let rowElements = 0;
  let rowNumber = 0;
  let cells: (string | undefined)[] | undefined;
  let column = 0;
  let cellType = 'n';
  let value: string | undefined;
  let inline: string | undefined;
  /** Which element's text is being collected: the value `<v>`, an inline `<t>`, or nothing. */
  let collecting: 'v' | 't' | undefined;
  let phonetic = 0;
  let stopped = false;

  const endCell = () => {
    if (!cells) return;
    const text = cellText(cellType, value, inline, sharedStrings);
    if (text !== undefined && text.trim() !== '') cells[column] = text;
  };

  await parse(
    zip,
    path,
    (tag) => {
      if (stopped) return;
      const name = localName(tag.name);
      switch (name) {
        case 'dimension': {
          const last = /:?[A-Z]+(\d+)$/.exec(tag.attributes.ref ?? '');
          if (last) visit.onDimension?.(Number(last[1]));
          break;
        }
        case 'row': {
          rowElements += 1;
          if (rowElements > limits.maxRowElements) {
            throw new WorkbookRefused(
              422,
              'maxRows',
              `sheet "${path}" has more than ${limits.maxRowElements} rows; at most ${limits.maxRowElements} are read`,
            );
          }
          const declared = Number(tag.attributes.r);
          rowNumber = Number.isInteger(declared) && declared > rowNumber ? declared : rowNumber + 1;
          cells = [];
          column = 0;
          break;
        }
        case 'c': {
          const ref = /^([A-Z]{1,3})\d*$/.exec(tag.attributes.r ?? '');
          column = ref ? columnNumber(ref[1]!) : column + 1;
          if (column > limits.maxColumns) {
            throw new WorkbookRefused(
              422,
              'maxColumns',
              `row ${rowNumber} of "${path}" has a cell past column ${limits.maxColumns}; at most ${limits.maxColumns} columns are read`,
            );
          }
          cellType = tag.attributes.t ?? 'n';
          value = undefined;
          inline = undefined;
          break;
        }
        case 'v':
          collecting = 'v';
          value = '';
          break;
        case 'is':
          inline = '';
          break;
        case 'rPh':
          phonetic += 1;
          break;
        case 't':
          if (inline !== undefined && phonetic === 0) collecting = 't';
          break;
      }
    },
    (tag) => {
      if (stopped) return;
      switch (localName(tag.name)) {
        case 'v':
        case 't':
          collecting = undefined;
          break;
        case 'rPh':
          phonetic -= 1;
          break;
        case 'c':
          endCell();
          break;
        case 'row':
          if (cells && !visit.onRow({ number: rowNumber, cells })) stopped = true;
          cells = undefined;
          break;
      }
    },
    (text) => {
      if (stopped || collecting === undefined) return;
      if (collecting === 'v') value = (value ?? '') + text;
      else inline = (inline ?? '') + text;
      if ((value?.length ?? 0) > limits.maxCellLength || (inline?.length ?? 0) > limits.maxCellLength) throw cellTooLong(limits);
    },
    () => stopped,
    limits,
  );
}

function cellText(type: string, value: string | undefined, inline: string | undefined, sharedStrings: readonly string[]): string | undefined {
  switch (type) {
    case 's': {
      const index = Number(value);
      return Number.isInteger(index) ? sharedStrings[index] : undefined;
    }
    case 'inlineStr':
      return inline ?? value;
    case 'str':
    case 'd':
      return value;
    case 'b':
      return value === undefined ? undefined : value.trim() === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return undefined;
    default: {
      if (value === undefined || value.trim() === '') return undefined;
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      // As the cell shows it: 85291234567 stays digits (no exponent), 2.5 stays 2.5.
      return Number.isInteger(number) && Math.abs(number) < 1e21 ? number.toFixed(0) : String(number);
    }
  }
}

function cellTooLong(limits: SheetLimits): WorkbookRefused {
  return new WorkbookRefused(
    422,
    'maxCellLength',
    `a cell holds more than ${limits.maxCellLength} characters; at most ${limits.maxCellLength} are read`,
  );
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Relationship targets are relative to xl/ unless absolute ("/xl/worksheets/sheet1.xml"). */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

async function parse(
  zip: ZipParts,
  path: string,
  onOpen: (tag: SaxesTagPlain) => void,
  onClose: (tag: SaxesTagPlain) => void = () => undefined,
  onText: (text: string) => void = () => undefined,
  stop: () => boolean = () => false,
  limits?: Pick<SheetLimits, 'maxCellLength' | 'maxElements'>,
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  const maxElements = limits?.maxElements ?? Number.POSITIVE_INFINITY;
  let elements = 0;
  parser.on('opentag', (tag) => {
    // Elements that are neither rows nor cells cost parse time too: count them all.
    elements += 1;
    if (elements > maxElements)
      throw new WorkbookRefused(422, 'maxElements', `part "${path}" has more than ${maxElements} XML elements; at most ${maxElements} are read`);
    onOpen(tag as SaxesTagPlain);
  });
  parser.on('closetag', (tag) => onClose(tag as SaxesTagPlain));
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('doctype', () => {
    throw new WorkbookRefused(422, 'structure', `part "${path}" declares a DOCTYPE; workbooks do not`);
  });
  // saxes buffers text until the next tag: a part that never opens one (endless whitespace, an endless cell) would
  // be buffered whole. No cell needs more than its length limit with every character escaped.
  const maxRun = (limits?.maxCellLength ?? 32_767) * 8;
  let run = 0;
  for await (const chunk of zip.text(path)) {
    const lastTag = Math.max(chunk.lastIndexOf('<'), chunk.lastIndexOf('>'));
    run = lastTag < 0 ? run + chunk.length : chunk.length - lastTag - 1;
    if (run > maxRun) {
      throw new WorkbookRefused(
        422,
        'maxCellLength',
        `part "${path}" has more than ${maxRun} characters without markup; a cell holds at most ${limits?.maxCellLength ?? 32_767}`,
      );
    }
    try {
      parser.write(chunk);
    } catch (error) {
      if (error instanceof WorkbookRefused) throw error;
      throw new WorkbookRefused(422, 'structure', `not a readable Excel workbook (.xlsx): ${path}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (stop()) return;
  }
  parser.close();
}
