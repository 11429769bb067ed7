import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createInflateRaw } from 'node:zlib';

/**
 * A bounded reader for the zip container of an .xlsx file. Uploaded workbooks are untrusted: a 915 KB file can
 * expand to gigabytes (a "zip bomb"), so nothing here trusts a size it has not counted itself.
 *
 * - The central directory is read first (it sits at the end of the file), so parts are found by name and read in
 *   the order the caller needs — shared strings before sheets — whatever order the writer stored them in.
 * - Every part is refused before it is inflated when its declared size is over the limit, and inflation stops as
 *   soon as the bytes actually produced pass it (the declared size can lie).
 * - Inflation streams in chunks through zlib's thread pool and yields to the event loop between chunks, so other
 *   requests keep being answered while a large part is read; a deadline stops the whole read.
 */
export type ZipLimits = {
  /** Largest accepted compressed workbook. */
  readonly maxCompressedBytes: number;
  /** Largest uncompressed size of any one part (sheet, shared strings, …). */
  readonly maxPartBytes: number;
  /** Largest uncompressed size of all parts read together. */
  readonly maxTotalBytes: number;
  /** Most entries in the zip (a real workbook has a dozen or two). */
  readonly maxEntries: number;
};

/** Why a workbook was refused: 413 for sizes, 422 for rows, time and structure. `limit` names the limit hit. */
export class WorkbookRefused extends Error {
  override readonly name = 'WorkbookRefused';
  constructor(
    readonly status: 413 | 422,
    readonly limit: string,
    message: string,
  ) {
    super(message);
  }
}

export type ZipEntry = {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly localHeaderOffset: number;
};

const eocdSignature = 0x06054b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;

export class ZipParts {
  private readonly entries = new Map<string, ZipEntry>();
  private inflatedTotal = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly limits: ZipLimits,
    private readonly deadline: Deadline,
  ) {
    if (bytes.length > limits.maxCompressedBytes) {
      throw new WorkbookRefused(
        413,
        'maxCompressedBytes',
        `the workbook is ${bytes.length} bytes; at most ${limits.maxCompressedBytes} bytes are accepted`,
      );
    }
    for (const entry of readCentralDirectory(bytes, limits)) this.entries.set(entry.name, entry);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The part's text, chunk by chunk (UTF-8 decoded across chunk boundaries). Throws WorkbookRefused when the part
   * or the workbook's total passes its limit, or the deadline passes.
   */
  async *text(name: string): AsyncGenerator<string> {
    const entry = this.entries.get(name);
    if (!entry) throw new WorkbookRefused(422, 'structure', `the workbook has no part "${name}"`);
    if (entry.declaredSize > this.limits.maxPartBytes) throw partTooLarge(name, this.limits.maxPartBytes);
    const decoder = new TextDecoder('utf-8');
    let partBytes = 0;
    for await (const chunk of this.raw(entry)) {
      partBytes += chunk.length;
      this.inflatedTotal += chunk.length;
      if (partBytes > this.limits.maxPartBytes) throw partTooLarge(name, this.limits.maxPartBytes);
      if (this.inflatedTotal > this.limits.maxTotalBytes) {
        throw new WorkbookRefused(
          413,
          'maxTotalBytes',
          `the workbook expands to more than ${this.limits.maxTotalBytes} bytes; at most ${this.limits.maxTotalBytes} are read`,
        );
      }
      this.deadline.check();
      yield decoder.decode(chunk, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /** The whole part as one string (for the small parts: workbook.xml and its relationships). */
  async readText(name: string): Promise<string> {
    let text = '';
    for await (const chunk of this.text(name)) text += chunk;
    return text;
  }

  private async *raw(entry: ZipEntry): AsyncGenerator<Buffer> {
    const start = dataStart(this.bytes, entry);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    if (data.length !== entry.compressedSize) throw new WorkbookRefused(422, 'structure', `part "${entry.name}" is truncated`);
    const slices = function* () {
      for (let offset = 0; offset < data.length; offset += 64 * 1024) yield data.subarray(offset, offset + 64 * 1024);
    };
    if (entry.method === 0) {
      for (const slice of slices()) {
        yield slice;
        await yieldToEventLoop();
      }
      return;
    }
    if (entry.method !== 8)
      throw new WorkbookRefused(422, 'structure', `part "${entry.name}" uses zip compression method ${entry.method}; only deflate is read`);
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    const feed = (async () => {
      for (const slice of slices()) {
        if (inflate.destroyed) return;
        if (!inflate.write(slice)) await new Promise<void>((resolve) => inflate.once('drain', resolve).once('close', resolve));
      }
      if (!inflate.destroyed) inflate.end();
    })();
    try {
      for await (const chunk of inflate) yield chunk as Buffer;
      await feed;
    } catch (error) {
      if (error instanceof WorkbookRefused) throw error;
      throw new WorkbookRefused(422, 'structure', `part "${entry.name}" is not valid deflate data (${(error as Error).message})`);
    } finally {
      // Stops zlib at once when the reader gave up (a limit was hit or the row count was reached).
      inflate.destroy();
    }
  }
}

/** A wall-clock budget for one read (the clock is injected for tests). */
export class Deadline {
  private readonly endsAt: number;
  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.endsAt = now() + budgetMs;
  }
  check(): void {
    if (this.now() > this.endsAt) {
      throw new WorkbookRefused(
        422,
        'timeBudgetMs',
        `reading the workbook took longer than ${this.budgetMs} ms; split the job or remove unused sheets and formatting`,
      );
    }
  }
}

function partTooLarge(name: string, limit: number): WorkbookRefused {
  return new WorkbookRefused(413, 'maxPartBytes', `part "${name}" expands to more than ${limit} bytes; at most ${limit} bytes are read per part`);
}

function readCentralDirectory(bytes: Buffer, limits: ZipLimits): ZipEntry[] {
  const notZip = () => new WorkbookRefused(422, 'structure', 'not a readable Excel workbook (.xlsx): no zip directory found');
  // The end-of-central-directory record is the last 22 bytes plus a comment of at most 65,535 bytes.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= floor; i -= 1) {
    if (bytes.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip();
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw new WorkbookRefused(422, 'structure', 'zip64 workbooks are not read (a call job is far below 4 GB)');
  }
  if (count > limits.maxEntries)
    throw new WorkbookRefused(413, 'maxEntries', `the workbook has ${count} parts; at most ${limits.maxEntries} are accepted`);
  if (offset + size > eocd) throw notZip();
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== centralSignature) throw notZip();
    const flags = bytes.readUInt16LE(at + 8);
    if (flags & 0x1) throw new WorkbookRefused(422, 'structure', 'encrypted workbooks are not read; save it without a password');
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      declaredSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function dataStart(bytes: Buffer, entry: ZipEntry): number {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== localSignature) {
    throw new WorkbookRefused(422, 'structure', `part "${entry.name}" has no local header`);
  }
  return at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
}
