/**
 * The SMA hot path's SDK-free AWS clients: SigV4 signatures identical to the SDK's signer, DynamoDB Scan
 * against dynalite (the real wire protocol), PutEvents and PutSession against a loopback server, and the
 * Lambda entrypoint (handlers/sma.ts) answering a bot result from a table on dynalite.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import http from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { ensureTables } from '@switchboard/shared/dynamo';
import { startDynamoDb } from '@switchboard/shared/local';
import { PublishError } from '@switchboard/shared/bus';
import { CallRouted } from '@switchboard/shared/contracts';
import { DynamoDbDepartments, departmentsTable } from '../src/adapters/aws/dynamodb-departments.ts';
import { HttpDynamoDbDepartmentList } from '../src/adapters/aws/dynamodb-departments-http.ts';
import { HttpEventBridgeBus } from '../src/adapters/aws/eventbridge-bus-http.ts';
import { HttpLexBotSessions } from '../src/adapters/aws/lex-put-session-http.ts';
import { AwsRequestError, JsonServiceClient, signRequest } from '../src/adapters/aws/signed-json-request.ts';
import { seedDepartments } from '../src/application/seed-routing-table.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** The SDK's hash constructor contract: `new Sha256(secret?)` is an HMAC when given a secret. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

test('signatures equal the SDK signer for JSON POSTs, REST paths and session tokens', async () => {
  const now = new Date('2026-11-21T08:30:00Z');
  const cases: { service: string; url: string; headers: Record<string, string>; body: string; token: string | undefined }[] = [
    { service: 'dynamodb', url: 'https://dynamodb.us-east-1.amazonaws.com/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Scan' }, body: '{"TableName":"t"}', token: undefined },
    { service: 'lex', url: 'https://runtime-v2-lex.us-east-1.amazonaws.com/bots/B1/botAliases/A1/botLocales/en_US/sessions/2c1d-4f(x)', headers: { 'content-type': 'application/json' }, body: '{"sessionState":{}}', token: 'FQoGZXIvYXdzE//token+with=chars' },
  ];
  for (const c of cases) {
    const url = new URL(c.url);
    const ours = { method: 'POST', url, headers: { ...c.headers }, body: c.body };
    signRequest(ours, { ...credentials, sessionToken: c.token }, 'us-east-1', c.service, now);
    const sdk = new SignatureV4({ service: c.service, region: 'us-east-1', credentials: { ...credentials, ...(c.token ? { sessionToken: c.token } : {}) }, sha256: Sha256 as never, applyChecksum: false });
    const signed = await sdk.sign(new HttpRequest({ method: 'POST', protocol: 'https:', hostname: url.hostname, path: url.pathname, headers: { ...c.headers, host: url.host }, body: c.body }), { signingDate: now });
    assert.is(ours.headers.authorization, signed.headers.authorization, c.service);
  }
});

test('DynamoDB Scan over the signed client reads what the SDK adapter wrote (dynalite)', async () => {
  const dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  try {
    await ensureTables(dynamo.client, [departmentsTable], () => 'signed-departments');
    const sdk = new DynamoDbDepartments({ client: dynamo.documentClient, tableName: 'signed-departments' });
    for (const d of seedDepartments(new Date('2026-01-01T00:00:00Z'))) await sdk.put(d);
    const client = new JsonServiceClient({ service: 'dynamodb', region: 'us-east-1', endpoint: dynamo.endpoint, credentials: () => credentials });
    const viaHttp = await new HttpDynamoDbDepartmentList({ client, tableName: 'signed-departments' }).list();
    assert.equal(viaHttp, await sdk.list());
    try {
      await new HttpDynamoDbDepartmentList({ client, tableName: 'missing-table' }).list();
      assert.unreachable('a missing table is an error');
    } catch (error) {
      assert.instance(error, AwsRequestError);
      assert.is((error as AwsRequestError).errorType, 'ResourceNotFoundException');
    }
  } finally {
    await dynamo.close();
  }
});

async function loopback(answer: (path: string, target: string | undefined, body: any) => { status: number; body: unknown }) {
  const seen: { path: string; target?: string; authorization?: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text);
      seen.push({ path: req.url ?? '', target: req.headers['x-amz-target'] as string | undefined, authorization: req.headers.authorization, body });
      const reply = answer(req.url ?? '', req.headers['x-amz-target'] as string | undefined, body);
      res.statusCode = reply.status;
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, server, endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const routed = { callId: 'call-a', department: 'history', destination: { kind: 'voiceConnector' as const, target: '600300' }, reason: 'open' as const, attempt: 1 };

test('PutEvents: one signed entry per event; a rejected entry is a PublishError', async () => {
  let fail = false;
  const { seen, server, endpoint } = await loopback(() =>
    fail ? { status: 200, body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] } } : { status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] } },
  );
  try {
    const bus = new HttpEventBridgeBus({ client: new JsonServiceClient({ service: 'events', region: 'us-east-1', endpoint, credentials: () => credentials }), busName: 'switchboard-test' });
    const envelope = await bus.publish(CallRouted, routed, { correlationId: 'call-a' });
    assert.is(seen[0]!.target, 'AWSEvents.PutEvents');
    assert.match(seen[0]!.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/events\/aws4_request/);
    const entry = seen[0]!.body.Entries[0];
    assert.equal([entry.EventBusName, entry.Source, entry.DetailType], ['switchboard-test', 'switchboard.routing', 'CallRouted']);
    assert.equal(JSON.parse(entry.Detail), envelope);
    fail = true;
    try {
      await bus.publish(CallRouted, routed, { correlationId: 'call-a' });
      assert.unreachable('rejected entries must throw');
    } catch (error) {
      assert.instance(error, PublishError);
    }
  } finally {
    server.close();
  }
});

test('a connection reset before any answer (a stale keep-alive socket) is retried once, freshly signed', async () => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    connections += 1;
    if (connections === 1) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => res.end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const bus = new HttpEventBridgeBus({ client: new JsonServiceClient({ service: 'events', region: 'us-east-1', endpoint, credentials: () => credentials }), busName: 'b' });
    await bus.publish(CallRouted, routed, { correlationId: 'call-a' });
    assert.is(connections, 2);
  } finally {
    server.close();
  }
});

test('PutSession: the REST path of the bot alias and session, eliciting Department', async () => {
  const { seen, server, endpoint } = await loopback(() => ({ status: 200, body: {} }));
  try {
    const sessions = new HttpLexBotSessions({ client: new JsonServiceClient({ service: 'lex', region: 'us-east-1', endpoint, credentials: () => credentials }), botId: 'BOTID12345', botAliasId: 'ALIASID123', localeId: 'en_US' });
    await sessions.preload({ sessionId: 'call-a', callerNumber: '+14155550123', calledNumber: '+18005550100' });
    assert.is(seen[0]!.path, '/bots/BOTID12345/botAliases/ALIASID123/botLocales/en_US/sessions/call-a');
    assert.equal(seen[0]!.body.sessionState.dialogAction, { type: 'ElicitSlot', slotToElicit: 'Department' });
    assert.is(seen[0]!.body.sessionState.sessionAttributes.phoneNumber, '+14155550123');
  } finally {
    server.close();
  }
});

test('the Lambda entrypoint answers a bot result with the bridge, reading the table on dynalite', async () => {
  const dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  const { seen, server, endpoint } = await loopback(() => ({ status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] } }));
  try {
    await ensureTables(dynamo.client, [departmentsTable], () => 'entrypoint-departments');
    const sdk = new DynamoDbDepartments({ client: dynamo.documentClient, tableName: 'entrypoint-departments' });
    for (const d of seedDepartments(new Date('2026-01-01T00:00:00Z'))) await sdk.put(d);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
      AWS_ENDPOINT_URL_LEX_RUNTIME_V2: endpoint,
      DEPARTMENTS_TABLE: 'entrypoint-departments',
      EVENT_BUS_NAME: 'switchboard-test',
      VOICE_CONNECTOR_ARN: 'arn:aws:chime:us-east-1:104621577074:vc/ehwryzdm9hy4u6rrud7jym',
      LEX_BOT_ID: 'BOTID12345',
      LEX_BOT_ALIAS_ID: 'ALIASID123',
      LEX_BOT_ALIAS_ARN: 'arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID12345/ALIASID123',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { handler } = await import('../src/handlers/sma.ts');
    const response = await handler({
      SchemaVersion: '1.0',
      Sequence: 2,
      InvocationEventType: 'ACTION_SUCCESSFUL',
      ActionData: { Type: 'StartBotConversation', Parameters: {}, IntentResult: { SessionId: 'call-a', SessionState: { SessionAttributes: {}, Intent: { Name: 'RouteCall', Slots: { Department: { Value: { OriginalValue: 'maths', InterpretedValue: 'math', ResolvedValues: ['math'] }, Values: [] } }, State: 'Fulfilled', ConfirmationState: 'None' } } } },
      CallDetails: { TransactionId: 't', TransactionAttributes: { phase: 'bot' }, AwsAccountId: '123456789012', AwsRegion: 'us-east-1', SipMediaApplicationId: 's', Participants: [{ CallId: 'call-a', ParticipantTag: 'LEG-A', To: '+18005550100', From: '+14155550123', Direction: 'Inbound', StartTimeInMilliseconds: '1', Status: 'Connected' }] },
    });
    assert.equal(response.Actions.map((a) => a.Type), ['CallAndBridge']);
    assert.is((response.Actions[0]!.Parameters as { Endpoints: { Uri: string }[] }).Endpoints[0]!.Uri, '600400');
    assert.is(seen.filter((s) => s.target === 'AWSEvents.PutEvents').length, 1, 'CallRouted published');
  } finally {
    server.close();
    await dynamo.close();
  }
});

test('the Lex code hook entrypoint validates a keypad answer against the table on dynalite', async () => {
  const dynamo = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  try {
    await ensureTables(dynamo.client, [departmentsTable], () => 'hook-departments');
    const sdk = new DynamoDbDepartments({ client: dynamo.documentClient, tableName: 'hook-departments' });
    for (const d of seedDepartments(new Date('2026-01-01T00:00:00Z'))) await sdk.put(d);
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, DEPARTMENTS_TABLE: 'hook-departments' });
    const { handler } = await import('../src/handlers/lex-hook.ts');
    const response = await handler({
      invocationSource: 'DialogCodeHook',
      inputMode: 'DTMF',
      sessionId: 'call-a',
      inputTranscript: '1',
      sessionState: { sessionAttributes: {}, intent: { name: 'RouteCall', slots: { Department: { shape: 'Scalar', value: { originalValue: '1', interpretedValue: '1', resolvedValues: [] } } }, state: 'InProgress', confirmationState: 'None' } },
    });
    assert.is(response.sessionState.intent?.state, 'Fulfilled');
    assert.is((response.sessionState.intent?.slots?.Department as { value: { interpretedValue: string } }).value.interpretedValue, 'science');
  } finally {
    await dynamo.close();
  }
});

test.run();
