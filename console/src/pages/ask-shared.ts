/**
 * The operator Q&A's client logic: where each cited source points (runbook section, manual page, device data,
 * incident, ticket), the conversation kept in the browser session, and the message an unavailable model or
 * knowledge base gets. Pure apart from the session storage it is handed.
 */
import type { Problem } from '../api/problem.ts';

export interface SourceLink {
  kind: 'Runbook section' | 'Manual' | 'Device data' | 'Incident' | 'Ticket' | 'Document';
  label: string;
  /** A console page for it, where there is one. */
  href?: string;
}

export function describeSource(source: string): SourceLink {
  const runbook = /^runbook#(.+)$/.exec(source);
  if (runbook) return { kind: 'Runbook section', label: `Error code ${runbook[1]}`, href: '/runbook' };
  const device = /^devices\/(.+)$/.exec(source);
  if (device) return { kind: 'Device data', label: device[1]!, href: `/devices/${device[1]}` };
  if (source === 'devices') return { kind: 'Device data', label: 'all devices', href: '/devices' };
  const incident = /^incidents\/(.+)$/.exec(source);
  if (incident) return { kind: 'Incident', label: incident[1]!, href: `/incidents/${incident[1]}` };
  const ticket = /^tickets\/(.+)$/.exec(source);
  if (ticket) return { kind: 'Ticket', label: ticket[1]!, href: `/incidents/${ticket[1]}` };
  const [document, heading] = source.split('#', 2) as [string, string | undefined];
  if (/manual/i.test(document)) return { kind: 'Manual', label: heading ? `${heading} (${document})` : document };
  if (/troubleshooting_guide/i.test(document)) return { kind: 'Runbook section', label: heading ?? document, href: '/runbook' };
  return { kind: 'Document', label: heading ? `${heading} (${document})` : document };
}

export interface ChatMessage {
  id: string;
  role: 'operator' | 'assistant';
  text: string;
  sources?: string[];
  at: string;
  /** The assistant could not answer: shown as an error, not as an answer. */
  error?: boolean;
}

export const suggestedQuestions = [
  'Please tell me about the device aircon_1',
  'Please tell me about the error W1',
  'How do I clean the air filter?',
] as const;

/** What the operator reads when the question could not be answered, by the API's problem. */
export function askErrorMessage(problem: Problem): string {
  if (problem.status === 404) return problem.detail ?? 'There is no such device.';
  if (problem.status === 403) return 'Your role cannot ask the assistant (operators, supervisors and admins can).';
  if (problem.status === 422 || problem.status === 400) return `The question was not accepted: ${problem.detail ?? problem.title}`;
  if (problem.status === 429) return 'Too many questions at once: the model is throttling. Wait a moment and ask again.';
  if (problem.status >= 500)
    return `The assistant is unavailable — the model or the knowledge base did not answer (${problem.title}${problem.detail ? `: ${problem.detail}` : ''}). Device questions still work from device data; try again shortly.`;
  if (problem.status === 0) return 'The iot-triage API could not be reached. Check your connection and try again.';
  return problem.detail ?? problem.title;
}

const STORAGE_KEY = 'switchboard.ask.conversation';
/** A session's conversation is bounded: the newest 100 messages. */
export const MAX_MESSAGES = 100;

export function loadConversation(storage: Pick<Storage, 'getItem'> | undefined): ChatMessage[] {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? (parsed.filter((m) => m && typeof m === 'object' && typeof m.text === 'string') as ChatMessage[]).slice(-MAX_MESSAGES)
      : [];
  } catch {
    return [];
  }
}

export function saveConversation(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, messages: readonly ChatMessage[]): void {
  if (!storage) return;
  if (messages.length === 0) storage.removeItem(STORAGE_KEY);
  else storage.setItem(STORAGE_KEY, JSON.stringify(messages.slice(-MAX_MESSAGES)));
}
