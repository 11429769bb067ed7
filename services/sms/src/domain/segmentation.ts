/**
 * SMS encoding and segmentation (3GPP TS 23.038 / 23.040).
 *
 * A text that uses only the GSM 03.38 default alphabet (plus its extension table, whose characters take two
 * septets: ESC + char) is sent as GSM-7: 160 septets in one segment, 153 per segment once concatenated (the
 * user data header takes 7). Anything else is sent as UCS-2 (UTF-16 code units): 70 in one segment, 67 per
 * segment when concatenated. A segment boundary never splits an ESC pair nor a surrogate pair — carriers
 * would render garbage — so the real segment count can exceed ceil(length / 153).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basicSet = new Set(GSM7_BASIC);
const extensionSet = new Set(GSM7_EXTENSION);

export const GSM7_SINGLE_SEGMENT = 160;
export const GSM7_CONCATENATED_SEGMENT = 153;
export const UCS2_SINGLE_SEGMENT = 70;
export const UCS2_CONCATENATED_SEGMENT = 67;

/** Septets a character takes in GSM-7, or undefined when it is not representable. */
function gsmSeptets(char: string): 1 | 2 | undefined {
  if (basicSet.has(char)) return 1;
  if (extensionSet.has(char)) return 2;
  return undefined;
}

export function encodingOf(text: string): SmsEncoding {
  for (const char of text) if (gsmSeptets(char) === undefined) return 'UCS-2';
  return 'GSM-7';
}

/** The text cut into the segments a handset receives (each a string), in order. */
export function splitIntoSegments(text: string): { encoding: SmsEncoding; segments: string[] } {
  const encoding = encodingOf(text);
  if (text.length === 0) return { encoding, segments: [] };
  // Units of each "atom" that must stay in one segment: a GSM character (1 or 2 septets) or a UTF-16 code point.
  const atoms: { text: string; units: number }[] = [];
  for (const char of text) {
    atoms.push({ text: char, units: encoding === 'GSM-7' ? (gsmSeptets(char) as number) : char.length });
  }
  const total = atoms.reduce((sum, atom) => sum + atom.units, 0);
  const single = encoding === 'GSM-7' ? GSM7_SINGLE_SEGMENT : UCS2_SINGLE_SEGMENT;
  if (total <= single) return { encoding, segments: [text] };
  const capacity = encoding === 'GSM-7' ? GSM7_CONCATENATED_SEGMENT : UCS2_CONCATENATED_SEGMENT;
  const segments: string[] = [];
  let current = '';
  let used = 0;
  for (const atom of atoms) {
    if (used + atom.units > capacity) {
      segments.push(current);
      current = '';
      used = 0;
    }
    current += atom.text;
    used += atom.units;
  }
  if (current.length > 0) segments.push(current);
  return { encoding, segments };
}

export interface TextAnalysis {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function analyzeText(text: string): TextAnalysis {
  const { encoding, segments } = splitIntoSegments(text);
  let units = 0;
  for (const char of text) units += encoding === 'GSM-7' ? (gsmSeptets(char) as number) : char.length;
  return { encoding, units, segments: segments.length };
}

export interface SplitOptions {
  /** Most segments one message may take (carriers drop very long concatenations). @default 10 */
  maxSegmentsPerMessage?: number;
  /** Most characters in one provider request (End User Messaging SendTextMessage accepts 1,600). @default 1600 */
  maxCharactersPerMessage?: number;
}

/**
 * Splits a long text into separate messages, each within the segment and character limits, preferring to
 * cut at whitespace so words stay whole; a message never ends in the middle of a surrogate pair.
 */
export function splitIntoMessages(text: string, options: SplitOptions = {}): string[] {
  const maxSegments = options.maxSegmentsPerMessage ?? 10;
  const maxChars = options.maxCharactersPerMessage ?? 1600;
  if (maxSegments < 1 || maxChars < 1) throw new RangeError('message limits must be positive');
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  const fits = (candidate: string) => candidate.length <= maxChars && splitIntoSegments(candidate).segments.length <= maxSegments;
  const codePoints = Array.from(trimmed);
  const messages: string[] = [];
  let start = 0;
  while (start < codePoints.length) {
    // Binary search for the longest prefix (in code points) that fits.
    let low = 1;
    let high = codePoints.length - start;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(codePoints.slice(start, start + mid).join(''))) low = mid;
      else high = mid - 1;
    }
    let take = low;
    if (start + take < codePoints.length) {
      // Back off to the last whitespace if it keeps at least half the message, so words are not cut.
      for (let i = take; i > take / 2; i -= 1) {
        if (/\s/u.test(codePoints[start + i - 1] ?? '')) {
          take = i;
          break;
        }
      }
    }
    const part = codePoints
      .slice(start, start + take)
      .join('')
      .trim();
    if (part.length > 0) messages.push(part);
    start += take;
  }
  return messages;
}
