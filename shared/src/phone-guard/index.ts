/**
 * `@switchboard/shared/phone-guard`: the toll-fraud guard alone (`checkDestination`, `parseAllowedCountries`),
 * for handlers a caller waits on (the SIP media application re-checks every number it bridges): the same code as
 * `@switchboard/shared/phone`, without that module's classic zod schemas, which would add ~100 KB to the bundle; and the one E.164 syntax check.
 */
export * from '../phone/destination.ts';
export { isE164, e164Pattern, e164Message } from '../phone/e164.ts';
