import type { LexEvent, LexSlot } from './event-schema';

/**
 * The value of a slot: the interpreted value, else the first resolved value (Lex leaves
 * interpretedValue empty when resolution is ambiguous), else what the caller said. Undefined for an
 * unfilled slot (Lex sends `null`). A list slot yields its values joined with ", " — use `slotValues`
 * to get them one by one.
 */
export function slotValue(slot: LexSlot | null | undefined): string | undefined {
  if (slot === null || slot === undefined) return undefined;
  const value = slot.value;
  const scalar = nonEmpty(value?.interpretedValue) ?? nonEmpty(value?.resolvedValues?.[0]) ?? nonEmpty(value?.originalValue);
  if (scalar !== undefined) return scalar;
  const listed = slotValues(slot);
  return listed.length > 0 ? listed.join(', ') : undefined;
}

/** Every value of a slot: one element for a scalar slot, each element of a list slot. */
export function slotValues(slot: LexSlot | null | undefined): string[] {
  if (slot === null || slot === undefined) return [];
  if (slot.values !== undefined && slot.values.length > 0) {
    return slot.values.map(slotValue).filter((item): item is string => item !== undefined);
  }
  const single = slot.value === undefined ? undefined : slotValue({ value: slot.value });
  return single === undefined ? [] : [single];
}

/** The value of the named slot of the event's current intent. */
export function eventSlotValue(event: LexEvent, name: string): string | undefined {
  return slotValue(event.sessionState.intent.slots?.[name]);
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
