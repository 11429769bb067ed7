/**
 * Building blocks of the per-handler compositions. Each composition builds only the adapters its Lambda uses, so
 * a bundle carries only the SDK clients it calls: this module holds the ones nearly every workflow function
 * shares (DynamoDB stores, the bus, the logger). The contact-flow Lambdas use none of it (contact-flow-parts.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { createLogger } from '@switchboard/shared/logging';
import { parseAllowedCountries } from '@switchboard/shared/phone';
import { DynamoAttemptLog, DynamoDoNotCallList, DynamoJobStore, DynamoResultStore } from '../adapters/aws/dynamodb-stores.ts';
import type { CampaignDeps } from '../domain/campaign.ts';
import type { Clock } from '../domain/ports.ts';
import type { HandlerEnv } from '../config.ts';

export const logger = createLogger({ service: 'callouts' });
export const clock: Clock = { now: () => new Date() };

export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

/** The campaign ports over DynamoDB and EventBridge, with the calling rules from the function's environment. */
export function campaignDeps(
  env: HandlerEnv<'prepare-attempt'> & { CONTACTS_TABLE?: string },
  db: DynamoDBDocumentClient = documentClient(),
): CampaignDeps {
  return {
    jobs: new DynamoJobStore(db, env.JOBS_TABLE),
    // Only the dial function links contacts: the others are given no contacts table.
    results: new DynamoResultStore(db, env.RESULTS_TABLE, env.CONTACTS_TABLE),
    doNotCall: new DynamoDoNotCallList(db, env.DO_NOT_CALL_TABLE),
    attemptLog: new DynamoAttemptLog(db, env.ATTEMPTS_TABLE),
    bus: new EventBridgeBus({ busName: env.EVENT_BUS_NAME }),
    clock,
    maxAttemptsPer24h: env.MAX_ATTEMPTS_PER_24H,
    maxDeferralMs: env.MAX_DEFERRAL_HOURS * 3_600_000,
    allowedCountries: parseAllowedCountries(env.ALLOWED_COUNTRIES, 'US'),
  };
}
