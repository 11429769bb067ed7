import { crc32, constants, deflateRawSync } from 'node:zlib';

/**
 * Hand-built .xlsx files for the hostile-input tests and the bomb bench: a minimal zip writer (so the part order,
 * the declared sizes and the compressed stream are under the test's control) and workbook bombs that expand a
 * small upload into hundreds of megabytes.
 */
export type ZipEntryInput = {
  readonly name: string;
  readonly data: Buffer;
  readonly declaredSize?: number;
  readonly precompressed?: { readonly bytes: Buffer; readonly size: number };
};

export function zip(entries: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = entry.precompressed?.bytes ?? deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.precompressed?.size ?? entry.data.length;
    const crc = entry.precompressed ? 0 : crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A raw deflate stream of `block` repeated `times` times without materialising the output: the block is compressed
 * once with a full flush (no back-references across it), so its bytes can be repeated, then a final empty block.
 */
export function repeatedDeflate(block: Buffer, times: number): { bytes: Buffer; size: number } {
  const one = deflateRawSync(block, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0));
  return { bytes: Buffer.concat([...Array.from({ length: times }, () => one), last]), size: block.length * times };
}

const ns =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const relType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function sheetXml(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map(
    (row) => `<row>${row.map((v) => (typeof v === 'number' ? `<c><v>${v}</v></c>` : `<c t="inlineStr"><is><t>${v}</t></is></c>`)).join('')}</row>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><sheetData>${cells.join('')}</sheetData></worksheet>`;
}

/** A valid call-job workbook whose receivers sheet is given as parts (xml before/after a repeated middle). */
export function workbookWithReceivers(receivers: ZipEntryInput['precompressed'] | string, options: { receiversDeclaredSize?: number } = {}): Buffer {
  const configures = sheetXml([
    ['Key', 'Value'],
    ['greeting', 'Hi'],
    ['ending', 'Bye'],
    ['phone_prefix', '+852'],
  ]);
  const questions = sheetXml([
    ['question_template', 'question_type'],
    ['Are you coming?', 'Yes/No'],
  ]);
  const receiversEntry: ZipEntryInput =
    typeof receivers === 'string'
      ? {
          name: 'xl/worksheets/sheet3.xml',
          data: Buffer.from(receivers),
          ...(options.receiversDeclaredSize ? { declaredSize: options.receiversDeclaredSize } : {}),
        }
      : {
          name: 'xl/worksheets/sheet3.xml',
          data: Buffer.alloc(0),
          precompressed: receivers,
          ...(options.receiversDeclaredSize ? { declaredSize: options.receiversDeclaredSize } : {}),
        };
  return zip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<?xml version="1.0"?><workbook ${ns}><sheets><sheet name="configures" sheetId="1" r:id="rId1"/><sheet name="questions" sheetId="2" r:id="rId2"/><sheet name="receivers" sheetId="3" r:id="rId3"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${[1, 2, 3].map((n) => `<Relationship Id="rId${n}" Type="${relType}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('')}</Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(configures) },
    { name: 'xl/worksheets/sheet2.xml', data: Buffer.from(questions) },
    receiversEntry,
  ]);
}

/**
 * Workbook bombs of a given compressed size (≈ 1 KB of deflate per MiB expanded, so 900 KB ≈ 900 MiB of XML):
 * - `rows`: endless receiver rows (each a valid row) — stopped by the row limit;
 * - `whitespace`: one row, then endless whitespace between elements — stopped by the part-size limit;
 * - `cell`: one receiver whose name never ends — stopped by the cell-length limit;
 * - `elements`: endless empty elements that are neither rows nor cells — stopped by the part-size limit.
 * Declared sizes are truthful unless `lie` (then only the bytes actually inflated can stop it).
 */
export function workbookBomb(kind: 'rows' | 'whitespace' | 'cell' | 'elements', mebibytes: number, options: { lie?: boolean } = {}): Buffer {
  const mib = 1024 * 1024;
  const head =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>phone_number</t></is></c><c t="inlineStr"><is><t>username</t></is></c></row>';
  const row = '<row><c><v>1</v></c><c><v>91234567</v></c><c t="inlineStr"><is><t>Ann</t></is></c></row>';
  const block =
    kind === 'rows'
      ? row.repeat(Math.floor(mib / row.length))
      : kind === 'whitespace'
        ? ' '.repeat(mib)
        : kind === 'elements'
          ? '<x/>'.repeat(mib / 4)
          : 'a'.repeat(mib);
  const prefix = kind === 'cell' ? `${head}<row><c><v>1</v></c><c><v>91234567</v></c><c t="inlineStr"><is><t>` : head;
  const middle = repeatedDeflate(Buffer.from(block), mebibytes);
  // The stream: prefix (own flushed block) + repeated middle; the sheet never closes — a reader that does not stop
  // at a limit fails at the very end, after inflating everything.
  const start = deflateRawSync(Buffer.from(prefix), { finishFlush: constants.Z_FULL_FLUSH });
  // `lie`: the zip directory claims 4 KB, as a bomb would to pass a reader that trusts declared sizes.
  return workbookWithReceivers(
    { bytes: Buffer.concat([start, middle.bytes]), size: prefix.length + middle.size },
    options.lie ? { receiversDeclaredSize: 4096 } : {},
  );
}
