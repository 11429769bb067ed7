/**
 * `@switchboard/shared/lex/testing` — real-shaped Lex V2 code-hook events for tests and the local stage's
 * bot stand-ins. Every event has passed `lexEventSchema`. Not for Lambda bundles.
 */
import { lexEventSchema, type LexEvent, type IntentState, type InvocationSource } from '../event-schema';
import { scalarSlot } from '../responses';

export interface LexCodeHookEventOptions {
  intent: string;
  /** Slot name → interpreted value (`null`: not filled yet). */
  slots?: Record<string, string | null>;
  invocationSource?: InvocationSource;
  /** What the caller said or keyed in this turn. @default "" */
  inputTranscript?: string;
  inputMode?: 'DTMF' | 'Speech' | 'Text';
  sessionId?: string;
  sessionAttributes?: Record<string, string>;
  requestAttributes?: Record<string, string>;
  state?: IntentState;
  /** NLU confidence of the intent's interpretation. */
  confidence?: number;
  bot?: { id: string; name: string; aliasId?: string; aliasName?: string; localeId: string; version?: string };
}

/** A code-hook event as Lex V2 sends it for one turn. */
export function lexCodeHookEvent(options: LexCodeHookEventOptions): LexEvent {
  const slots = Object.fromEntries(Object.entries(options.slots ?? {}).map(([name, value]) => [name, value === null ? null : scalarSlot(value)]));
  const invocationSource = options.invocationSource ?? 'DialogCodeHook';
  const intent = {
    name: options.intent,
    slots,
    state: options.state ?? (invocationSource === 'FulfillmentCodeHook' ? 'ReadyForFulfillment' : 'InProgress'),
    confirmationState: 'None',
  };
  return lexEventSchema.parse({
    messageVersion: '1.0',
    invocationSource,
    inputMode: options.inputMode ?? 'Speech',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: options.sessionId ?? 'session-1',
    inputTranscript: options.inputTranscript ?? '',
    bot: options.bot ?? { id: 'BOTID12345', name: 'TestBot', aliasId: 'TSTALIASID', aliasName: 'TestBotAlias', localeId: 'en_US', version: 'DRAFT' },
    // Lex writes confidences as { score }, the shape a real event carries.
    interpretations: [
      { intent, ...(options.confidence === undefined ? {} : { nluConfidence: { score: options.confidence } }), interpretationSource: 'Lex' },
    ],
    ...(options.requestAttributes === undefined ? {} : { requestAttributes: { ...options.requestAttributes } }),
    sessionState: { sessionAttributes: { ...(options.sessionAttributes ?? {}) }, intent },
  });
}
