import type { ConfirmationState, LexEvent, LexIntent, LexSlot } from './event-schema';
import type { LexMessage, LexResponse } from './response-schema';

/**
 * What a response may change besides the dialog action: the session attributes (replacing the event's)
 * and slots (merged over the event's, `null` clearing one) — e.g. writing the canonical department back
 * into the slot so the SIP media application reads it from the IntentResult.
 */
export interface LexResponseOptions {
  sessionAttributes?: Record<string, string>;
  slots?: Record<string, LexSlot | null>;
}

/** A message: plain text, or Lex message objects as they are (SSML, cards, custom payloads). */
export type LexMessageInput = string | LexMessage | readonly LexMessage[];

function messagesOf(message: LexMessageInput | undefined): { messages?: LexMessage[] } {
  if (message === undefined) return {};
  if (typeof message === 'string') return { messages: [{ contentType: 'PlainText', content: message }] };
  if (Array.isArray(message)) return { messages: [...(message as readonly LexMessage[])] };
  return { messages: [message as LexMessage] };
}

/** The event's intent with the changes, copied so a response never aliases (and mutates) the event. */
function intentOf(event: LexEvent, changes: Partial<LexIntent>, options: LexResponseOptions): LexIntent {
  const intent = structuredClone({ ...event.sessionState.intent, ...changes });
  if (options.slots !== undefined) intent.slots = { ...(intent.slots ?? {}), ...structuredClone(options.slots) };
  return intent;
}

function sessionAttributesOf(event: LexEvent, options: LexResponseOptions): Record<string, string> {
  return { ...(options.sessionAttributes ?? event.sessionState.sessionAttributes ?? {}) };
}

/** A scalar slot value as Lex writes it, e.g. to put the canonical value back into a slot. */
export function scalarSlot(interpretedValue: string, originalValue: string = interpretedValue): LexSlot {
  return { shape: 'Scalar', value: { originalValue, interpretedValue, resolvedValues: [interpretedValue] } };
}

/** Asks the caller for `slot` next (e.g. the department they did not name). */
export function elicitSlot(event: LexEvent, slot: string, message?: LexMessageInput, options: LexResponseOptions = {}): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event, options),
      dialogAction: { type: 'ElicitSlot', slotToElicit: slot },
      intent: intentOf(event, { state: 'InProgress' }, options),
    },
    ...messagesOf(message),
  };
}

/** Ends the conversation with the intent `Fulfilled` or `Failed`, optionally saying why. */
export function close(event: LexEvent, state: 'Fulfilled' | 'Failed', message?: LexMessageInput, options: LexResponseOptions = {}): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event, options),
      dialogAction: { type: 'Close' },
      intent: intentOf(event, { state }, options),
    },
    ...messagesOf(message),
  };
}

/** Lets Lex choose the next step from the bot's configuration (slot order, prompts, confirmation). */
export function delegate(event: LexEvent, options: LexResponseOptions = {}): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event, options),
      dialogAction: { type: 'Delegate' },
      intent: intentOf(event, {}, options),
    },
  };
}

/** Asks the caller to confirm the intent ("Connect you to history, right?"). */
export function confirmIntent(event: LexEvent, message?: LexMessageInput, options: LexResponseOptions = {}): LexResponse {
  return {
    sessionState: {
      sessionAttributes: sessionAttributesOf(event, options),
      dialogAction: { type: 'ConfirmIntent' },
      intent: intentOf(event, { state: 'InProgress', confirmationState: 'None' satisfies ConfirmationState }, options),
    },
    ...messagesOf(message),
  };
}

/** Asks the caller what they want (no intent yet, or the previous one was abandoned). */
export function elicitIntent(event: LexEvent, message?: LexMessageInput, options: Pick<LexResponseOptions, 'sessionAttributes'> = {}): LexResponse {
  return {
    sessionState: { sessionAttributes: sessionAttributesOf(event, options), dialogAction: { type: 'ElicitIntent' } },
    ...messagesOf(message),
  };
}
