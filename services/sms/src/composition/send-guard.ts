/** The guard of the functions that offer texts: the toll-fraud guard on the allow-list, and the daily spend limits. */
import { ConditionalSpendCounterStore, createSpendLimiter } from '@switchboard/shared/limits-core';
import { parseAllowedCountries } from '@switchboard/shared/phone-guard';
import type { DocumentStore } from '../adapters/aws/dynamodb-document-store.ts';
import { createSendGuard } from '../application/send-guard.ts';
import type { HandlerEnv } from '../config.ts';
import type { SendGuard } from '../domain/ports.ts';

type GuardEnv = Pick<
  HandlerEnv<'deflection-requested'>,
  'ALLOWED_COUNTRIES' | 'DEFAULT_COUNTRY' | 'SPEND_LIMITS_TABLE' | 'TEXTS_PER_USER_PER_DAY' | 'TEXTS_PER_STAGE_PER_DAY'
>;

export function sendGuard(env: GuardEnv, store: DocumentStore): SendGuard {
  return createSendGuard({
    allowedCountries: parseAllowedCountries(env.ALLOWED_COUNTRIES, env.DEFAULT_COUNTRY),
    defaultCountry: env.DEFAULT_COUNTRY,
    ...(env.SPEND_LIMITS_TABLE
      ? {
          limiter: createSpendLimiter({
            store: new ConditionalSpendCounterStore((input) => store.update(input), env.SPEND_LIMITS_TABLE),
            // Calls are not sms's to count; the kit's limiter takes both kinds.
            limits: { calls: { perUser: 1, perStage: 1 }, texts: { perUser: env.TEXTS_PER_USER_PER_DAY, perStage: env.TEXTS_PER_STAGE_PER_DAY } },
          }),
        }
      : {}),
  });
}
