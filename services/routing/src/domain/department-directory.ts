/**
 * Finds the department a caller asked for.
 *
 * Input comes from Lex (interpreted value, resolved values, the raw transcript) or from DTMF, and may be
 * anything: "History", "the history department", "maths", "3", "I want art office please". The lookup is
 * synonym-aware and never throws; an unknown answer is `undefined`, which the caller turns into a retry
 * or the operator (the sample crashed here on `route === undefined`).
 */
import { OPERATOR_DEPARTMENT, type Department } from './department.ts';

/** Lowercase, strip accents and punctuation, collapse whitespace. */
export function normalizeSpokenText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9*# -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Words callers wrap around a department name; the sample bot's utterances use the same ones.
const FILLER =
  /^(?:(?:please|the|a|an|to|i|want|need|it s|its|call|dial|talk|speak|with|department|office|dept)\s)+|(?:\s(?:department|office|dept|please))+$/g;

function stripFiller(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(FILLER, '').trim();
  } while (current !== previous);
  return current;
}

export class DepartmentDirectory {
  private readonly byWord = new Map<string, Department>();
  private readonly byKey = new Map<string, Department>();
  /** Longest phrases first, so "art history" wins over "art" inside a sentence. */
  private readonly phrases: [string, Department][];

  constructor(readonly departments: readonly Department[]) {
    for (const d of departments) {
      this.byWord.set(d.name, d);
      for (const s of d.synonyms) if (!this.byWord.has(s)) this.byWord.set(s, d);
      if (d.dtmfKey !== undefined) this.byKey.set(d.dtmfKey, d);
    }
    this.phrases = [...this.byWord.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  get(name: string): Department | undefined {
    return this.byWord.get(name) ?? undefined;
  }

  get operator(): Department | undefined {
    const d = this.byWord.get(OPERATOR_DEPARTMENT);
    return d?.name === OPERATOR_DEPARTMENT ? d : undefined;
  }

  byDtmf(key: string): Department | undefined {
    return this.byKey.get(key.trim());
  }

  /**
   * Tries each candidate in order (the most trusted first: Lex's interpreted value, its resolved values,
   * then the raw transcript) and returns the first that names a department.
   */
  resolve(candidates: readonly (string | undefined | null)[]): Department | undefined {
    for (const raw of candidates) {
      if (typeof raw !== 'string') continue;
      const found = this.resolveOne(raw);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private resolveOne(raw: string): Department | undefined {
    // Keypad input may carry the bot's end character ("3#").
    const text = normalizeSpokenText(raw).replace(/^([0-9*]+)#$/, '$1');
    if (text === '') return undefined;
    // A lone keypad key: DTMF through Lex arrives as the digit string.
    if (/^[0-9*#]$/.test(text)) return this.byKey.get(text);
    const exact = this.byWord.get(text) ?? this.byWord.get(stripFiller(text));
    if (exact !== undefined) return exact;
    // A phrase inside a longer sentence, on word boundaries ("i'd like the history office please").
    const padded = ` ${text} `;
    for (const [phrase, department] of this.phrases) {
      if (padded.includes(` ${phrase} `)) return department;
    }
    return undefined;
  }
}
