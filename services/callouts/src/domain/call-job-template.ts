import { defaultCallingWindow } from './compliance.ts';
import { questionTypeLabel } from './question-types.ts';

/**
 * The call-job workbook's columns, once: the reader takes its `configures` keys from here and the template
 * workbook (`GET /templates/call-job.xlsx`) is written from here, so the template cannot drift from what is read.
 */
export type ConfigureKey = {
  readonly key: string;
  /** What the template's Value column holds (a working example, or the default). */
  readonly example: string;
  /** The template's third column: what the setting means. */
  readonly meaning: string;
};

export const configureSettings: readonly ConfigureKey[] = Object.freeze([
  {
    key: 'greeting',
    example: 'Hi {{ username }}, this is a reminder from the school office.',
    meaning: 'Said first (a template: {{ column }} inserts a receiver column)',
  },
  { key: 'ending', example: 'Thank you {{ username }}, goodbye.', meaning: 'Said last' },
  { key: 'phone_prefix', example: '+852', meaning: 'Country calling code for numbers written without one' },
  { key: 'purpose', example: 'survey', meaning: 'survey or notification (calling window applies) · operational (urgent, window bypassed)' },
  { key: 'time_zone', example: '', meaning: 'IANA zone for numbers whose country has no known zone (empty: from the number)' },
  { key: 'calling_window_start', example: defaultCallingWindow.start, meaning: 'Local time calls may start (HH:MM)' },
  { key: 'calling_window_end', example: defaultCallingWindow.end, meaning: 'Local time calls stop (HH:MM, exclusive; may wrap midnight)' },
  { key: 'on_invalid_rows', example: 'reject', meaning: 'reject the job if a receiver row is bad, or skip bad rows (reported as NotCallable)' },
  { key: 'max_attempts', example: '3', meaning: 'Calls per receiver in this job, retries included (1–10)' },
]);

export const configureKeys: ReadonlySet<string> = new Set(configureSettings.map((s) => s.key));

export const questionColumns = ['question_template', 'question_type'] as const;

/** One example question per answer type, so the template shows every type's spelling. */
export const exampleQuestions: readonly { readonly question_template: string; readonly question_type: string }[] = Object.freeze([
  { question_template: 'The book report is due this Friday. Are you ready? Say yes or no, or press 1 or 2.', question_type: questionTypeLabel.YesNo },
  { question_template: 'Which session suits you? A. morning, B. afternoon or C. evening.', question_type: questionTypeLabel.MultipleChoice },
  { question_template: 'How many people will come?', question_type: questionTypeLabel.Number },
  { question_template: 'Which date should we call you back?', question_type: questionTypeLabel.Date },
  { question_template: 'At what time?', question_type: questionTypeLabel.Time },
  { question_template: 'Say OK, or press 1, to confirm you heard this message.', question_type: questionTypeLabel.OK },
]);

/** Reserved receiver columns first, then an extra column the example prompts use. */
export const receiverTemplateColumns = ['id', 'phone_number', 'time_zone', 'username'] as const;
export const exampleReceivers: readonly Readonly<Record<(typeof receiverTemplateColumns)[number], string>>[] = Object.freeze([
  { id: 'student-1', phone_number: '91234567', time_zone: '', username: 'Ann' },
  { id: 'student-2', phone_number: '+14255550123', time_zone: 'America/Los_Angeles', username: 'Bo' },
]);
