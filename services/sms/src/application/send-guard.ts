/**
 * The SendGuard of the functions that offer texts: the platform's one toll-fraud guard (`checkDestination`, purpose
 * text: premium rate, shared cost, satellite and international networks, short codes, embargoed destinations and
 * countries outside the allow-list are refused) and the spend limits (texts per requester and per stage per UTC day).
 */
import { checkDestination } from '@switchboard/shared/phone-guard';
import type { SendGuard, SpendRefusal } from '../domain/ports.ts';

export interface SpendLimiterLike {
  consume(request: { kind: 'calls' | 'texts'; userId: string; count?: number }): Promise<{ allowed: true } | SpendRefusal>;
}

export function createSendGuard(options: { allowedCountries: readonly string[]; defaultCountry?: string; limiter?: SpendLimiterLike }): SendGuard {
  return {
    async check({ phoneNumber, requestedBy }) {
      const destination = checkDestination(phoneNumber, {
        allowedCountries: options.allowedCountries,
        purpose: 'text',
        ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
      });
      if (!destination.ok) return { ok: false, reason: 'refused-destination', detail: `${phoneNumber} ${destination.message} (${destination.code})` };
      if (options.limiter) {
        const spent = await options.limiter.consume({ kind: 'texts', userId: requestedBy });
        if (!spent.allowed) {
          return {
            ok: false,
            reason: 'rate-limited',
            detail: `the ${spent.limit.scope === 'user' ? 'requester' : 'stage'} reached its limit of ${spent.limit.max} texts per day (resets ${spent.limit.resetsAt})`,
            retryAfterSeconds: spent.retryAfterSeconds,
            refusal: spent,
          };
        }
      }
      return { ok: true };
    },
  };
}
