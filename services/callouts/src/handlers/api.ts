import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import { awsRuntime } from '../adapters/aws/runtime.ts';
import { createApp } from '../api/app.ts';

/** The REST API behind API Gateway (HTTP API, JWT authorizer); the app re-checks the token. */
type Handler = ReturnType<typeof lambdaHandler>;
let handle: Handler | undefined;
export const handler = (event: Parameters<Handler>[0], context: Parameters<Handler>[1]) => {
  if (!handle) {
    const runtime = awsRuntime();
    const { USER_POOL_ID, USER_POOL_CLIENT_ID } = runtime.settings;
    if (!USER_POOL_ID || !USER_POOL_CLIENT_ID) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID are required for the API');
    handle = lambdaHandler(createApp({
      verifier: cognitoVerifier({ userPoolId: USER_POOL_ID, clientId: USER_POOL_CLIENT_ID }),
      campaign: runtime.campaign, starter: runtime.starter, reports: runtime.reports, reportLinkSeconds: runtime.settings.REPORT_LINK_SECONDS,
      ...(runtime.spendLimiter ? { spendLimiter: runtime.spendLimiter } : {}),
    }));
  }
  return handle(event, context);
};
