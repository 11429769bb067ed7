/**
 * The FAQ the bot answers from: entries (question, sample utterances, answer) imported as JSON or CSV,
 * turned into Lex V2 intents (one intent per entry, the answer as the intent's closing response), and the
 * matcher the local Lex stand-in uses so the local stage answers from the same table.
 */
import * as z from 'zod';
import { csvRow, looksLikeFormula } from '@switchboard/shared/spreadsheet';

export const faqEntrySchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/u, 'id: letters, digits, _ and -, at most 64')
    .describe('Stable identifier; becomes the Lex intent name faq_<id>'),
  question: z.string().trim().min(3).max(500),
  utterances: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  answer: z.string().trim().min(1).max(1600),
});
export type FaqEntry = z.infer<typeof faqEntrySchema>;

export const faqImportSchema = z.array(faqEntrySchema).max(1000);

export class FaqImportError extends Error {
  constructor(
    message: string,
    readonly issues: { row: number; message: string }[],
  ) {
    super(message);
    this.name = 'FaqImportError';
  }
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/u, '');
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i] as string;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += char;
      continue;
    }
    if (char === '"' && field.length === 0) quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new FaqImportError('CSV ends inside a quoted field', [{ row: rows.length + 1, message: 'unterminated quote' }]);
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim().length > 0));
}

/**
 * A cell our own export neutralised (`'` before text a spreadsheet would take for a formula, by the kit's
 * `neutraliseCell`) reads back as written, so export → import round-trips; nothing else is touched.
 */
function restoreNeutralised(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Derives a stable id from the question when the import has none. */
export function faqIdFor(question: string): string {
  const slug = question
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 48);
  let hash = 2166136261;
  for (const char of question) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return `${slug || 'q'}-${hash.toString(36).slice(0, 6)}`;
}

function validateEntries(raw: unknown[]): FaqEntry[] {
  const issues: { row: number; message: string }[] = [];
  const entries: FaqEntry[] = [];
  const seen = new Set<string>();
  raw.forEach((candidate, index) => {
    const withId =
      candidate && typeof candidate === 'object' && !('id' in candidate) && 'question' in candidate
        ? { ...candidate, id: faqIdFor(String((candidate as { question: unknown }).question)) }
        : candidate;
    const parsed = faqEntrySchema.safeParse(withId);
    if (!parsed.success) {
      issues.push({ row: index + 1, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    if (seen.has(parsed.data.id)) {
      issues.push({ row: index + 1, message: `duplicate id ${parsed.data.id}` });
      return;
    }
    seen.add(parsed.data.id);
    entries.push(parsed.data);
  });
  if (issues.length > 0) throw new FaqImportError(`${issues.length} invalid FAQ entr${issues.length === 1 ? 'y' : 'ies'}`, issues);
  if (entries.length > 1000) throw new FaqImportError('at most 1,000 FAQ entries', []);
  return entries;
}

/** JSON import: an array of `{ id?, question, utterances?, answer }` (or `{ entries: [...] }`). */
export function parseFaqJson(input: unknown): FaqEntry[] {
  const list = Array.isArray(input)
    ? input
    : input && typeof input === 'object' && 'entries' in input
      ? (input as { entries: unknown }).entries
      : undefined;
  if (!Array.isArray(list)) throw new FaqImportError('expected an array of FAQ entries', []);
  return validateEntries(list);
}

/**
 * CSV import with a header row: `question` and `answer` are required; `id` and `utterances` optional;
 * utterances are separated by `|` inside their cell.
 */
export function parseFaqCsv(text: string): FaqEntry[] {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((cell) => cell.trim().toLowerCase());
  if (!header?.includes('question') || !header.includes('answer')) {
    throw new FaqImportError('CSV header must name the columns question and answer (id and utterances optional)', []);
  }
  const column = (row: string[], name: string) => {
    const index = header.indexOf(name);
    const cell = index === -1 ? undefined : row[index]?.trim();
    return cell === undefined ? undefined : restoreNeutralised(cell);
  };
  return validateEntries(
    rows.map((row) => {
      const id = column(row, 'id');
      const utterances = (column(row, 'utterances') ?? '')
        .split('|')
        .map((u) => u.trim())
        .filter((u) => u.length > 0);
      return { ...(id ? { id } : {}), question: column(row, 'question'), utterances, answer: column(row, 'answer') };
    }),
  );
}

export function faqToCsv(entries: readonly FaqEntry[]): string {
  // Opened in a spreadsheet, a cell starting with = + - @ would run as a formula (CWE-1236): the kit neutralises it.
  const lines = [csvRow(['id', 'question', 'utterances', 'answer'])];
  for (const entry of entries) lines.push(csvRow([entry.id, entry.question, entry.utterances.join('|'), entry.answer]));
  return `${lines.join('\r\n')}\r\n`;
}

export const FAQ_INTENT_PREFIX = 'faq_';

/** Lex intent names allow letters, digits and _ (max 100); ids allow - too, which becomes _ (and is reversible via the prefix table). */
export function intentNameFor(entry: Pick<FaqEntry, 'id'>): string {
  return `${FAQ_INTENT_PREFIX}${entry.id.replace(/-/gu, '_')}`;
}

/** Lex V2 sample utterances: 1–200 chars, no braces (slot syntax), deduplicated case-insensitively. */
export function sampleUtterancesFor(entry: FaqEntry): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of [entry.question, ...entry.utterances]) {
    const cleaned = raw.replace(/[{}]/gu, '').replace(/\s+/gu, ' ').trim().slice(0, 200);
    const key = cleaned.toLowerCase();
    if (cleaned.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(cleaned);
  }
  return out;
}

/** The Lex V2 intent definition (CreateIntent/UpdateIntent input minus bot ids) for one FAQ entry. */
export function lexIntentFor(entry: FaqEntry) {
  return {
    intentName: intentNameFor(entry),
    description: entry.question.slice(0, 200),
    sampleUtterances: sampleUtterancesFor(entry).map((utterance) => ({ utterance })),
    intentClosingSetting: {
      active: true,
      closingResponse: {
        allowInterrupt: true,
        messageGroups: [{ message: { plainTextMessage: { value: entry.answer } } }],
      },
    },
  };
}

const STOPWORDS = new Set(
  'a an the is are am be to of in on at for and or but do does did i you we my your our it this that what how when where who why can could would should will with from about me us please'.split(
    ' ',
  ),
);

export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !STOPWORDS.has(t))
    .map((t) => (t.length > 3 && t.endsWith('s') ? t.slice(0, -1) : t));
}

/**
 * The local stand-in for Lex's intent classification: the best entry by token overlap (Dice coefficient)
 * against the question and every sample utterance, above a confidence threshold — below it, the fallback.
 */
export function matchFaq(entries: readonly FaqEntry[], text: string, threshold = 0.5): { entry: FaqEntry; score: number } | undefined {
  const asked = new Set(tokens(text));
  if (asked.size === 0) return undefined;
  let best: { entry: FaqEntry; score: number } | undefined;
  for (const entry of entries) {
    for (const sample of [entry.question, ...entry.utterances]) {
      const candidate = new Set(tokens(sample));
      if (candidate.size === 0) continue;
      let shared = 0;
      for (const token of asked) if (candidate.has(token)) shared += 1;
      const score = (2 * shared) / (asked.size + candidate.size);
      if (!best || score > best.score) best = { entry, score };
    }
  }
  return best && best.score >= threshold ? best : undefined;
}
