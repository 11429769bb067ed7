/**
 * The limits a deflection request must fit before it reaches the stores and APIs it feeds: the conversation item
 * (DynamoDB, 400 KB), the Connect chat contact's attributes (StartChatContact: at most 32 KB in all) and the
 * events that name it. The API refuses a request outside them (422 naming the field); an event's attributes that
 * break them are dropped, with their names logged, so the caller who was promised a text still gets it.
 */
export const DEFLECTION_LIMITS = {
  callIdLength: 128,
  departmentLength: 64,
  languageCodeLength: 16,
  attributeCount: 50,
  attributeKeyLength: 128,
  attributeValueLength: 1024,
  /** All keys and values together (characters), well inside Connect's 32 KB of contact attributes. */
  attributesTotalLength: 16_384,
} as const;

/** Attribute names Connect accepts and contact flows can read: letters, digits, `_ . -`. */
export const ATTRIBUTE_KEY = /^[A-Za-z0-9_.-]{1,128}$/u;

/** Keeps the attributes that fit the limits (in order, until the total is reached); names what was dropped. */
export function fitAttributes(attributes: Record<string, string>): { kept: Record<string, string>; dropped: string[] } {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(attributes)) {
    const fits =
      ATTRIBUTE_KEY.test(key) &&
      typeof value === 'string' &&
      value.length <= DEFLECTION_LIMITS.attributeValueLength &&
      Object.keys(kept).length < DEFLECTION_LIMITS.attributeCount &&
      total + key.length + value.length <= DEFLECTION_LIMITS.attributesTotalLength;
    if (!fits) {
      dropped.push(key.slice(0, 64));
      continue;
    }
    kept[key] = value;
    total += key.length + value.length;
  }
  return { kept, dropped };
}
