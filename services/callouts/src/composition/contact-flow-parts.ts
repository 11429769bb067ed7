/**
 * What the four contact-flow Lambdas share: the call's session ports over the kit's signed JSON client (DynamoDB,
 * Step Functions) — no SDK client, no Excel, S3 or Connect code — and the logger. A callee is on the line while
 * these cold-start: shared/KIT.md, "Bundle budgets" (≤ 400 KiB).
 */
import { endpointFor, JsonServiceClient } from '@switchboard/shared/aws-http';
import { createLogger } from '@switchboard/shared/logging';
import { HttpCallResults, HttpDoNotCallWriter, HttpDynamoDocuments, HttpJobReader } from '../adapters/aws/dynamodb-session-http.ts';
import { HttpStepFunctionsCallbacks } from '../adapters/aws/step-functions-http.ts';
import type { SessionDeps } from '../domain/call-session.ts';
import { loadHandlerEnv, type HandlerEnv } from '../config.ts';

export const logger = createLogger({ service: 'callouts' });

type ContactFlowHandler = 'contact-flow-start-call' | 'contact-flow-next-question' | 'contact-flow-record-answer' | 'contact-flow-end-call';

export function sessionDeps(
  handler: ContactFlowHandler,
  env: HandlerEnv<ContactFlowHandler> = loadHandlerEnv(handler),
  processEnv: Record<string, string | undefined> = process.env,
): SessionDeps {
  const region = processEnv.AWS_REGION ?? 'us-east-1';
  const client = (service: string, serviceId: string, host: string) =>
    new JsonServiceClient({ service, region, endpoint: endpointFor(serviceId, `${host}.${region}.amazonaws.com`, processEnv) });
  const documents = new HttpDynamoDocuments(client('dynamodb', 'DYNAMODB', 'dynamodb'));
  return {
    jobs: new HttpJobReader(documents, env.JOBS_TABLE),
    results: new HttpCallResults(documents, env.RESULTS_TABLE, env.CONTACTS_TABLE),
    doNotCall: new HttpDoNotCallWriter(documents, env.DO_NOT_CALL_TABLE),
    callbacks: new HttpStepFunctionsCallbacks(client('states', 'SFN', 'states')),
    clock: { now: () => new Date() },
  };
}
