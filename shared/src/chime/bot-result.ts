import type { BotSlot, IntentResult } from './bot-result-schema';
import type { SmaEvent } from './event-schema';

/** What a handler needs from a finished StartBotConversation, with Lex's nesting flattened. */
export interface BotConversationResult {
  /** The intent the bot settled on, e.g. "RouteCall". */
  intentName: string | undefined;
  /** Lex intent state: "Fulfilled", "ReadyForFulfillment", "Failed", "InProgress"… */
  intentState: string | undefined;
  confirmationState: string | undefined;
  /** Every slot of the intent by name → its value (see `botSlotValue`), undefined when unfilled. */
  slots: Record<string, string | undefined>;
  sessionAttributes: Record<string, string>;
  /** NLU confidence of the top interpretation of the chosen intent, when Lex gave one. */
  confidence: number | undefined;
  /** The raw IntentResult, for anything not flattened above. */
  raw: IntentResult;
}

/**
 * The value of a bot slot: the interpreted value, else the first resolved value, else what the caller
 * said. For a list slot (`Shape: "List"`), the values joined with ", ".
 */
export function botSlotValue(slot: BotSlot | null | undefined): string | undefined {
  if (slot === null || slot === undefined) return undefined;
  const value = slot.Value;
  const scalar = value?.InterpretedValue ?? value?.ResolvedValues?.[0] ?? value?.OriginalValue;
  if (typeof scalar === 'string' && scalar.length > 0) return scalar;
  const listed = (slot.Values ?? []).map(botSlotValue).filter((item): item is string => item !== undefined);
  return listed.length > 0 ? listed.join(', ') : undefined;
}

/** Flattens an IntentResult (from `ActionData.IntentResult`). */
export function readIntentResult(intentResult: IntentResult): BotConversationResult {
  const intent = intentResult.SessionState?.Intent;
  const slots: Record<string, string | undefined> = {};
  for (const [name, slot] of Object.entries(intent?.Slots ?? {})) slots[name] = botSlotValue(slot);
  const interpretation = intentResult.Interpretations?.find((candidate) => candidate.Intent?.Name === intent?.Name);
  return {
    intentName: intent?.Name,
    intentState: intent?.State,
    confirmationState: intent?.ConfirmationState,
    slots,
    sessionAttributes: { ...(intentResult.SessionState?.SessionAttributes ?? {}) },
    confidence: interpretation?.NluConfidence?.Score,
    raw: intentResult,
  };
}

/**
 * The result of a StartBotConversation reported by this event, or undefined when the event does not
 * report one (another action, or no IntentResult).
 */
export function botConversationResult(event: SmaEvent): BotConversationResult | undefined {
  const actionData = event.ActionData;
  if (actionData === undefined || actionData.Type !== 'StartBotConversation') return undefined;
  const intentResult = 'IntentResult' in actionData ? actionData.IntentResult : undefined;
  return intentResult === undefined ? undefined : readIntentResult(intentResult);
}
