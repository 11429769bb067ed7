import { Readable } from 'node:stream';
/**
 * The Lambda handlers as deployed, end to end for one operational callout: DynamoDB is dynalite (through
 * AWS_ENDPOINT_URL_DYNAMODB, so the real DynamoDB adapters run — the SDK ones and the contact-flow Lambdas' signed
 * JSON ones), Connect, Step Functions, S3, SNS and EventBridge are aws-sdk-client-mock stubs that record what the
 * handlers asked of them; the contact-flow Lambdas' Step Functions calls (no SDK) go to a loopback stand-in through
 * AWS_ENDPOINT_URL_SFN. The workflow's steps are invoked in the order the state machine runs them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { ConnectClient, StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { referenceWorkbooks } from './support.ts';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CalloutRequested } from '@switchboard/shared/contracts';
import { ensureTables } from '@switchboard/shared/dynamo';
import { type LocalDynamoDb, startDynamoDb } from '@switchboard/shared/local';
import { mockClient } from 'aws-sdk-client-mock';
import { test } from 'uvu';
import { calloutsTables } from '../src/adapters/aws/tables.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const sfn = mockClient(SFNClient);
const connect = mockClient(ConnectClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const eventBridge = mockClient(EventBridgeClient);
let dynamo: LocalDynamoDb;
/** What the contact-flow Lambdas sent to Step Functions over the signed JSON client: x-amz-target and body. */
const sfnHttpCalls: { target: string; body: Record<string, string>; signed: boolean }[] = [];
let sfnHttp: Server;

const tableName = (def: { name: string }) => `switchboard-test-callouts-${def.name}`;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
/** The real-shaped Connect event (fixtures/connect/contact-flow-event.json) for this contact, block parameters and position. */
const contactEvent = (contactId: string, index: number, parameters: Record<string, string> = {}) => {
  const event = fixture('connect/contact-flow-event.json');
  event.Details.ContactData.ContactId = contactId;
  event.Details.ContactData.InitialContactId = contactId;
  event.Details.ContactData.Attributes.index = String(index);
  event.Details.Parameters = parameters;
  return event;
};

test.before(async () => {
  sfnHttp = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      sfnHttpCalls.push({
        target: String(req.headers['x-amz-target']),
        body: JSON.parse(text),
        signed: String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256'),
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => sfnHttp.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_SFN = `http://127.0.0.1:${(sfnHttp.address() as AddressInfo).port}`;
  dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  await ensureTables(dynamo.client, calloutsTables, tableName);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    STAGE: 'test',
    JOBS_TABLE: tableName({ name: 'jobs' }),
    RESULTS_TABLE: tableName({ name: 'results' }),
    CONTACTS_TABLE: tableName({ name: 'contacts' }),
    DO_NOT_CALL_TABLE: tableName({ name: 'do-not-call' }),
    ATTEMPTS_TABLE: tableName({ name: 'call-attempts' }),
    EVENT_BUS_NAME: 'switchboard-test',
    JOBS_BUCKET: 'jobs-bucket',
    REPORTS_BUCKET: 'reports-bucket',
    COMPLETION_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:completion',
    STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:callouts-job',
    CONNECT_INSTANCE_ID: 'i-1',
    CONNECT_CONTACT_FLOW_ID: 'flow-1',
    CONNECT_SOURCE_PHONE_NUMBER: '+15550100000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
  sfn.on(SendTaskSuccessCommand).resolves({});
  const contacts = new Map<string, string>();
  connect.on(StartOutboundVoiceContactCommand).callsFake((input: { ClientToken: string }) => {
    // Like Connect: the same ClientToken returns the same contact.
    if (!contacts.has(input.ClientToken)) contacts.set(input.ClientToken, `contact-${contacts.size + 1}`);
    return { ContactId: contacts.get(input.ClientToken) };
  });
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm1' });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
});

test.after(async () => {
  for (const mock of [sfn, connect, s3, sns, eventBridge]) mock.restore();
  await dynamo?.close();
  sfnHttp?.close();
});

test('one operational callout through every deployed handler, in workflow order', async () => {
  const envelope = CalloutRequested.envelope(
    {
      requestId: 'incident-7:call-1',
      purpose: 'operational',
      requestedBy: 'iot-triage',
      greeting: 'Fault at {{ site }}.',
      ending: 'Thank you.',
      questions: [{ type: 'OK', template: 'Say OK to acknowledge.' }],
      receivers: [{ receiverId: 'operator', phoneNumber: '+85291234567', attributes: { site: 'Tsuen Wan <B2>' } }],
      callbackContext: { incidentId: 'incident-7' },
    },
    { correlationId: 'incident-7' },
  );
  const busEvent = {
    version: '0',
    id: 'e',
    'detail-type': 'CalloutRequested',
    source: 'switchboard.callouts',
    account: '1',
    time: envelope.metadata.occurredAt,
    region: 'us-east-1',
    resources: [],
    detail: envelope,
  };

  // Intake (delivered twice: one execution, named from the job id without the ':' Step Functions refuses).
  const { handler: requested } = await import('../src/handlers/callout-requested.ts');
  await requested(busEvent);
  await requested(busEvent);
  const starts = sfn.commandCalls(StartExecutionCommand);
  assert.equal(starts.length, 1);
  assert.match(starts[0]!.args[0].input.name!, /^incident-7-call-1-[0-9a-f]{16}$/);
  assert.deepEqual(JSON.parse(starts[0]!.args[0].input.input!), { jobId: 'incident-7:call-1', round: 0 });

  // Round 0: one item, written to S3 for the Distributed Map.
  const { handler: plan } = await import('../src/handlers/plan-round.ts');
  const round = await plan({ jobId: 'incident-7:call-1', round: 0 });
  assert.deepEqual(round, { action: 'call', itemsKey: 'rounds/incident-7:call-1/0.json', count: 1 });
  const items = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === 'rounds/incident-7:call-1/0.json');
  assert.deepEqual(JSON.parse(String(items!.args[0].input.Body)), [{ jobId: 'incident-7:call-1', receiverId: 'operator' }]);

  const { handler: prepare } = await import('../src/handlers/prepare-attempt.ts');
  const step = (await prepare({ jobId: 'incident-7:call-1', receiverId: 'operator' })) as { kind: string; attempt: number; clientToken: string };
  assert.equal(step.kind, 'dialing');

  // Dial, delivered twice: Connect sees the same ClientToken, one contact.
  const { handler: dial } = await import('../src/handlers/dial.ts');
  const sqs = {
    Records: [
      {
        messageId: 'm1',
        body: JSON.stringify({ jobId: 'incident-7:call-1', receiverId: 'operator', attempt: 1, clientToken: step.clientToken, taskToken: 'token-1' }),
      },
    ],
  };
  assert.deepEqual(await dial(sqs as never), { batchItemFailures: [] });
  assert.deepEqual(await dial(sqs as never), { batchItemFailures: [] });
  const placed = connect.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input);
  assert.equal(new Set(placed.map((p) => p.ClientToken)).size, 1);
  assert.equal(placed[0]!.DestinationPhoneNumber, '+85291234567');
  assert.equal(placed[0]!.ContactFlowId, 'flow-1');
  assert.deepEqual(placed[0]!.Attributes, { jobId: 'incident-7:call-1', receiverId: 'operator', attempt: '1' });

  // The call, as the contact flow invokes its Lambdas.
  const { handler: start } = await import('../src/handlers/contact-flow-start-call.ts');
  const { handler: next } = await import('../src/handlers/contact-flow-next-question.ts');
  const { handler: record } = await import('../src/handlers/contact-flow-record-answer.ts');
  const { handler: end } = await import('../src/handlers/contact-flow-end-call.ts');
  const started = await start(contactEvent('contact-1', 0));
  assert.equal(started.greeting, '<speak>Fault at Tsuen Wan &lt;B2&gt;.</speak>');
  assert.equal(started.nextIndex, '1');
  const question = await next(contactEvent('contact-1', 1, { index: '1' }));
  assert.deepEqual([question.done, question.bot, question.question], ['false', 'choice', '<speak>Say OK to acknowledge.</speak>']);
  // Each question is a heartbeat for the waiting workflow, signed, with the attempt's task token.
  assert.deepEqual(sfnHttpCalls, [{ target: 'AWSStepFunctions.SendTaskHeartbeat', body: { taskToken: 'token-1' }, signed: true }]);
  const repeat = await record(contactEvent('contact-1', 1, { index: '1', tries: '0', intentName: 'RepeatIntent' }));
  assert.deepEqual([repeat.action, repeat.nextIndex], ['repeat', '1']);
  const answered = await record(contactEvent('contact-1', 1, { index: '1', tries: '1', intentName: 'OkIntent' }));
  assert.deepEqual([answered.action, answered.nextIndex, answered.answer], ['next', '2', 'OK']);
  assert.equal((await next(contactEvent('contact-1', 2, { index: '2' }))).done, 'true');
  assert.deepEqual(await end(contactEvent('contact-1', 2, { how: 'completed' })), { recorded: 'true', outcome: 'Completed' });
  // A broken event never throws at the caller: the flow gets an answer that moves it to its ending.
  assert.equal((await next({ nonsense: true })).done, 'true');

  // DISCONNECTED (twice): the task token is answered once, with the flow's outcome.
  const { handler: disconnected } = await import('../src/handlers/contact-disconnected.ts');
  const disconnect = fixture('connect/contact-disconnected.json');
  disconnect.detail.contactId = 'contact-1';
  await disconnected(disconnect);
  await disconnected(disconnect);
  const success = sfn.commandCalls(SendTaskSuccessCommand);
  assert.equal(success.length, 1);
  assert.equal(success[0]!.args[0].input.taskToken, 'token-1');
  const report = JSON.parse(success[0]!.args[0].input.output!);
  assert.equal(report.outcome, 'Completed');

  const { handler: apply } = await import('../src/handlers/apply-outcome.ts');
  assert.deepEqual(await apply({ report }), { kind: 'final', status: 'Completed' });
  const published = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries![0]!);
  const completedEvent = published.find((e) => e.DetailType === 'CalloutCompleted');
  const detail = JSON.parse(completedEvent!.Detail!);
  assert.deepEqual(
    detail.data.answers.map((a: { answer: string }) => a.answer),
    ['OK'],
  );
  assert.deepEqual(detail.data.callbackContext, { incidentId: 'incident-7' });

  assert.deepEqual(await plan({ jobId: 'incident-7:call-1', round: 1 }), { action: 'complete' });
  const { handler: complete } = await import('../src/handlers/complete-job.ts');
  assert.deepEqual(await complete({ jobId: 'incident-7:call-1' }), { completed: true, reportKey: 'reports/incident-7:call-1/report.xlsx' });
  const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
  assert.ok(keys.includes('reports/incident-7:call-1/report.xlsx') && keys.includes('reports/incident-7:call-1/report.json'));
  const message = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!);
  assert.match(message.report_url, /X-Amz-Expires=604800/);
  assert.ok(eventBridge.commandCalls(PutEventsCommand).some((c) => c.args[0].input.Entries![0]!.DetailType === 'CalloutJobCompleted'));
});

test('a workbook dropped in uploads/ becomes a job named after the file; the same upload again starts nothing', async () => {
  // The SDK's stream body, as far as the handler uses it.
  // In Node the SDK's Body is a Readable (IncomingMessage with the SDK's stream mixin).
  s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([readFileSync(referenceWorkbooks.callouts)]) as never }));
  const before = sfn.commandCalls(StartExecutionCommand).length;
  const { handler } = await import('../src/handlers/workbook-uploaded.ts');
  const upload = fixture('s3/object-created.json');
  await handler(upload as never);
  await handler(upload as never);
  const starts = sfn.commandCalls(StartExecutionCommand).slice(before);
  assert.equal(starts.length, 1);
  assert.deepEqual(JSON.parse(starts[0]!.args[0].input.input!), { jobId: 'book-report-reminder', round: 0 });
});

test.run();
