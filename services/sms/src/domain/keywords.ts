/**
 * Keyword handling for inbound texts. Carrier and CTIA rules: the opt-out keywords must be honoured in any
 * case and with any surrounding punctuation or whitespace, and HELP must always be answered. Only a message
 * that *is* a keyword counts — "I can't stop coughing" is a question for the bot, not an opt-out.
 */

/** What an inbound text means before the conversation state is taken into account. */
export type InboundIntent =
  | { kind: 'stop'; keyword: string }
  | { kind: 'help'; keyword: string }
  | { kind: 'start'; keyword: string }
  | { kind: 'yes'; keyword: string }
  | { kind: 'agent'; keyword: string }
  | { kind: 'text' };

/** The opt-out keywords the issue requires plus the other CTIA/carrier standard ones (STOPALL, OPTOUT, REVOKE). */
export const STOP_KEYWORDS: readonly string[] = ['STOP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'STOPALL', 'OPTOUT', 'REVOKE'];
export const HELP_KEYWORDS: readonly string[] = ['HELP', 'INFO'];
/** Re-subscribe after an opt-out (CTIA: START / UNSTOP). */
export const START_KEYWORDS: readonly string[] = ['START', 'UNSTOP'];
export const YES_KEYWORDS: readonly string[] = ['YES', 'Y'];
/** Default escalation keywords; the service config may replace them. */
export const DEFAULT_AGENT_KEYWORDS: readonly string[] = ['AGENT'];

/**
 * Normalises a text for keyword comparison: NFKC (so full-width "ＳＴＯＰ" is STOP), trimmed, surrounding
 * punctuation, quotes and emoji-free whitespace removed, upper-cased without locale surprises (Turkish i).
 */
export function normalizeKeyword(body: string): string {
  return body
    .normalize('NFKC')
    .trim()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .toLocaleUpperCase('en-US');
}

export interface KeywordOptions {
  /** Words that escalate to a human at once (case-insensitive). */
  agentKeywords?: readonly string[];
}

/** Classifies a whole inbound text. Opt-out wins over everything: it is checked first. */
export function classifyInbound(body: string, options: KeywordOptions = {}): InboundIntent {
  const word = normalizeKeyword(body);
  if (STOP_KEYWORDS.includes(word)) return { kind: 'stop', keyword: word };
  if (HELP_KEYWORDS.includes(word)) return { kind: 'help', keyword: word };
  if (START_KEYWORDS.includes(word)) return { kind: 'start', keyword: word };
  if (YES_KEYWORDS.includes(word)) return { kind: 'yes', keyword: word };
  const agentKeywords = (options.agentKeywords ?? DEFAULT_AGENT_KEYWORDS).map(normalizeKeyword);
  if (agentKeywords.includes(word)) return { kind: 'agent', keyword: word };
  return { kind: 'text' };
}
