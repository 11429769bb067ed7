/**
 * The rules of an SMS conversation, as pure decisions: given what arrived (a text's intent, a chat signal) and the
 * conversation as stored, what the service does next. The application layer (src/application/) carries the
 * decision out through the ports — texts, the Connect chat, the tables, the bus — and records it.
 */
import { isOpen, type Conversation } from './conversation.ts';
import type { InboundIntent } from './keywords.ts';
import type { MailboxItem } from './ports.ts';
import type { ChatSignal } from './stream-events.ts';

/** What to do with a text from the handset. */
export type TextDecision =
  /** STOP and its synonyms: always honoured, in every state, before anything else. */
  | { kind: 'opt-out'; keyword: string }
  /** HELP / INFO: always answered, also after an opt-out. */
  | { kind: 'help' }
  /** START / UNSTOP from an opted-out number. */
  | { kind: 'opt-in'; keyword: string }
  /** Anything else from an opted-out number: never answered. */
  | { kind: 'ignore-opted-out' }
  | { kind: 'no-conversation' }
  /** An offer is open and the text is not YES. */
  | { kind: 'remind-offer' }
  /** YES to the offer: persist consent, then start the chat. */
  | { kind: 'accept' }
  /** Consent was persisted but the chat was not started (an earlier attempt failed): resume, then handle the text. */
  | { kind: 'resume-chat'; then: 'nothing' | 'ask-bot'; wantsAgent: boolean }
  /** YES again while the bot answers: the welcome may not have gone out. */
  | { kind: 'repeat-welcome' }
  /** A question for the FAQ bot (posted into the chat too), or AGENT. */
  | { kind: 'ask-bot'; wantsAgent: boolean }
  /** Queued or with an agent: the text goes into the chat. */
  | { kind: 'relay' };

export function decideText(input: { intent: InboundIntent; optedOut: boolean; conversation: Conversation | undefined }): TextDecision {
  const { intent, optedOut, conversation } = input;
  if (intent.kind === 'stop') return { kind: 'opt-out', keyword: intent.keyword };
  if (intent.kind === 'help') return { kind: 'help' };
  if (optedOut) return intent.kind === 'start' ? { kind: 'opt-in', keyword: intent.keyword } : { kind: 'ignore-opted-out' };
  if (!conversation || !isOpen(conversation)) return { kind: 'no-conversation' };
  switch (conversation.state) {
    case 'offered':
      return intent.kind === 'yes' ? { kind: 'accept' } : { kind: 'remind-offer' };
    case 'opted-in':
      // biome-ignore lint/suspicious/noThenProperty: a plain decision record, never awaited
      return { kind: 'resume-chat', then: intent.kind === 'yes' ? 'nothing' : 'ask-bot', wantsAgent: intent.kind === 'agent' };
    case 'bot':
      return intent.kind === 'yes' ? { kind: 'repeat-welcome' } : { kind: 'ask-bot', wantsAgent: intent.kind === 'agent' };
    default:
      return { kind: 'relay' };
  }
}

/** What the FAQ bot's answer (or its failure) means for the conversation. */
export type BotDecision = { kind: 'answered'; answer: string } | { kind: 'unanswered' } | { kind: 'escalate-unanswered' };

export function decideBotAnswer(input: { answer: string | undefined; unansweredInARow: number; maxUnansweredBeforeEscalation: number }): BotDecision {
  if (input.answer) return { kind: 'answered', answer: input.answer };
  return input.unansweredInARow + 1 >= input.maxUnansweredBeforeEscalation ? { kind: 'escalate-unanswered' } : { kind: 'unanswered' };
}

/** What a chat item means for the conversation it was streamed for. */
export type ChatDecision =
  | { kind: 'stale' }
  | { kind: 'relay-to-sms'; text: string; author: 'agent' | 'system' }
  | { kind: 'agent-joined'; agentName: string }
  | { kind: 'already-with-agent' }
  | { kind: 'end'; reason: 'agent-left' | 'chat-ended'; disconnect: boolean }
  | { kind: 'ignored' };

export function decideChatSignal(input: {
  conversation: Conversation | undefined;
  conversationId: string;
  signal: ChatSignal;
  prefixAgentName: boolean;
}): ChatDecision {
  const { conversation, signal } = input;
  if (!conversation || conversation.conversationId !== input.conversationId || !isOpen(conversation)) return { kind: 'stale' };
  switch (signal.kind) {
    case 'message': {
      const named = signal.role === 'AGENT' && input.prefixAgentName && signal.displayName;
      return {
        kind: 'relay-to-sms',
        text: named ? `${signal.displayName}: ${signal.text}` : signal.text,
        author: signal.role === 'AGENT' ? 'agent' : 'system',
      };
    }
    case 'agent-joined':
      return conversation.state === 'agent' ? { kind: 'already-with-agent' } : { kind: 'agent-joined', agentName: signal.displayName ?? 'An agent' };
    case 'agent-left':
      return { kind: 'end', reason: 'agent-left', disconnect: true };
    case 'chat-ended':
      return { kind: 'end', reason: 'chat-ended', disconnect: false };
    default:
      return { kind: 'ignored' };
  }
}

/** The timestamp a mailbox item is ordered by (the ISO prefix of its orderKey). */
export function orderTime(item: Pick<MailboxItem, 'orderKey'>): number {
  const at = Date.parse(item.orderKey.slice(0, item.orderKey.indexOf('#')));
  return Number.isNaN(at) ? 0 : at;
}

/**
 * The pending items that may be processed now: with a reorder window, only the leading run of items at least that
 * old (by their own timestamp), so an item SNS delivers late still sorts in front of a newer one. When none is ripe,
 * `waitMs` says how long until the oldest is.
 */
export function ripeItems<T extends Pick<MailboxItem, 'orderKey'>>(
  items: readonly T[],
  nowMs: number,
  windowMs: number,
): { ripe: T[]; waitMs: number } {
  if (windowMs <= 0) return { ripe: [...items], waitMs: 0 };
  const ripeBefore = nowMs - windowMs;
  const ripe: T[] = [];
  for (const item of items) {
    if (orderTime(item) > ripeBefore) break;
    ripe.push(item);
  }
  const first = items[0];
  return { ripe, waitMs: ripe.length === 0 && first ? Math.max(1, orderTime(first) - ripeBefore) : 0 };
}
