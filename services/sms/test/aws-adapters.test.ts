/**
 * The AWS adapters: the requests they build on the small signed client, against a loopback HTTP server standing in
 * for each AWS endpoint (these APIs have no local emulator) — method, path, target, signature or bearer token,
 * body — and how they read the answers and the errors.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AwsHttpClient, AwsRequestError } from '@switchboard/shared/aws-http';
import { ConnectContacts } from '../src/adapters/aws/connect-chat.ts';
import { ConnectParticipantSide } from '../src/adapters/aws/connect-participant.ts';
import { EndUserMessagingSmsProvider } from '../src/adapters/aws/end-user-messaging-sms.ts';
import { HttpEventBridgeBus } from '../src/adapters/aws/eventbridge.ts';
import { KmsTokenCipher } from '../src/adapters/aws/kms.ts';
import { LexFaqBot } from '../src/adapters/aws/lex-runtime.ts';
import { carrierLookup } from '../src/adapters/aws/pinpoint-phone-number-validate.ts';
import { SmsNumberValidator } from '../src/application/sms-number-validator.ts';
import { ChatEndedError } from '../src/domain/ports.ts';
import { SmsOptedIn } from '@switchboard/shared/contracts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A loopback AWS endpoint: records each request and answers from `reply` (status + JSON). */
async function fakeAws(reply: (request: Seen) => { status?: number; body: unknown; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      seen.push(request);
      const answer = reply(request);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    seen,
    client: (signingName: string, options: { maxAttempts?: number } = {}) =>
      new AwsHttpClient({
        signingName,
        region: 'us-east-1',
        endpoint,
        credentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' }),
        ...options,
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const signedFor = (request: Seen, service: string) => {
  assert.match(
    String(request.headers.authorization),
    new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/${service}/aws4_request`),
  );
  assert.is(request.headers['x-amz-security-token'], 'session');
};

test('End User Messaging: SendTextMessage from the origination identity, transactional, with the configuration set', async () => {
  const aws = await fakeAws(() => ({ body: { MessageId: 'm-1' } }));
  try {
    const provider = new EndUserMessagingSmsProvider(aws.client('sms-voice'), {
      originationIdentity: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-abc',
      configurationSetName: 'switchboard-dev-sms',
    });
    assert.equal(await provider.send({ to: '+14255550182', body: 'Hello' }), { messageId: 'm-1' });
    const [request] = aws.seen;
    assert.is(request?.headers['x-amz-target'], 'PinpointSMSVoiceV2.SendTextMessage');
    assert.is(request?.headers['content-type'], 'application/x-amz-json-1.0');
    signedFor(request as Seen, 'sms-voice');
    assert.equal(request?.body, {
      DestinationPhoneNumber: '+14255550182',
      OriginationIdentity: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-abc',
      MessageBody: 'Hello',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'switchboard-dev-sms',
    });
  } finally {
    await aws.close();
  }
});

test('the client retries throttling and 5xx (then succeeds), and reports a refusal by its AWS error code', async () => {
  let calls = 0;
  const aws = await fakeAws(() => {
    calls += 1;
    if (calls === 1) return { status: 400, body: { __type: 'com.amazonaws#ThrottlingException', message: 'slow down' } };
    if (calls === 2) return { status: 503, body: { message: 'unavailable' } };
    if (calls === 3) return { body: { MessageId: 'm-3' } };
    return { status: 400, body: { __type: 'ValidationException', message: 'bad number' } };
  });
  try {
    const provider = new EndUserMessagingSmsProvider(aws.client('sms-voice'), { originationIdentity: 'id' });
    assert.equal(await provider.send({ to: '+14255550182', body: 'Hi' }), { messageId: 'm-3' });
    try {
      await provider.send({ to: '+14255550182', body: 'Hi' });
      assert.unreachable('a validation error is not retried into success');
    } catch (error) {
      assert.instance(error, AwsRequestError);
      assert.is((error as AwsRequestError).name, 'ValidationException');
      assert.match(String(error), /bad number/);
    }
    assert.is(calls, 4, 'three attempts for the transient failures, one for the refusal');
  } finally {
    await aws.close();
  }
});

test('carrier lookup (PhoneNumberValidate): landlines are refused, mobiles pass', async () => {
  let type = 'LANDLINE';
  const aws = await fakeAws(() => ({ body: { PhoneType: type, CountryCodeIso2: 'US' } }));
  try {
    const validator = new SmsNumberValidator({ carrierLookup: carrierLookup(aws.client('mobiletargeting')) });
    assert.is((await validator.check('+14255550182')).ok, false);
    assert.equal(aws.seen[0]?.body, { PhoneNumber: '+14255550182' });
    assert.is(aws.seen[0]?.path, '/v1/phone/number/validate');
    type = 'MOBILE';
    assert.equal(await validator.check('+14255550182'), { ok: true, e164: '+14255550182' });
  } finally {
    await aws.close();
  }
});

test('Connect: StartChatContact carries the IVR attributes and an idempotency token; streaming goes to the topic', async () => {
  const aws = await fakeAws((request) => ({
    body: request.path === '/contact/chat' ? { ContactId: 'contact-1', ParticipantToken: 'pt', ParticipantId: 'p' } : { StreamingId: 's' },
  }));
  try {
    const contacts = new ConnectContacts(aws.client('connect'), {
      instanceId: 'inst',
      contactFlowId: 'flow',
      streamingTopicArn: 'arn:aws:sns:us-east-1:1:chat',
    });
    const started = await contacts.startChat({ clientToken: 'conv-1', displayName: 'SMS customer', attributes: { department: 'billing' } });
    assert.equal(started, { contactId: 'contact-1', participantToken: 'pt' });
    const [start] = aws.seen;
    assert.is(start?.method, 'PUT');
    signedFor(start as Seen, 'connect');
    assert.is(start?.body.ClientToken, 'conv-1');
    assert.equal(start?.body.Attributes, { department: 'billing' });
    assert.is(start?.body.ContactFlowId, 'flow');
    await contacts.startStreaming({ contactId: 'contact-1', clientToken: 'stream-conv-1' });
    assert.is(aws.seen[1]?.path, '/contact/start-streaming');
    assert.equal(aws.seen[1]?.body.ChatStreamingConfiguration, { StreamingEndpointArn: 'arn:aws:sns:us-east-1:1:chat' });
  } finally {
    await aws.close();
  }
});

test('Connect Participant: bearer tokens, no SigV4; connection credentials only; ClientToken; long texts cut to the chat limit; a gone chat is ChatEndedError', async () => {
  let ended = false;
  const aws = await fakeAws((request) => {
    if (ended)
      return {
        status: 403,
        body: { message: 'Access denied' },
        headers: { 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/' },
      };
    return {
      body:
        request.path === '/participant/connection'
          ? { ConnectionCredentials: { ConnectionToken: 'ct', Expiry: '2026-11-22T09:00:00Z' } }
          : { Id: 'x' },
    };
  });
  try {
    const side = new ConnectParticipantSide(aws.client('none'));
    assert.equal(await side.createConnection('pt'), { connectionToken: 'ct', expiresAt: '2026-11-22T09:00:00Z' });
    assert.is(aws.seen[0]?.headers['x-amz-bearer'], 'pt');
    assert.is(aws.seen[0]?.headers.authorization, undefined, 'participant APIs are not SigV4-signed');
    assert.equal(aws.seen[0]?.body.Type, ['CONNECTION_CREDENTIALS']);
    await side.sendMessage({ connectionToken: 'ct', text: 'x'.repeat(1600), clientToken: 'inbound-1' });
    assert.is(aws.seen[1]?.headers['x-amz-bearer'], 'ct');
    assert.is(aws.seen[1]?.body.ClientToken, 'inbound-1');
    assert.is((aws.seen[1]?.body.Content as string).length, 1024);
    ended = true;
    try {
      await side.sendMessage({ connectionToken: 'ct', text: 'still there?', clientToken: 'inbound-2' });
      assert.unreachable();
    } catch (error) {
      assert.instance(error, ChatEndedError);
    }
  } finally {
    await aws.close();
  }
});

test('Lex V2: an faq_ intent with confidence answers; FallbackIntent or low confidence is unanswered', async () => {
  let answer: unknown = {
    sessionState: { intent: { name: 'faq_opening_hours', state: 'Fulfilled' } },
    interpretations: [{ intent: { name: 'faq_opening_hours' }, nluConfidence: { score: 0.92 } }],
    messages: [{ contentType: 'PlainText', content: 'We are open 8 to 8.' }],
  };
  const aws = await fakeAws(() => ({ body: answer }));
  try {
    const bot = new LexFaqBot(aws.client('lex'), { botId: 'B', botAliasId: 'A', localeId: 'en_US' });
    assert.equal(await bot.ask({ sessionId: 'conv 1', text: 'when are you open' }), {
      answered: true,
      answer: 'We are open 8 to 8.',
      faqId: 'opening_hours',
    });
    assert.is(aws.seen[0]?.path, '/bots/B/botAliases/A/botLocales/en_US/sessions/conv-1/text');
    assert.equal(aws.seen[0]?.body, { text: 'when are you open' });
    signedFor(aws.seen[0] as Seen, 'lex');
    answer = {
      sessionState: { intent: { name: 'FallbackIntent' } },
      interpretations: [{ intent: { name: 'FallbackIntent' } }],
      messages: [{ contentType: 'PlainText', content: 'Sorry?' }],
    };
    assert.equal(await bot.ask({ sessionId: 'c', text: 'llamas' }), { answered: false });
    answer = {
      sessionState: { intent: { name: 'faq_parking' } },
      interpretations: [{ intent: { name: 'faq_parking' }, nluConfidence: { score: 0.3 } }],
      messages: [{ contentType: 'PlainText', content: 'Park behind.' }],
    };
    assert.equal(await bot.ask({ sessionId: 'c', text: 'hmm' }), { answered: false });
  } finally {
    await aws.close();
  }
});

test('KMS: tokens encrypted with the conversation id as encryption context (blobs as base64 on the wire)', async () => {
  const aws = await fakeAws((request) =>
    String(request.headers['x-amz-target']).endsWith('Encrypt')
      ? { body: { CiphertextBlob: Buffer.from([1, 2, 3]).toString('base64'), KeyId: 'k' } }
      : { body: { Plaintext: Buffer.from('secret-token').toString('base64') } },
  );
  try {
    const cipher = new KmsTokenCipher(aws.client('kms'), 'alias/switchboard-sms');
    const sealed = await cipher.encrypt('secret-token', { conversationId: 'c1' });
    assert.is(sealed, Buffer.from([1, 2, 3]).toString('base64'));
    assert.is(aws.seen[0]?.headers['x-amz-target'], 'TrentService.Encrypt');
    assert.equal(aws.seen[0]?.body, {
      KeyId: 'alias/switchboard-sms',
      Plaintext: Buffer.from('secret-token').toString('base64'),
      EncryptionContext: { conversationId: 'c1' },
    });
    assert.is(await cipher.decrypt(sealed, { conversationId: 'c1' }), 'secret-token');
    assert.equal(aws.seen[1]?.body.EncryptionContext, { conversationId: 'c1' });
  } finally {
    await aws.close();
  }
});

test('EventBridge: PutEvents on the bus with the contract envelope; a rejected entry is an error, never a silent drop', async () => {
  let failed = false;
  const aws = await fakeAws(() => ({
    body: failed
      ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try later' }] }
      : { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] },
  }));
  try {
    const bus = new HttpEventBridgeBus({ client: aws.client('events'), busName: 'switchboard-dev' });
    const envelope = await bus.publish(
      SmsOptedIn,
      { phoneNumber: '+14255550182', keyword: 'START', optedInAt: '2026-11-21T09:00:00.000Z' },
      { correlationId: 'c', id: 'fixed-id' },
    );
    const entry = (aws.seen[0]?.body.Entries as Record<string, unknown>[])[0];
    assert.is(aws.seen[0]?.headers['x-amz-target'], 'AWSEvents.PutEvents');
    assert.is(entry?.EventBusName, 'switchboard-dev');
    assert.is(entry?.DetailType, 'SmsOptedIn');
    assert.is(entry?.Source, 'switchboard.sms');
    assert.equal(JSON.parse(entry?.Detail as string), envelope);
    assert.is(envelope.metadata.id, 'fixed-id');
    failed = true;
    try {
      await bus.publish(SmsOptedIn, { phoneNumber: '+14255550182', keyword: 'START', optedInAt: '2026-11-21T09:00:00.000Z' }, { correlationId: 'c' });
      assert.unreachable();
    } catch (error) {
      assert.match(String(error), /InternalFailure: try later/);
    }
  } finally {
    await aws.close();
  }
});

test('Lex models: FAQ entries become faq_ intents (create, update, delete stale), the locale is built, then promoted', async () => {
  const { LexFaqBotPublisher } = await import('../src/adapters/aws/lex-models.ts');
  const { FAQ } = await import('./harness.ts');
  let localeStatus = 'Building';
  const draft = '/bots/BOT/botversions/DRAFT/botlocales/en_US';
  const aws = await fakeAws((request) => {
    const route = `${request.method} ${request.path}`;
    if (route === `POST ${draft}/intents`) {
      return {
        body: {
          intentSummaries: [
            { intentName: 'faq_parking', intentId: 'I-PARK' },
            { intentName: 'faq_retired_question', intentId: 'I-OLD' },
            { intentName: 'FallbackIntent', intentId: 'FALLBCKINT' },
          ],
        },
      };
    }
    if (route === `GET ${draft}`)
      return { body: { botLocaleStatus: localeStatus, lastBuildSubmittedDateTime: Date.parse('2026-11-21T09:00:00Z') / 1000 } };
    if (route === 'GET /bots/BOT/botaliases/ALIAS')
      return { body: { botAliasName: 'live', botVersion: '3', botAliasLocaleSettings: { en_US: { enabled: true } } } };
    if (request.method === 'GET' && request.path.startsWith('/bots/BOT/botversions/'))
      return { body: { botStatus: 'Available', creationDateTime: Date.parse('2026-11-21T08:00:00Z') / 1000 } };
    if (route === 'PUT /bots/BOT/botversions') return { status: 202, body: { botVersion: '4' } };
    return { status: request.method === 'DELETE' ? 204 : 200, body: request.method === 'PUT' ? { intentId: 'NEW' } : {} };
  });
  try {
    const publisher = new LexFaqBotPublisher(aws.client('lex'), { botId: 'BOT', botAliasId: 'ALIAS', localeId: 'en_US' });
    const result = await publisher.sync(FAQ);
    assert.equal(result, { upserted: 3, deleted: 1, build: 'started' });
    const routes = aws.seen.map((r) => `${r.method} ${r.path}`);
    assert.ok(routes.includes(`PUT ${draft}/intents/I-PARK`), 'the existing intent is updated');
    assert.equal(
      routes.filter((r) => r.startsWith('DELETE')),
      [`DELETE ${draft}/intents/I-OLD`],
      'FallbackIntent is never touched',
    );
    assert.is(routes.at(-1), `POST ${draft}`, 'the locale is built last');
    const created = aws.seen.find((r) => r.method === 'PUT' && r.path === `${draft}/intents`)?.body as {
      intentClosingSetting: { closingResponse: { messageGroups: { message: { plainTextMessage: { value: string } } }[] } };
    };
    assert.is(created.intentClosingSetting.closingResponse.messageGroups[0]?.message.plainTextMessage.value, FAQ[0]?.answer);
    signedFor(aws.seen[0] as Seen, 'lex');

    assert.is(await publisher.promoteWhenBuilt(), 'building');
    localeStatus = 'Built';
    assert.is(await publisher.promoteWhenBuilt(), 'promoted');
    const update = aws.seen.find((r) => r.method === 'PUT' && r.path === '/bots/BOT/botaliases/ALIAS')?.body;
    assert.is(update?.botVersion, '4');
    assert.equal(update?.botAliasLocaleSettings, { en_US: { enabled: true } }, 'alias settings carried over');
  } finally {
    await aws.close();
  }
});

test('the local KMS stand-in refuses a ciphertext under another encryption context', async () => {
  const { LocalTokenCipher } = await import('../src/adapters/local/token-cipher.ts');
  const cipher = new LocalTokenCipher();
  const sealed = await cipher.encrypt('ct-123', { conversationId: 'a' });
  assert.is(await cipher.decrypt(sealed, { conversationId: 'a' }), 'ct-123');
  try {
    await cipher.decrypt(sealed, { conversationId: 'b' });
    assert.unreachable();
  } catch (error) {
    assert.match(String(error), /authenticate/);
  }
});

test.run();
