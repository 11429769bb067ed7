/**
 * A troubleshooting guide written in Word (`.docx`) → its paragraph text, which the runbook parser reads like the
 * `.txt` format. The file is untrusted: the upload is capped by the API, and before any part is inflated the
 * zip's declared sizes are checked (JSZip refuses a part whose inflated size differs from the declared one), so a
 * small upload cannot expand into hundreds of megabytes.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';

/** Largest uncompressed size of the whole document, all parts together. */
export const DOCX_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024;
/** A guide has a handful of parts (document, styles, settings, theme…); thousands is not a guide. */
export const DOCX_MAX_PARTS = 200;

export class DocxRejectedError extends Error {
  override readonly name = 'DocxRejectedError';
}

interface ZipEntryInternals {
  _data?: { uncompressedSize?: number };
}

export async function docxGuideText(document: Uint8Array): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(document);
  } catch {
    throw new DocxRejectedError('the file is not a .docx (zip) document');
  }
  const entries = Object.values(zip.files);
  if (entries.length > DOCX_MAX_PARTS) throw new DocxRejectedError(`the document has ${entries.length} parts (at most ${DOCX_MAX_PARTS})`);
  // Declared sizes from the zip's central directory; JSZip checks each against the inflated data.
  const declared = entries.reduce((total, entry) => total + ((entry as unknown as ZipEntryInternals)._data?.uncompressedSize ?? 0), 0);
  if (declared > DOCX_MAX_UNCOMPRESSED_BYTES) {
    throw new DocxRejectedError(`the document expands to ${declared} bytes (at most ${DOCX_MAX_UNCOMPRESSED_BYTES})`);
  }
  if (!zip.file('word/document.xml')) throw new DocxRejectedError('the file has no word/document.xml: not a Word document');
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(document) });
  return value;
}
