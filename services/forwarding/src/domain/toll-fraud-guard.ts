/**
 * The toll-fraud guard. A forward makes the platform place an outbound PSTN call that the account pays for, so a
 * forward to a premium-rate or far-away number turns every inbound call into revenue for whoever owns that number.
 * Each rule has a stable name: the API answers 422 with it, the README lists them, tests refer to them.
 */
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

export interface GuardViolation {
  rule: GuardRule;
  /** Index of the offending destination, when one is at fault. */
  index?: number;
  message: string;
}

export type GuardResult = { ok: true; destinations: Destination[] } | { ok: false; violations: GuardViolation[] };

export interface ClassifiedNumber {
  e164: string;
  country: string | undefined;
  type: NumberType | undefined;
}

/** Strict: only canonical E.164 that libphonenumber considers valid. National formats are refused, not guessed. */
export function classifyNumber(input: string): ClassifiedNumber | undefined {
  if (!e164Pattern.test(input)) return undefined;
  const parsed = parsePhoneNumberFromString(input);
  if (!parsed || !parsed.isValid() || parsed.number !== input) return undefined;
  return { e164: parsed.number, country: parsed.country, type: parsed.getType() };
}

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
  const allowedCountries = policy.allowedCountries.length > 0 ? policy.allowedCountries : [countryOf(forwardedNumber)].filter(Boolean);
  const seen = new Set<string>();
  destinations.forEach((destination, index) => {
    const classified = classifyNumber(destination.number);
    if (!classified) {
      violations.push({ rule: guardRules.format, index, message: `destination ${index + 1} is not a valid E.164 phone number` });
      return;
    }
    if (classified.e164 === forwardedNumber) {
      violations.push({ rule: guardRules.loop, index, message: `destination ${index + 1} is the forwarded number itself` });
    }
    if (seen.has(classified.e164)) {
      violations.push({ rule: guardRules.duplicate, index, message: `destination ${index + 1} repeats an earlier destination` });
    }
    seen.add(classified.e164);
    if (!classified.country || !allowedCountries.includes(classified.country)) {
      violations.push({
        rule: guardRules.country,
        index,
        message: `destination ${index + 1} is in ${classified.country ?? 'an unknown country'}; allowed: ${allowedCountries.join(', ') || 'none'}`,
      });
    }
    if (!classified.type || !policy.allowedNumberTypes.includes(classified.type)) {
      violations.push({
        rule: guardRules.numberType,
        index,
        message: `destination ${index + 1} is a ${describeType(classified.type)} number, which cannot be a forward destination`,
      });
    }
  });
  return violations.length > 0 ? { ok: false, violations } : { ok: true, destinations: [...destinations] };
}

function describeType(type: NumberType | undefined): string {
  return type ? type.toLowerCase().replaceAll('_', '-') : 'unclassifiable';
}
