/**
 * Phone numbers: parse anything a caller, an Excel job or an API client typed into E.164, with the
 * country and the number type (mobile, fixed line, toll free, …) from libphonenumber's full metadata
 * (`/max`: types need it), validate E.164, and mask numbers for logs.
 */
import {
  ParseError,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import * as z from 'zod';
import { isE164 } from './e164.ts';

export type { CountryCode };
export {
  checkDestination,
  normaliseDialString,
  parseAllowedCountries,
  embargoedDestinations,
  internationalNetworkCodes,
  defaultCallTypes,
  defaultTextTypes,
  type DestinationCheck,
  type DestinationPolicy,
  type DestinationPurpose,
  type DestinationRefusalCode,
  type DestinationType,
  type EmbargoRule,
} from './destination.ts';

/** The number's line type; `UNKNOWN` when the metadata cannot tell (valid but unclassified ranges). */
export type PhoneNumberType = NonNullable<NumberType> | 'UNKNOWN';

export type PhoneNumberFailure =
  /** Empty, or no digits that could be a number ("call me", "n/a"). */
  | 'not-a-number'
  /** No `+` country code and no (or an unknown) default country to read it in. */
  | 'invalid-country'
  | 'too-short'
  | 'too-long'
  /** Length fits neither a shorter nor a longer number of that country. */
  | 'invalid-length'
  /** Right length but no number range of the region has it (e.g. `+1 555 123 4567`, a fictional 555 number). */
  | 'invalid-for-region';

export type ParsedPhoneNumber =
  | {
      ok: true;
      /** `+14155552671` */
      e164: string;
      /** ISO 3166-1 alpha-2 region, e.g. `US`; undefined for non-geographic numbers (+800, +882 …). */
      country: CountryCode | undefined;
      type: PhoneNumberType;
      /** National format for display, e.g. `(415) 555-2671`. */
      national: string;
      /** International format for display, e.g. `+1 415 555 2671`. */
      international: string;
    }
  | { ok: false; reason: PhoneNumberFailure; message: string };

export interface ParsePhoneNumberOptions {
  /** The country to read numbers without `+` in (e.g. from the SMA's `Country` or a job's config). */
  defaultCountry?: CountryCode | string;
}

const failureMessages: Record<PhoneNumberFailure, string> = {
  'not-a-number': 'is not a phone number',
  'invalid-country': 'has no country code (start with +) and no known default country was given',
  'too-short': 'is too short',
  'too-long': 'is too long',
  'invalid-length': 'has a length no number of its country has',
  'invalid-for-region': 'is not a valid number in its region',
};

function failure(reason: PhoneNumberFailure, input: string): ParsedPhoneNumber {
  return { ok: false, reason, message: `${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)} ${failureMessages[reason]}` };
}

const parseErrorReasons: Record<string, PhoneNumberFailure> = {
  NOT_A_NUMBER: 'not-a-number',
  INVALID_COUNTRY: 'invalid-country',
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'invalid-length',
};

const lengthReasons: Record<string, PhoneNumberFailure> = {
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'invalid-length',
  INVALID_COUNTRY: 'invalid-country',
  NOT_A_NUMBER: 'not-a-number',
};

/**
 * Parse and validate a phone number. Never throws: the result says why a number was refused.
 * Accepts E.164, international (`+44 20 7946 0958`, `0044…` is not accepted — use `+`) and national
 * formats with the default country, including the `tel:` URI and SIP-style `sip:+1555…@host` user part.
 */
export function parsePhoneNumber(input: string, options: ParsePhoneNumberOptions = {}): ParsedPhoneNumber {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw.length === 0 || raw.length > 250) return failure('not-a-number', raw);
  const text = stripUriScheme(raw);
  const defaultCountry =
    options.defaultCountry && isSupportedCountry(options.defaultCountry.toUpperCase())
      ? (options.defaultCountry.toUpperCase() as CountryCode)
      : undefined;

  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, defaultCountry ? { defaultCountry } : {});
  } catch (error) {
    if (error instanceof ParseError) return failure(parseErrorReasons[error.message] ?? 'not-a-number', raw);
    throw error;
  }
  if (!phone.isValid()) {
    const lengthProblem = validatePhoneNumberLength(text, defaultCountry ? { defaultCountry } : {});
    return failure(lengthProblem ? (lengthReasons[lengthProblem] ?? 'invalid-length') : 'invalid-for-region', raw);
  }
  return {
    ok: true,
    e164: phone.number,
    country: phone.country,
    type: phone.getType() ?? 'UNKNOWN',
    national: phone.formatNational(),
    international: phone.formatInternational(),
  };
}

/** `tel:+1-555…`, `sip:+1555…@10.0.0.1:5060` and `sips:` → the number part. */
function stripUriScheme(text: string): string {
  const uri = /^(?:tel|sips?):([^@;]+)/i.exec(text);
  return uri?.[1] ?? text;
}

export { isE164, e164Pattern, e164Message } from './e164.ts';

/** True when `value` is in E.164 form and is a valid number of its region. */
export function isValidE164(value: unknown): value is string {
  if (!isE164(value)) return false;
  const parsed = parsePhoneNumber(value);
  return parsed.ok && parsed.e164 === value;
}

/**
 * Mask a number for logs: keep the country calling code, the first digits of the national number
 * (area or operator code, so support can still tell numbers apart) and the last 4 digits.
 * `+15551234567` → `+1555***4567`. At least 3 digits are always hidden; numbers too short for that
 * keep only the country code and the last 2. Non-numbers are masked entirely.
 */
export function maskPhoneNumber(value: string | undefined | null): string {
  return maskPhone(value);
}

/** `maskPhoneNumber` under the kit's short name. */
export function maskPhone(value: string | undefined | null): string {
  if (!value) return '';
  const number = stripUriScheme(value.trim());
  const digits = number.replace(/\D/g, '');
  if (digits.length < 4) return '*'.repeat(Math.max(digits.length, 3));
  const international = number.startsWith('+');
  const countryCode = international ? callingCodeOf(digits) : '';
  const national = digits.slice(countryCode.length);
  const prefix = international ? `+${countryCode}` : '';
  if (national.length >= 10) {
    return `${prefix}${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;
  }
  if (national.length >= 7) {
    return `${prefix}${'*'.repeat(national.length - 4)}${national.slice(-4)}`;
  }
  return `${prefix}${'*'.repeat(Math.max(national.length - 2, 1))}${national.slice(-2)}`;
}

/** Calling codes are 1–3 digits and prefix-free (ITU E.164), so the first match is the answer. */
const knownCallingCodes = new Set<string>();
function callingCodeOf(digits: string): string {
  if (knownCallingCodes.size === 0) {
    for (const region of supportedRegions()) knownCallingCodes.add(getCountryCallingCode(region));
    for (const nonGeographic of ['800', '808', '870', '878', '881', '882', '883', '888', '979']) knownCallingCodes.add(nonGeographic);
  }
  for (const length of [1, 2, 3]) {
    const candidate = digits.slice(0, length);
    if (knownCallingCodes.has(candidate)) return candidate;
  }
  return digits.slice(0, 1);
}

function supportedRegions(): CountryCode[] {
  // Every ISO alpha-2 pair: cheaper than importing the metadata's country list and it runs once.
  const regions: CountryCode[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (isSupportedCountry(code)) regions.push(code);
    }
  }
  return regions;
}

/**
 * zod schema of an E.164 number (syntax: `+`, country code, at most 15 digits). Use it in request
 * bodies, event contracts and config: `destination: e164Schema`. It does not check number ranges,
 * because events and jobs carry numbers from every country and fictional test ranges; use
 * `dialableE164Schema` where the number is about to be dialled or texted.
 */
// The schemas are built in pure IIFEs so a bundle that imports only the guard or the masks drops classic zod.
export const e164Schema = /* @__PURE__ */ (() =>
  z
    .string()
    .refine(isE164, {
      message: 'Must be an E.164 phone number: + then the country code and number, digits only, at most 15 (e.g. +14155552671)',
    })
    .meta({ description: 'E.164 phone number', examples: ['+14155552671'] }))();

/** E.164 and a valid number in its region (libphonenumber's full metadata). */
export const dialableE164Schema = /* @__PURE__ */ (() =>
  z
    .string()
    .refine(isE164, {
      message: 'Must be an E.164 phone number: + then the country code and number, digits only, at most 15 (e.g. +14155552671)',
      abort: true,
    })
    .refine(isValidE164, { message: 'Is not a valid phone number in its country' }))();

/** Accepts any format in the given default country and outputs E.164; refuses with the parse reason. */
export function phoneNumberSchema(options: ParsePhoneNumberOptions = {}) {
  return z.string().transform((value, ctx) => {
    const parsed = parsePhoneNumber(value, options);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `Phone number ${parsed.message}`, params: { reason: parsed.reason } });
      return z.NEVER;
    }
    return parsed.e164;
  });
}
