import * as z from 'zod';

/**
 * What a contact-flow Lambda returns: a flat map of string values, read in the flow as
 * `$.External.<key>`. Nested objects and arrays are not readable from a flow, and Connect rejects
 * responses above its size limit, so `connectResponse` refuses them before the flow does.
 */
export const CONNECT_RESPONSE_MAX_BYTES = 32 * 1024;

export const connectResponseSchema = z
  .record(z.string(), z.string())
  .refine((response) => Buffer.byteLength(JSON.stringify(response), 'utf8') <= CONNECT_RESPONSE_MAX_BYTES, {
    message: `a contact-flow Lambda response is at most ${CONNECT_RESPONSE_MAX_BYTES} bytes of JSON`,
  });

export type ConnectResponse = z.infer<typeof connectResponseSchema>;

export class ConnectResponseError extends Error {
  override readonly name = 'ConnectResponseError';
}

/**
 * Builds a contact-flow response. Numbers and booleans are turned into strings (as the flow will see
 * them anyway); `undefined` members are dropped; null, objects and arrays throw `ConnectResponseError`
 * naming the key — serialise them explicitly if the flow really needs them.
 */
export function connectResponse(values: Readonly<Record<string, string | number | boolean | undefined>>): ConnectResponse {
  const response: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (typeof value === 'string') response[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) response[key] = String(value);
    else if (typeof value === 'boolean') response[key] = String(value);
    else {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'number' ? String(value) : `a ${typeof value}`;
      throw new ConnectResponseError(`contact-flow response key "${key}" is ${kind}; a flow reads flat string values only ($.External.${key})`);
    }
  }
  const size = Buffer.byteLength(JSON.stringify(response), 'utf8');
  if (size > CONNECT_RESPONSE_MAX_BYTES) {
    throw new ConnectResponseError(`contact-flow response is ${size} bytes; Amazon Connect accepts at most ${CONNECT_RESPONSE_MAX_BYTES}`);
  }
  return response;
}
