/** The REST API behind API Gateway (HTTP API, JWT authorizer on the Cognito user pool). */
import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import packageJson from '../../package.json' with { type: 'json' };
import { createApp } from '../api/app.ts';
import { awsRuntime } from '../aws-runtime.ts';

const { service, config } = awsRuntime();
if (!config.USER_POOL_ID || !config.USER_POOL_CLIENT_ID) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID are required for the API');

export const handler = lambdaHandler(
  createApp({ service, verifier: cognitoVerifier({ userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID }), version: packageJson.version }),
);
