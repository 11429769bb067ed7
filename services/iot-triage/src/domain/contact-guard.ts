/**
 * Site contacts pass the platform's one toll-fraud guard: when the site record is saved, and again before each call
 * (a record stored before the guard, or an allow-list narrowed since, must not be dialled).
 */
import { checkDestination } from '@switchboard/shared/phone';
import type { ContactCheck } from './triage-decisions.ts';

export function contactGuard(allowedCountries: readonly string[]): ContactCheck {
  return (contact) => {
    const checked = checkDestination(contact.phoneNumber, { allowedCountries, purpose: 'call' });
    return checked.ok ? undefined : `${checked.code}: ${checked.message}`;
  };
}
