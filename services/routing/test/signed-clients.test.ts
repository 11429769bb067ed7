/**
 * The SMA hot path's lean AWS clients: SigV4 signatures checked against the AWS test suite, DynamoDB Scan
 * against dynalite (the real wire protocol), PutEvents and PutSession against a loopback server, and the
 * Lambda entrypoint (handlers/sma.ts) answering a bot result from a table on dynalite.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureTables } from '@switchboard/shared/dynamo';
import { startDynamoDb } from '@switchboard/shared/local';
import { PublishError } from '@switchboard/shared/bus';
import { CallRouted } from '@switchboard/shared/contracts';
import { DynamoDbDepartments, departmentsTable } from '../src/adapters/aws/dynamodb-departments.ts';
import { HttpDynamoDbDepartmentList } from '../src/adapters/aws/dynamodb-departments-http.ts';
import { HttpEventBridgeBus } from '@switchboard/shared/bus';
import { HttpLexBotSessions } from '../src/adapters/aws/lex-put-session-http.ts';
import { AwsRequestError, JsonServiceClient, signRequest } from '@switchboard/shared/aws-http';
import { seedDepartments } from '../src/application/seed-routing-table.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

// Vectors from the AWS Signature Version 4 test suite (get-vanilla, post-vanilla): fixed request, key and time.
test('signatures match the AWS SigV4 test suite, and carry the session token', async () => {
  const at = new Date('2015-08-30T12:36:00Z');
  const scope = 'Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date';
  for (const [method, signature] of [
    ['GET', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['POST', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ] as const) {
    const request = { method, url: new URL('https://example.amazonaws.com/'), headers: {} as Record<string, string>, body: '' };
    await signRequest(request, credentials, 'us-east-1', 'service', at);
    assert.is(request.headers.authorization, `AWS4-HMAC-SHA256 ${scope}, Signature=${signature}`, method);
    assert.is(request.headers['x-amz-date'], '20150830T123600Z');
  }
  const withToken = {
    method: 'POST',
    url: new URL('https://runtime-v2-lex.us-east-1.amazonaws.com/bots/B1/botAliases/A1/botLocales/en_US/sessions/2c1d'),
    headers: { 'content-type': 'application/json' } as Record<string, string>,
    body: '{}',
  };
  await signRequest(withToken, { ...credentials, sessionToken: 'FQoGZXIvYXdzE//token+with=chars' }, 'us-east-1', 'lex', at);
  assert.is(withToken.headers['x-amz-security-token'], 'FQoGZXIvYXdzE//token+with=chars');
  assert.match(
    withToken.headers.authorization!,
    /\/us-east-1\/lex\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
  );
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

const routed = {
  callId: 'call-a',
  department: 'history',
  destination: { kind: 'voiceConnector' as const, target: '600300' },
  reason: 'open' as const,
  attempt: 1,
};

test('PutEvents: one signed entry per event; a rejected entry is a PublishError', async () => {
  let fail = false;
  const { seen, server, endpoint } = await loopback(() =>
    fail
      ? { status: 200, body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] } }
      : { status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] } },
  );
  try {
    const bus = new HttpEventBridgeBus({
      client: new JsonServiceClient({ service: 'events', region: 'us-east-1', endpoint, credentials: () => credentials }),
      busName: 'switchboard-test',
    });
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
    const bus = new HttpEventBridgeBus({
      client: new JsonServiceClient({ service: 'events', region: 'us-east-1', endpoint, credentials: () => credentials }),
      busName: 'b',
    });
    await bus.publish(CallRouted, routed, { correlationId: 'call-a' });
    assert.is(connections, 2);
  } finally {
    server.close();
  }
});

test('PutSession: the REST path of the bot alias and session, eliciting Department', async () => {
  const { seen, server, endpoint } = await loopback(() => ({ status: 200, body: {} }));
  try {
    const sessions = new HttpLexBotSessions({
      client: new JsonServiceClient({ service: 'lex', region: 'us-east-1', endpoint, credentials: () => credentials }),
      botId: 'BOTID12345',
      botAliasId: 'ALIASID123',
      localeId: 'en_US',
    });
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
      ActionData: {
        Type: 'StartBotConversation',
        Parameters: {},
        IntentResult: {
          SessionId: 'call-a',
          SessionState: {
            SessionAttributes: {},
            Intent: {
              Name: 'RouteCall',
              Slots: { Department: { Value: { OriginalValue: 'maths', InterpretedValue: 'math', ResolvedValues: ['math'] }, Values: [] } },
              State: 'Fulfilled',
              ConfirmationState: 'None',
            },
          },
        },
      },
      CallDetails: {
        TransactionId: 't',
        TransactionAttributes: { phase: 'bot' },
        AwsAccountId: '123456789012',
        AwsRegion: 'us-east-1',
        SipMediaApplicationId: 's',
        Participants: [
          {
            CallId: 'call-a',
            ParticipantTag: 'LEG-A',
            To: '+18005550100',
            From: '+14155550123',
            Direction: 'Inbound',
            StartTimeInMilliseconds: '1',
            Status: 'Connected',
          },
        ],
      },
    });
    assert.equal(
      response.Actions.map((a) => a.Type),
      ['CallAndBridge'],
    );
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
      sessionState: {
        sessionAttributes: {},
        intent: {
          name: 'RouteCall',
          slots: { Department: { shape: 'Scalar', value: { originalValue: '1', interpretedValue: '1', resolvedValues: [] } } },
          state: 'InProgress',
          confirmationState: 'None',
        },
      },
    });
    assert.is(response.sessionState.intent?.state, 'Fulfilled');
    assert.is((response.sessionState.intent?.slots?.Department as { value: { interpretedValue: string } }).value.interpretedValue, 'science');
  } finally {
    await dynamo.close();
  }
});

test.run();
