/**
 * The troubleshooting guide as structured data. The seed keeps it as prose in a Word document and lets an LLM read
 * the actions out of it on every error; here it is parsed once (import), validated, edited through the API, and the
 * triage engine executes the prescribed actions itself.
 */
import * as z from 'zod';
import { faultCodeSchema } from './messages.ts';

export const runbookActions = ['log_ticket', 'clear_fault', 'call_operator'] as const;
export type RunbookAction = (typeof runbookActions)[number];

/** The severities IncidentOpened carries. */
export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const runbookEntrySchema = z.object({
  code: faultCodeSchema,
  faultType: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'snake_case fault type'),
  internalEffect: z.string().max(2000),
  steps: z.array(z.string().min(1).max(500)).min(1).max(20),
  /** In the order the guide lists them; duplicates are refused. */
  actions: z
    .array(z.enum(runbookActions))
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'an action is listed twice'),
  severity: z.enum(severities),
});
export type RunbookEntry = z.infer<typeof runbookEntrySchema>;

export const runbookSchema = z
  .array(runbookEntrySchema)
  .refine((entries) => new Set(entries.map((e) => e.code)).size === entries.length, 'a code appears twice');

export interface Runbook {
  readonly entries: readonly RunbookEntry[];
  get(code: string): RunbookEntry | undefined;
}

export function createRunbook(entries: readonly RunbookEntry[]): Runbook {
  const parsed = runbookSchema.parse(entries);
  const byCode = new Map(parsed.map((e) => [e.code, Object.freeze({ ...e })]));
  return Object.freeze({ entries: [...byCode.values()], get: (code: string) => byCode.get(code) });
}

/**
 * The guide's action phrases → actions. Unknown phrases are an import error rather than silently dropped: a
 * runbook that quietly loses "call site operator" is worse than no import.
 */
const ACTION_PHRASES: ReadonlyArray<[RegExp, RunbookAction]> = [
  [/^log (a )?ticket$/i, 'log_ticket'],
  [/^clear (the )?fault$/i, 'clear_fault'],
  [/^call (the )?(site )?operator$/i, 'call_operator'],
];

export class GuideParseError extends Error {
  override readonly name = 'GuideParseError';
}

/** "1. Check x, 2. Verify y." → ["Check x", "Verify y"] */
function splitNumbered(text: string): string[] {
  return text
    .split(/(?:^|,\s*|\.\s+)(?=\d+\.\s)/)
    .map((part) =>
      part
        .replace(/^\d+\.\s*/, '')
        .trim()
        .replace(/[.,]$/, '')
        .trim(),
    )
    .filter((part) => part.length > 0);
}

function parseActions(code: string, text: string): RunbookAction[] {
  // Guides written for an LLM end the list with "STOP! No more action."; here the list is closed anyway.
  const listed = text.replace(/STOP!.*$/i, '').trim();
  return splitNumbered(listed).map((phrase) => {
    const match = ACTION_PHRASES.find(([pattern]) => pattern.test(phrase));
    if (!match) throw new GuideParseError(`${code}: unknown action "${phrase}"`);
    return match[1];
  });
}

/**
 * Severity is not written in the guide; it follows from what the guide prescribes: a code that calls a person is
 * critical, a warning code (W…) or one the device can be told to clear is a warning, a ticket-only code is info.
 */
export function deriveSeverity(code: string, actions: readonly RunbookAction[]): Severity {
  if (actions.includes('call_operator')) return 'critical';
  if (code.startsWith('W') || actions.includes('clear_fault')) return 'warning';
  return 'info';
}

/**
 * Parses the guide's text format (Troubleshooting_Guide.txt): `## Error Code: X` sections with `Fault Type:`,
 * `Internal Effect:`, `Troubleshooting Steps:` and `Action:` lines.
 */
export function parseTroubleshootingGuide(text: string): RunbookEntry[] {
  const sections = text.split(/^##\s*Error Code:\s*/m).slice(1);
  if (sections.length === 0) throw new GuideParseError('no "## Error Code:" sections found');
  return sections.map((section) => {
    const [firstLine = '', ...rest] = section.split(/\r?\n/);
    const code = firstLine.trim();
    if (!faultCodeSchema.safeParse(code).success) throw new GuideParseError(`"${code}" is not a fault code`);
    const field = (label: string): string => {
      const line = rest.find((l) => l.toLowerCase().startsWith(`${label.toLowerCase()}:`));
      if (line === undefined) throw new GuideParseError(`${code}: missing "${label}:"`);
      return line.slice(label.length + 1).trim();
    };
    const actions = parseActions(code, field('Action'));
    const entry: RunbookEntry = {
      code,
      faultType: field('Fault Type'),
      internalEffect: field('Internal Effect'),
      steps: splitNumbered(field('Troubleshooting Steps')),
      actions,
      severity: deriveSeverity(code, actions),
    };
    const checked = runbookEntrySchema.safeParse(entry);
    if (!checked.success) throw new GuideParseError(`${code}: ${checked.error.issues.map((i) => i.message).join('; ')}`);
    return checked.data;
  });
}

const ACTION_TEXT: Record<RunbookAction, string> = {
  log_ticket: 'Log a ticket',
  clear_fault: 'Clear fault',
  call_operator: 'Call site operator',
};

/** The runbook back in the guide's format: what the knowledge base indexes after an edit through the API. */
export function renderTroubleshootingGuide(entries: readonly RunbookEntry[]): string {
  const numbered = (items: readonly string[]) => items.map((item, i) => `${i + 1}. ${item}`).join(', ');
  return [
    'Runbook exported from Switchboard iot-triage',
    'One section per fault code; a healthy unit reports error_code "None". These are the actions the service takes.',
    ...entries.flatMap((e) => [
      `## Error Code: ${e.code}`,
      `Fault Type: ${e.faultType}`,
      `Internal Effect: ${e.internalEffect}`,
      `Troubleshooting Steps: ${numbered(e.steps)}.`,
      `Action: ${numbered(e.actions.map((a) => ACTION_TEXT[a]))}.`,
    ]),
    '',
  ].join('\n');
}

/** Steps as one line, the way the seed's ticket and call carry them. */
export function formatSteps(steps: readonly string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s}`).join(', ');
}
