/**
 * The answer types a call job may ask for. The names are the ones users type in the `question_type`
 * column of the seed's workbook ("Yes/No", "Multiple Choice", …); each maps to one Lex V2 bot (see
 * `lex-bots.ts`) and a fixed set of answers the contact flow accepts.
 */
export const questionTypes = ['OK', 'YesNo', 'MultipleChoice', 'Date', 'Time', 'Number'] as const;
export type QuestionType = (typeof questionTypes)[number];

/** Spellings accepted in workbooks and JSON, compared case-insensitively without spaces, slashes, dashes or underscores. */
const aliases: Record<string, QuestionType> = {
  ok: 'OK',
  yesno: 'YesNo',
  multiplechoice: 'MultipleChoice',
  choice: 'MultipleChoice',
  date: 'Date',
  time: 'Time',
  number: 'Number',
};

/** Canonical question type for a user-written label, or undefined when the label is unknown. */
export function parseQuestionType(label: unknown): QuestionType | undefined {
  if (typeof label !== 'string') return undefined;
  const key = label.toLowerCase().replace(/[\s/_-]+/g, '');
  return aliases[key];
}

/** The label written back in reports and events, as the seed (and the CalloutRequested contract) spells it. */
export const questionTypeLabel = {
  OK: 'OK',
  YesNo: 'Yes/No',
  MultipleChoice: 'Multiple Choice',
  Date: 'Date',
  Time: 'Time',
  Number: 'Number',
} as const satisfies Record<QuestionType, string>;

/** The closed answers a choice-like question accepts (intent names in the Lex bot, without "Intent"). */
export const choiceAnswers: Partial<Record<QuestionType, readonly string[]>> = {
  OK: ['OK'],
  YesNo: ['Yes', 'No'],
  MultipleChoice: ['A', 'B', 'C', 'D', 'E'],
};

/**
 * Normalises an answer captured by Lex for a question type; undefined when the answer does not fit
 * (the flow then repeats the question, as the seed's flow does on fallback).
 */
export function normaliseAnswer(type: QuestionType, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '') return undefined;
  const closed = choiceAnswers[type];
  if (closed) return closed.find((answer) => answer.toLowerCase() === value.toLowerCase());
  switch (type) {
    case 'Date':
      // Lex V2 AMAZON.Date resolves to ISO-8601 YYYY-MM-DD.
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
    case 'Time':
      // AMAZON.Time resolves to HH:MM (24 h), or a period such as "MO"/"AF"/"EV"/"NI" when vague.
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(value) || /^(MO|AF|EV|NI)$/.test(value) ? value : undefined;
    case 'Number':
      return /^-?\d+(\.\d+)?$/.test(value) ? value : undefined;
    default:
      return undefined;
  }
}
