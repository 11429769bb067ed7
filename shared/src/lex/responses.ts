import type { ConfirmationState, LexEvent, LexIntent } from './event-schema';
import type { LexMessage, LexResponse } from './response-schema';

/** A message: plain text, or Lex message objects as they are (SSML, cards, custom payloads). */
export type LexMessageInput = string | LexMessage | readonly LexMessage[];

function messagesOf(message: LexMessageInput | undefined): { messages?: LexMessage[] } {
  if (message === undefined) return {};
  if (typeof message === 'string') return { messages: [{ contentType: 'PlainText', content: message }] };
  if (Array.isArray(message)) return { messages: [...(message as readonly LexMessage[])] };
  return { messages: [message as LexMessage] };
}

/** The event's intent, copied so a response never aliases (and mutates) the event. */
function intentOf(event: LexEvent, changes: Partial<LexIntent> = {}): LexIntent {
  return structuredClone({ ...event.sessionState.intent, ...changes });
}

function sessionAttributesOf(event: LexEvent): Record<string, string> {
  return { ...(event.sessionState.sessionAttributes ?? {}) };
}

/** Asks the caller for `slot` next (e.g. the department they did not name). */
export function elicitSlot(event: LexEvent, slot: string, message?: LexMessageInput): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event),
      dialogAction: { type: 'ElicitSlot', slotToElicit: slot },
      intent: intentOf(event, { state: 'InProgress' }),
    },
    ...messagesOf(message),
  };
}

/** Ends the conversation with the intent `Fulfilled` or `Failed`, optionally saying why. */
export function close(event: LexEvent, state: 'Fulfilled' | 'Failed', message?: LexMessageInput): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event),
      dialogAction: { type: 'Close' },
      intent: intentOf(event, { state }),
    },
    ...messagesOf(message),
  };
}

/** Lets Lex choose the next step from the bot's configuration (slot order, prompts, confirmation). */
export function delegate(event: LexEvent): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event),
      dialogAction: { type: 'Delegate' },
      intent: intentOf(event),
    },
  };
}

/** Asks the caller to confirm the intent ("Connect you to history, right?"). */
export function confirmIntent(event: LexEvent, message?: LexMessageInput): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event),
      dialogAction: { type: 'ConfirmIntent' },
      intent: intentOf(event, { state: 'InProgress', confirmationState: 'None' satisfies ConfirmationState }),
    },
    ...messagesOf(message),
  };
}

/** Asks the caller what they want (no intent yet, or the previous one was abandoned). */
export function elicitIntent(event: LexEvent, message?: LexMessageInput): LexResponse {
  return {
    sessionState: { sessionAttributes: sessionAttributesOf(event), dialogAction: { type: 'ElicitIntent' } },
    ...messagesOf(message),
  };
}
