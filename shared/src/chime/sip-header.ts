/**
 * SIP header values built from caller input or configuration (`X-LexInfo` with what the caller said,
 * `X-Original-Calling-Number`, department names). A CR or LF would end the header and let the rest become
 * headers of its own (header injection into the PBX), `;` starts header parameters, and other control or
 * invisible characters confuse SIP parsers and logs. Chime documents no size for custom headers; the bound is
 * ours (PBXs and SIP proxies commonly reject lines past 1 KB).
 */

/** @default 256 characters. */
export const defaultSipHeaderValueLength = 256;

const unsafe = /[\u0000-\u001f\u007f-\u009f;\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * A value safe to put in a custom SIP header: CR, LF, `;`, C0/C1 controls and invisible format characters
 * (zero-width, bidi overrides) become a space, runs of spaces collapse, the ends are trimmed, and the result is
 * cut to `maxLength` characters (never inside a surrogate pair).
 */
export function sipHeaderValue(value: unknown, options: { maxLength?: number } = {}): string {
  const maxLength = options.maxLength ?? defaultSipHeaderValueLength;
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const cleaned = text.normalize('NFC').replace(unsafe, ' ').replace(/ {2,}/g, ' ').trim();
  const characters = Array.from(cleaned);
  return characters.length <= maxLength ? cleaned : characters.slice(0, maxLength).join('').trimEnd();
}
