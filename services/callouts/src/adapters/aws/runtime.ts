import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { createLogger } from '@switchboard/shared/logging';
import { createDynamoSpendLimiter } from '@switchboard/shared/limits';
import { parseAllowedCountries } from '@switchboard/shared/phone';
import { reportWorkbookBuffer } from '../excel/write-report-workbook.ts';
import { callLimits, config } from '../../config.ts';
import type { SessionDeps } from '../../domain/call-session.ts';
import type { CampaignDeps } from '../../domain/campaign.ts';
import type { CompletionDeps } from '../../domain/complete-job.ts';
import { ConnectDialer } from './connect-dialer.ts';
import { DynamoAttemptLog, DynamoDoNotCallList, DynamoJobStore, DynamoResultStore } from './dynamodb-stores.ts';
import { S3ReportStore } from './s3-objects.ts';
import { SnsCompletionNotifier } from './sns-notifier.ts';
import { StepFunctionsCallbacks, StepFunctionsJobStarter } from './step-functions.ts';

/**
 * The AWS wiring every Lambda of the service shares, built once per container on first use (clients are
 * reused across invocations; nothing is created at import time so a bundle that imports it stays testable).
 */
export const logger = createLogger({ service: 'callouts' });

let runtime: ReturnType<typeof build> | undefined;
export function awsRuntime() {
  runtime ??= build();
  return runtime;
}

function build() {
  const settings = config();
  const clock = { now: () => new Date() };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({});
  const sfn = new SFNClient({});
  const jobs = new DynamoJobStore(db, settings.JOBS_TABLE);
  const results = new DynamoResultStore(db, settings.RESULTS_TABLE, settings.CONTACTS_TABLE);
  const doNotCall = new DynamoDoNotCallList(db, settings.DO_NOT_CALL_TABLE);
  const bus = new EventBridgeBus({ busName: settings.EVENT_BUS_NAME });
  const reports = new S3ReportStore(s3, settings.REPORTS_BUCKET);
  const campaign: CampaignDeps = {
    jobs, results, doNotCall, attemptLog: new DynamoAttemptLog(db, settings.ATTEMPTS_TABLE), bus, clock,
    maxAttemptsPer24h: settings.MAX_ATTEMPTS_PER_24H, maxDeferralMs: settings.MAX_DEFERRAL_HOURS * 3_600_000,
    allowedCountries: parseAllowedCountries(settings.ALLOWED_COUNTRIES, 'US'),
  };
  const callbacks = new StepFunctionsCallbacks(sfn);
  const session: SessionDeps = { jobs, results, doNotCall, callbacks, clock };
  const completion: CompletionDeps = {
    jobs, results, bus, clock, reports, renderWorkbook: reportWorkbookBuffer, reportLinkSeconds: settings.REPORT_LINK_SECONDS,
    notifier: new SnsCompletionNotifier(new SNSClient({}), settings.COMPLETION_TOPIC_ARN),
  };
  const spendLimiter = settings.SPEND_LIMITS_TABLE
    ? createDynamoSpendLimiter({ client: db, tableName: settings.SPEND_LIMITS_TABLE, limits: callLimits(settings) })
    : undefined;
  return {
    settings, s3, campaign, session, completion, reports, spendLimiter,
    starter: new StepFunctionsJobStarter(sfn, settings.STATE_MACHINE_ARN),
    get dialer() {
      if (!settings.CONNECT_CONTACT_FLOW_ID) throw new Error('CONNECT_CONTACT_FLOW_ID is required to place calls');
      return new ConnectDialer(new ConnectClient({}), {
        instanceId: settings.CONNECT_INSTANCE_ID, contactFlowId: settings.CONNECT_CONTACT_FLOW_ID, sourcePhoneNumber: settings.CONNECT_SOURCE_PHONE_NUMBER,
      });
    },
  };
}

