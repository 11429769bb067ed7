/** The API function (API Gateway HTTP API, JWT authorizer): the whole service, the FAQ bot publisher and Cognito. */
import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import packageJson from '../../package.json' with { type: 'json' };
import { createApp } from '../api/app.ts';
import { loadHandlerEnv } from '../config.ts';
import { awsClients, conversationService, storeParts } from './aws.ts';
import { sendGuard } from './send-guard.ts';
import { faqBotPublisher } from './lex-models.ts';
import { phoneValidator } from './phone-validation.ts';

const env = loadHandlerEnv('api');
const clients = awsClients();
const publisher = faqBotPublisher(env, clients);
const service = conversationService(env, clients, {
  publisher,
  phoneValidator: phoneValidator(env, clients),
  guard: sendGuard(env, storeParts(env, clients).store),
});

export const api = lambdaHandler(
  createApp({
    service: { ...service, publisher },
    verifier: cognitoVerifier({ userPoolId: env.USER_POOL_ID, clientId: env.USER_POOL_CLIENT_ID }),
    version: packageJson.version,
  }),
);
