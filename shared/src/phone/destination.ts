/**
 * The toll-fraud guard: the one check every number the platform dials or texts passes first.
 *
 * An outbound call or text is paid by the account. Whoever can make the platform dial a number they own
 * (a premium-rate line, a satellite network, a far-away country with high termination rates) turns each
 * call into revenue for themselves: a job with 50,000 receivers, a forward, a department's fallback, a
 * "text me instead". So the guard refuses every number kind that costs more than an ordinary call or that
 * the deployment never needs, and names the refusal with a stable `code` and a plain-words `message`
 * that reads as a row-precise issue ("row 9, phone_number: premium-rate numbers are not called").
 *
 * Formatted input is normalised first (full-width digits, spaces, dots, dashes, parentheses, `00` and
 * `tel:`/`sip:` prefixes), then classified with libphonenumber's full metadata (`/max`: number types need it).
 */
import {
  ParseError,
  isSupportedCountry,
  parsePhoneNumberWithError,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from 'libphonenumber-js/max';

/** What the number is for. Texts need a number that can receive SMS. */
export type DestinationPurpose = 'call' | 'text';

export type DestinationRefusalCode =
  /** Not a phone number at all, or not one that exists in its country's numbering plan. */
  | 'invalid-number'
  /** A national number with no country to read it in (no `+`, no `defaultCountry`). */
  | 'missing-country-code'
  /** `x123` / `;ext=`: the platform cannot dial an extension. */
  | 'extension'
  | 'premium-rate'
  | 'shared-cost'
  /** Universal access numbers (one national number for a company, e.g. UK 03/055). */
  | 'uan'
  /** "Follow-me" numbers that forward anywhere at the owner's rate (e.g. UK 070, DE 0700). */
  | 'personal-number'
  /** Satellite and international networks with no country: +881, +882, +883, +870, and +800/+808/+878/+979. */
  | 'international-network'
  /** Short codes and service numbers (911, 112, 5-digit SMS codes): not dialled by the platform. */
  | 'short-code'
  /** Sanctioned/embargoed destination (see `embargoedDestinations`). */
  | 'embargoed-destination'
  /** A country that is not on the service's allow-list. */
  | 'country-not-allowed'
  /** A text to a number that cannot receive SMS (fixed line, toll free). */
  | 'not-textable'
  /** Any other type that is not an ordinary line: pagers, voicemail access, VoIP, unclassifiable ranges. */
  | 'number-type-not-allowed';

export type DestinationType = NonNullable<NumberType> | 'UNKNOWN';

export type DestinationCheck =
  | { ok: true; e164: string; country: CountryCode; type: DestinationType }
  | { ok: false; code: DestinationRefusalCode; message: string };

export interface DestinationPolicy {
  /**
   * ISO 3166-1 alpha-2 countries a number may be in. Each service reads it from its config; the default
   * there is the deployment's own country (see `parseAllowedCountries`). Must not be empty.
   */
  allowedCountries: readonly string[];
  /** @default 'call' */
  purpose?: DestinationPurpose;
  /** Country to read national formats in (`(212) 555-0147`); without it only `+`/`00` numbers are read. */
  defaultCountry?: string;
  /**
   * Number types admitted. Narrow it (e.g. forwarding without toll free); widening it past the defaults
   * cannot re-admit the refused kinds (premium rate, shared cost, UAN, personal number): those are always refused.
   * @default calls: FIXED_LINE, MOBILE, FIXED_LINE_OR_MOBILE, TOLL_FREE; texts: MOBILE, FIXED_LINE_OR_MOBILE
   */
  allowedTypes?: readonly DestinationType[];
}

export const defaultCallTypes: readonly DestinationType[] = Object.freeze(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE']);
/** NANP numbers are FIXED_LINE_OR_MOBILE (the plan does not say which); a carrier lookup can narrow them. */
export const defaultTextTypes: readonly DestinationType[] = Object.freeze(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** The kinds that are never admitted, whatever `allowedTypes` says. */
const alwaysRefusedTypes: Partial<Record<DestinationType, DestinationRefusalCode>> = {
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  UAN: 'uan',
  PERSONAL_NUMBER: 'personal-number',
};

/**
 * Calling codes of satellite and international networks (ITU-T E.164 "global services" and networks):
 * +881 Global Mobile Satellite System (Iridium, Globalstar, Thuraya…), +882/+883 international networks,
 * +870 Inmarsat; +800 international freephone, +808 shared cost, +878 personal numbering, +979 premium rate,
 * +888 humanitarian, +991 trial. They have no country, so an allow-list can never admit them.
 */
export const internationalNetworkCodes: readonly string[] = Object.freeze(['881', '882', '883', '870', '800', '808', '878', '979', '888', '991']);

export interface EmbargoRule {
  country: CountryCode;
  /** National-number prefixes (after the country code) that are embargoed; absent = the whole country. */
  nationalPrefixes?: readonly string[];
  name: string;
}

/**
 * Embargoed destinations. Source: the jurisdictions under comprehensive US sanctions listed by the US
 * Treasury's Office of Foreign Assets Control ("Sanctions Programs and Country Information", EO 13685 for
 * Crimea, EO 14065 for the so-called DNR/LNR regions), which the EU's Crimea/Sevastopol and non-government-
 * controlled-areas regimes match. Checked December 2026; review it when those programs change.
 * - Syria stays listed as issue 13 asks, although the US and the EU eased most Syria sanctions in 2025.
 * - Occupied regions are refused where the numbering tells them apart: Crimea and Sevastopol by Ukraine's
 *   area codes 65 and 69 and the Russian ranges issued there (+7 365, +7 869 fixed, +7 978 mobile);
 *   Donetsk/Luhansk by the Russian ranges issued there (+7 856, +7 857 fixed, +7 949, +7 959 mobile).
 *   Ukraine's own area codes 62 and 64 also serve government-controlled areas, so they are not refused.
 * - Russia and Belarus are not listed: neither the US nor the EU prohibits ordinary telephone calls to them
 *   (personal communications are exempt from those programs). The country allow-list, which defaults to the
 *   deployment's own country, refuses them anyway unless a stage chooses to call there.
 */
export const embargoedDestinations: readonly EmbargoRule[] = Object.freeze([
  { country: 'CU', name: 'Cuba' },
  { country: 'IR', name: 'Iran' },
  { country: 'KP', name: 'North Korea' },
  { country: 'SY', name: 'Syria' },
  { country: 'UA', nationalPrefixes: ['65', '69'], name: 'Crimea and Sevastopol' },
  { country: 'RU', nationalPrefixes: ['365', '869', '978'], name: 'Crimea and Sevastopol' },
  { country: 'RU', nationalPrefixes: ['856', '857', '949', '959'], name: 'the occupied Donetsk and Luhansk regions' },
]);

const refusalMessages: Record<DestinationRefusalCode, string> = {
  'invalid-number': 'is not a valid phone number',
  'missing-country-code': 'has no country code: write it as +<country code> <number>',
  extension: 'has an extension, which cannot be dialled',
  'premium-rate': 'premium-rate numbers are not called',
  'shared-cost': 'shared-cost numbers are not called',
  uan: 'universal access numbers are not called',
  'personal-number': 'personal (follow-me) numbers are not called',
  'international-network': 'satellite and international network numbers are not called',
  'short-code': 'short codes and service numbers are not called',
  'embargoed-destination': 'is in an embargoed destination',
  'country-not-allowed': 'is in a country this service does not call',
  'not-textable': 'cannot receive text messages',
  'number-type-not-allowed': 'is not an ordinary fixed or mobile number',
};

function refuse(code: DestinationRefusalCode, detail?: string): DestinationCheck {
  const base = refusalMessages[code];
  return { ok: false, code, message: detail ? `${base} (${detail})` : base };
}

/**
 * Fold what people type into a dial string: Unicode compatibility forms (full-width `＋１２１２…`, Arabic-Indic
 * digits are left alone and refused), `tel:`/`sip:` URIs, spaces and visual separators, and the `00`
 * international prefix. Returns undefined when characters other than digits, `+` and separators remain.
 */
export function normaliseDialString(raw: string): { text: string; international: boolean } | undefined {
  let text = raw.normalize('NFKC').trim();
  const uri = /^(?:tel|sips?):([^@;]+)/i.exec(text);
  if (uri?.[1]) text = uri[1];
  // Extensions are spotted before separators go, so "x12" is not read as part of the number.
  if (/(?:ext\.?|x|#|;ext=)\s*\d+\s*$/i.test(text)) return { text: 'EXT', international: false };
  text = text.replace(/[\s\u00a0\u2000-\u200d\u2060.\-‐‑‒–—()[\]/]/g, '');
  if (!/^\+?\d+$/.test(text)) return undefined;
  if (text.startsWith('+')) return { text, international: true };
  if (text.startsWith('00')) return { text: `+${text.slice(2)}`, international: true };
  return { text, international: false };
}

function embargoOf(country: CountryCode, nationalNumber: string): EmbargoRule | undefined {
  return embargoedDestinations.find(
    (rule) => rule.country === country && (!rule.nationalPrefixes || rule.nationalPrefixes.some((prefix) => nationalNumber.startsWith(prefix))),
  );
}

/**
 * Check one number before it is dialled or texted. Never throws. Order matters for the message a user
 * sees: the number's kind (premium, satellite, …) and an embargo are named before the allow-list, so an
 * attacker's `+1 900` reads "premium-rate numbers are not called", not merely "country not allowed".
 */
export function checkDestination(raw: unknown, policy: DestinationPolicy): DestinationCheck {
  if (policy.allowedCountries.length === 0) throw new RangeError('checkDestination: allowedCountries must name at least one country');
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) return refuse('invalid-number');
  const normalised = normaliseDialString(raw);
  if (!normalised) return refuse('invalid-number');
  if (normalised.text === 'EXT') return refuse('extension');
  const { text, international } = normalised;
  const digits = text.replace('+', '');

  if (international && internationalNetworkCodes.some((code) => digits.startsWith(code))) {
    return refuse('international-network', `+${digits.slice(0, 3)}`);
  }
  // Without a country code, up to 6 digits is a short code or service number (911, 112, 999, 12345, 247365).
  if (!international && digits.length <= 6) {
    const asNational = policy.defaultCountry ? tryParse(text, policy.defaultCountry) : undefined;
    if (!asNational?.isValid()) return refuse('short-code');
  }
  if (!international && !(policy.defaultCountry && isSupportedCountry(policy.defaultCountry.toUpperCase()))) {
    return refuse('missing-country-code');
  }
  const phone = tryParse(text, policy.defaultCountry);
  if (!phone) return refuse('invalid-number');
  if (phone.ext) return refuse('extension');
  if (!phone.isValid()) return refuse('invalid-number');
  // Valid without a country: a non-geographic range the prefix list does not name yet.
  if (!phone.country) return refuse('international-network', `+${phone.countryCallingCode}`);

  const country = phone.country;
  const type: DestinationType = phone.getType() ?? 'UNKNOWN';
  const refusedKind = alwaysRefusedTypes[type];
  if (refusedKind) return refuse(refusedKind);
  const embargo = embargoOf(country, String(phone.nationalNumber));
  if (embargo) return refuse('embargoed-destination', embargo.name);
  const allowed = policy.allowedCountries.map((code) => code.toUpperCase());
  if (!allowed.includes(country)) return refuse('country-not-allowed', `${country}; allowed: ${allowed.join(', ')}`);
  const purpose = policy.purpose ?? 'call';
  const admitted = policy.allowedTypes ?? (purpose === 'text' ? defaultTextTypes : defaultCallTypes);
  if (!admitted.includes(type)) {
    if (purpose === 'text' && (type === 'FIXED_LINE' || type === 'TOLL_FREE' || type === 'VOIP')) return refuse('not-textable', describeType(type));
    return refuse('number-type-not-allowed', describeType(type));
  }
  return { ok: true, e164: phone.number, country, type };
}

function tryParse(text: string, defaultCountry: string | undefined): PhoneNumber | undefined {
  const country = defaultCountry && isSupportedCountry(defaultCountry.toUpperCase()) ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  try {
    return parsePhoneNumberWithError(text, country ? { defaultCountry: country } : {});
  } catch (error) {
    if (error instanceof ParseError) return undefined;
    throw error;
  }
}

function describeType(type: DestinationType): string {
  return type === 'UNKNOWN' ? 'an unclassified range' : type.toLowerCase().replaceAll('_', ' ');
}

/**
 * Read a service's allow-list from config: `"US,CA"` → `['US', 'CA']`; empty or absent → `[fallback]`
 * (the deployment's own country). Throws on a code libphonenumber does not know.
 */
export function parseAllowedCountries(value: string | readonly string[] | undefined, fallback: string): CountryCode[] {
  const list = (typeof value === 'string' ? value.split(',') : (value ?? []))
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code.length > 0);
  const codes = list.length > 0 ? list : [fallback.trim().toUpperCase()];
  for (const code of codes) {
    if (!isSupportedCountry(code)) throw new RangeError(`"${code}" is not an ISO 3166-1 alpha-2 country with a numbering plan`);
  }
  return [...new Set(codes)] as CountryCode[];
}
