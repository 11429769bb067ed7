/**
 * The Lambda handlers as deployed: environment → config → runtime, DynamoDB on dynalite (AWS_ENDPOINT_URL_DYNAMODB),
 * EventBridge, SES and IoT Data mocked at the SDK (no local stand-ins for them in a Lambda), fed real-shaped events:
 * the errors rule's output, an SQS batch from the telemetry rule, CalloutCompleted from the bus, the scheduler tick.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { IoTDataPlaneClient, PublishCommand } from '@aws-sdk/client-iot-data-plane';
import type { SQSEvent } from 'aws-lambda';
import { ensureTables } from '@switchboard/shared/dynamo';
import { CalloutCompleted } from '@switchboard/shared/contracts';
import { devicesTable, iotTriageTables, runbookTable } from '../src/adapters/tables.ts';
import { DynamoRunbookStore } from '../src/adapters/aws/dynamodb-runbook.ts';
import { DynamoDeviceRepository } from '../src/adapters/aws/dynamodb-devices.ts';
import { DynamoIncidentRepository } from '../src/adapters/aws/dynamodb-incidents.ts';
import { parseTroubleshootingGuide } from '../src/domain/runbook.ts';
import { seedDevices } from '../src/domain/device-seed.ts';
import { guideText, seedItems, startDynamo } from './support/harness.ts';

type Context = { dynamo: Awaited<ReturnType<typeof startDynamo>> };
const handlers = suite<Context>('handlers', {} as Context);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
// Class-level mocks, created in before() and restored in after(): other test files share this process.
const mocks = () => ({ events: mockClient(EventBridgeClient), ses: mockClient(SESv2Client), iot: mockClient(IoTDataPlaneClient) });
let events: ReturnType<typeof mocks>['events'];
let ses: ReturnType<typeof mocks>['ses'];
let iot: ReturnType<typeof mocks>['iot'];
const saved = { ...process.env };
const prefix = `h-${process.pid}`;
let documents: () => Awaited<ReturnType<typeof startDynamo>>['documents'];

handlers.before(async (context) => {
  context.dynamo = await startDynamo();
  documents = () => context.dynamo.documents;
  ({ events, ses, iot } = mocks());
  const name = (def: { name: string }) => `${prefix}-${def.name}`;
  await ensureTables(context.dynamo.client, iotTriageTables, name);
  await new DynamoRunbookStore(context.dynamo.documents, name(runbookTable)).seed(parseTroubleshootingGuide(guideText()));
  const devices = new DynamoDeviceRepository(context.dynamo.documents, name(devicesTable));
  // The sample's contact (+11234567890) is not a number of the numbering plan: the guard refuses it, and the backup
  // contact is called instead — as in production, where the API would not have stored it in the first place.
  for (const device of seedDevices(seedItems(), { backupContact: { name: 'Site backup', phoneNumber: '+14155550199' } })) await devices.put(device);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(await context.dynamo.client.config.endpoint!()).port}`,
    STAGE: 'dev',
    INCIDENTS_TABLE: `${prefix}-incidents`,
    DEVICES_TABLE: `${prefix}-devices`,
    TICKETS_TABLE: `${prefix}-tickets`,
    RUNBOOK_TABLE: `${prefix}-runbook`,
    EVENT_BUS_NAME: 'switchboard-dev',
    IOT_DATA_ENDPOINT: 'https://example-ats.iot.us-east-1.amazonaws.com',
    SES_FROM_ADDRESS: 'tickets@example.com',
    TICKET_EMAILS: 'ops@example.com',
    AGENT_ID: 'AGENT',
    AGENT_ALIAS_ID: 'ALIAS',
    USER_POOL_ID: 'us-east-1_example',
    USER_POOL_CLIENT_ID: 'client',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  iot.on(PublishCommand).resolves({});
});
handlers.after(async (context) => {
  await context.dynamo.stop();
  events.restore();
  ses.restore();
  iot.restore();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const published = (detailType: string) =>
  events
    .commandCalls(PutEventsCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .filter((e) => e.DetailType === detailType)
    .map((e) => JSON.parse(e.Detail!).data);

handlers('error-rule: the rule event for E3 → ticket e-mailed via SES, CalloutRequested via EventBridge; a duplicate changes nothing', async () => {
  const { handler } = await import('../src/handlers/error-rule.ts');
  await handler(fixture('iot-rule/error-e3.json'));
  await handler(fixture('iot-rule/error-e3.json'));
  await handler({ device_id: 'aircon_1', received_at: 1, payload: Buffer.from('garbage').toString('base64') });
  await handler({ nonsense: true });
  const calls = published('CalloutRequested');
  assert.is(calls.length, 1);
  assert.is(calls[0].purpose, 'operational');
  assert.is(calls[0].priority, 'urgent', 'an incident call is an escalation: exempt from campaign attempt limits');
  assert.is(calls[0].receivers[0].phoneNumber, '+14155550199', 'the refused first contact is skipped');
  assert.is(calls[0].callbackContext.attempt, '2');
  const [incident] = await new DynamoIncidentRepository(documents(), `${prefix}-incidents`).list({ deviceId: 'aircon_1' });
  assert.ok(
    incident?.log.some(
      (r) => r.action === 'escalate' && r.outcome === 'failed' && /contact 1 not reached: number refused: invalid-number/.test(r.detail ?? ''),
    ),
    JSON.stringify(incident?.log),
  );
  assert.equal(
    published('IncidentEscalated').map((e) => [e.attempt, e.reason, e.exhausted, e.failure]),
    [[2, 'callNotCompleted', false, 'number refused: invalid-number: is not a valid phone number']],
  );
  assert.is(published('IncidentOpened').length, 1);
  assert.is(ses.commandCalls(SendEmailCommand).length, 1);
  assert.equal(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination?.ToAddresses, ['ops@example.com']);
});

handlers('telemetry-queue: an SQS batch above 1200 W opens W1; the unreadable record is counted, not thrown', async () => {
  const { handler } = await import('../src/handlers/telemetry-queue.ts');
  await handler(fixture('sqs/telemetry-batch-w1.json') as SQSEvent);
  const opened = published('IncidentOpened').filter((e) => e.code === 'W1');
  assert.equal(
    opened.map((e) => [e.deviceId, e.detectedBy]),
    [['aircon_2', 'anomaly']],
  );
  assert.ok(published('CalloutRequested').some((c) => c.receivers[0].attributes.code === 'W1'));
});

handlers("callout-completed and escalation-tick: the operator's OK acknowledges; the tick then has nothing to escalate", async () => {
  const { handler: completed } = await import('../src/handlers/callout-completed.ts');
  const { handler: tick } = await import('../src/handlers/escalation-tick.ts');
  const request = published('CalloutRequested').find((c) => c.receivers[0].attributes.code === 'E3');
  const envelope = CalloutCompleted.envelope(
    {
      jobId: request.requestId,
      requestId: request.requestId,
      receiverId: request.receivers[0].receiverId,
      phoneNumber: request.receivers[0].phoneNumber,
      status: 'Completed',
      attempts: 1,
      answers: [{ questionIndex: 0, type: 'OK', answer: 'OK', answeredAt: new Date().toISOString() }],
      callbackContext: request.callbackContext,
      finishedAt: new Date().toISOString(),
    },
    { correlationId: request.requestId },
  );
  await completed({
    version: '0',
    id: 'e',
    'detail-type': 'CalloutCompleted',
    source: 'switchboard.callouts',
    account: '1',
    time: '',
    region: 'us-east-1',
    resources: [],
    detail: envelope,
  });
  assert.equal(
    published('IncidentAcknowledged').map((e) => [e.code, e.via]),
    [['E3', 'callout']],
  );
  assert.equal(await tick(), { escalated: 0, reopened: 0 });
  let threw = false;
  try {
    await completed({ source: 'switchboard.callouts', 'detail-type': 'CalloutCompleted', detail: { nonsense: true } });
  } catch {
    threw = true;
  }
  assert.ok(threw, 'an invalid bus event propagates (retry, then DLQ)');
});

handlers.run();
