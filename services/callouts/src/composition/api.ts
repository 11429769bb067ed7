/**
 * api: the REST API behind API Gateway (HTTP API, JWT authorizer; the app checks the token again and enforces the
 * route access table). Intake (JSON and uploaded workbooks — the streaming reader, not exceljs), progress, report
 * links (S3 presigning), the do-not-call list and the daily call ceilings.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { cognitoVerifier, lambdaHandler } from '@switchboard/shared/http';
import { createDynamoSpendLimiter } from '@switchboard/shared/limits';
import { S3ReportStore } from '../adapters/aws/s3-objects.ts';
import { StepFunctionsJobStarter } from '../adapters/aws/step-functions.ts';
import { createApp } from '../api/app.ts';
import { callLimits, loadHandlerEnv, type HandlerEnv } from '../config.ts';
import { campaignDeps, documentClient } from './aws-parts.ts';

export function apiHandler(env: HandlerEnv<'api'> = loadHandlerEnv('api')) {
  const db = documentClient();
  const spendLimiter = env.SPEND_LIMITS_TABLE
    ? createDynamoSpendLimiter({ client: db, tableName: env.SPEND_LIMITS_TABLE, limits: callLimits(env) })
    : undefined;
  return lambdaHandler(
    createApp({
      verifier: cognitoVerifier({ userPoolId: env.USER_POOL_ID, clientId: env.USER_POOL_CLIENT_ID }),
      campaign: campaignDeps(env, db),
      starter: new StepFunctionsJobStarter(new SFNClient({}), env.STATE_MACHINE_ARN),
      reports: new S3ReportStore(new S3Client({}), env.REPORTS_BUCKET),
      reportLinkSeconds: env.REPORT_LINK_SECONDS,
      ...(spendLimiter ? { spendLimiter } : {}),
    }),
  );
}
