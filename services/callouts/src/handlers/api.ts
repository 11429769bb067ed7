import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import { awsRuntime } from '../adapters/aws/runtime.ts';
import { createApp } from '../api/app.ts';

/** The REST API behind API Gateway (HTTP API, JWT authorizer); the app re-checks the token. */
let app: ReturnType<typeof createApp> | undefined;
export const handler = (event: Parameters<ReturnType<typeof lambdaHandler>>[0], context: Parameters<ReturnType<typeof lambdaHandler>>[1]) => {
  const runtime = awsRuntime();
  const { USER_POOL_ID, USER_POOL_CLIENT_ID } = runtime.settings;
  if (!USER_POOL_ID || !USER_POOL_CLIENT_ID) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID are required for the API');
  app ??= createApp({
    verifier: cognitoVerifier({ userPoolId: USER_POOL_ID, clientId: USER_POOL_CLIENT_ID }),
    campaign: runtime.campaign, starter: runtime.starter, reports: runtime.reports, reportLinkSeconds: runtime.settings.REPORT_LINK_SECONDS,
  });
  return lambdaHandler(app)(event, context);
};
