/**
 * The deflection-requested function: only the offer — the number check, opt-outs, the conversation and the offer
 * text, failure reports on the bus. No chat, no bot, no token key.
 */
import { createDeflectionRequestedHandler } from '../application/deflection-requested-handler.ts';
import { loadHandlerEnv } from '../config.ts';
import { awsClients, busEvents, log, sendingParts, storeParts } from './aws.ts';
import { phoneValidator } from './phone-validation.ts';
import { sendGuard } from './send-guard.ts';
import { buildDeflectionOffers } from './sms-service.ts';

const env = loadHandlerEnv('deflection-requested');
const clients = awsClients();
const stores = storeParts(env, clients);
const offers = buildDeflectionOffers({
  ...stores,
  guard: sendGuard(env, stores.store),
  ...sendingParts(env, clients),
  events: busEvents(env, clients),
  phoneValidator: phoneValidator(env, clients),
  log,
  options: { maxOfferAttempts: env.MAX_OFFER_ATTEMPTS },
});

export const deflectionRequested = createDeflectionRequestedHandler(() => ({ requestDeflection: (request) => offers.request(request) }), log);
