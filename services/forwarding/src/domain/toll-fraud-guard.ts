/**
 * The toll-fraud guard for forwards. A forward makes the platform place an outbound PSTN call that the account pays
 * for, so a forward to a premium-rate or far-away number turns every inbound call into revenue for whoever owns that
 * number. Each number passes the platform's one guard (`checkDestination` from `@switchboard/shared/phone-guard`:
 * number kinds, satellite networks, embargoed destinations, the country allow-list); the forward-specific rules
 * (count, loop, duplicate) are checked here. Each rule has a stable name: the API answers 422 with it, the README lists
 * them, tests refer to them.
 */
import { checkDestination, type DestinationRefusalCode } from '@switchboard/shared/phone-guard';
import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';
import { e164Pattern, type Destination } from './forward.ts';

export const guardRules = {
  /** Not an E.164 string ("+" and digits) or not a number that exists in the numbering plan. */
  format: 'destination-format',
  /** The destination's country is not in the stage's allowed list (default: the forwarded number's own country). */
  country: 'destination-country',
  /** Premium rate, shared cost, personal numbers, pagers, UAN, voicemail access, unknown type… */
  numberType: 'destination-number-type',
  /** More destinations than the stage allows (5). */
  count: 'destination-count',
  /** Forwarding a number to itself rings the same forward again: a loop that bills every leg. */
  loop: 'destination-loop',
  /** The same destination twice only rings it twice. */
  duplicate: 'destination-duplicate',
} as const;
export type GuardRule = (typeof guardRules)[keyof typeof guardRules];

/** The libphonenumber types a forward may reach. Everything else (and an unknown type) is refused. */
export const defaultAllowedNumberTypes: readonly NumberType[] = ['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE'];

export interface GuardPolicy {
  /** ISO 3166 alpha-2 codes; empty means "the forwarded number's own country only". */
  allowedCountries: readonly string[];
  allowedNumberTypes: readonly NumberType[];
  maxDestinations: number;
}

export const defaultGuardPolicy: GuardPolicy = {
  allowedCountries: [],
  allowedNumberTypes: defaultAllowedNumberTypes,
  maxDestinations: 5,
};

/** The policy from a function's settings (`ALLOWED_COUNTRIES`, `MAX_DESTINATIONS`): the API and the SMA read the same. */
export function guardPolicy(settings: { ALLOWED_COUNTRIES: readonly string[]; MAX_DESTINATIONS: number }): GuardPolicy {
  return {
    allowedCountries: [...settings.ALLOWED_COUNTRIES],
    allowedNumberTypes: defaultAllowedNumberTypes,
    maxDestinations: settings.MAX_DESTINATIONS,
  };
}

export interface GuardViolation {
  rule: GuardRule;
  /** Index of the offending destination, when one is at fault. */
  index?: number;
  message: string;
}

export type GuardResult = { ok: true; destinations: Destination[] } | { ok: false; violations: GuardViolation[] };

/** The country a forwarded number belongs to (for the default allow-list). */
export function countryOf(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/** Checks every destination against every rule and reports all violations, not just the first. */
export function checkDestinations(
  forwardedNumber: string,
  destinations: readonly Destination[],
  policy: GuardPolicy = defaultGuardPolicy,
): GuardResult {
  const violations: GuardViolation[] = [];
  if (destinations.length > policy.maxDestinations) {
    violations.push({
      rule: guardRules.count,
      message: `at most ${policy.maxDestinations} destinations are allowed, ${destinations.length} were given`,
    });
  }
  const allowedCountries =
    policy.allowedCountries.length > 0
      ? policy.allowedCountries
      : [countryOf(forwardedNumber)].filter((country): country is string => country !== undefined);
  const seen = new Set<string>();
  destinations.forEach((destination, index) => {
    // Strict: only canonical E.164; national formats are refused, not guessed.
    if (!e164Pattern.test(destination.number)) {
      violations.push({ rule: guardRules.format, index, message: `destination ${index + 1} is not a valid E.164 phone number` });
      return;
    }
    const checked =
      allowedCountries.length > 0
        ? checkDestination(destination.number, {
            allowedCountries,
            allowedTypes: policy.allowedNumberTypes.filter((type): type is NonNullable<NumberType> => type !== undefined),
            purpose: 'call',
          })
        : undefined;
    if (checked && !checked.ok && sharedCodeRules[checked.code] === guardRules.format) {
      violations.push({ rule: guardRules.format, index, message: `destination ${index + 1} is not a valid E.164 phone number` });
      return;
    }
    if (checked?.ok && checked.e164 !== destination.number) {
      violations.push({ rule: guardRules.format, index, message: `destination ${index + 1} is not a valid E.164 phone number` });
      return;
    }
    if (destination.number === forwardedNumber) {
      violations.push({ rule: guardRules.loop, index, message: `destination ${index + 1} is the forwarded number itself` });
    }
    if (seen.has(destination.number)) {
      violations.push({ rule: guardRules.duplicate, index, message: `destination ${index + 1} repeats an earlier destination` });
    }
    seen.add(destination.number);
    if (!checked) {
      violations.push({
        rule: guardRules.country,
        index,
        message: `destination ${index + 1}: the forwarded number has no country, so no destination country is allowed`,
      });
    } else if (!checked.ok) {
      violations.push({ rule: sharedCodeRules[checked.code], index, message: `destination ${index + 1}: ${checked.message}` });
    }
  });
  return violations.length > 0 ? { ok: false, violations } : { ok: true, destinations: [...destinations] };
}

/** The shared guard's refusal codes → this API's rule names (kept stable for clients). */
const sharedCodeRules: Record<DestinationRefusalCode, GuardRule> = {
  'invalid-number': guardRules.format,
  'missing-country-code': guardRules.format,
  extension: guardRules.format,
  'short-code': guardRules.format,
  'international-network': guardRules.country,
  'embargoed-destination': guardRules.country,
  'country-not-allowed': guardRules.country,
  'premium-rate': guardRules.numberType,
  'shared-cost': guardRules.numberType,
  uan: guardRules.numberType,
  'personal-number': guardRules.numberType,
  'not-textable': guardRules.numberType,
  'number-type-not-allowed': guardRules.numberType,
};
