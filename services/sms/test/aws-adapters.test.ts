/**
 * The AWS adapters against mocked SDK clients (these APIs have no local emulator): the requests they build
 * and how they read the answers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mockClient } from 'aws-sdk-client-mock';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { PhoneNumberValidateCommand, PinpointClient, SendMessagesCommand } from '@aws-sdk/client-pinpoint';
import { ConnectClient, StartChatContactCommand, StartContactStreamingCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { EndUserMessagingSmsProvider } from '../src/adapters/aws/end-user-messaging-sms.ts';
import { PinpointSmsProvider, pinpointCarrierLookup } from '../src/adapters/aws/pinpoint.ts';
import { ConnectContacts } from '../src/adapters/aws/connect.ts';
import { ConnectParticipantSide } from '../src/adapters/aws/connect-participant.ts';
import { LexFaqBot } from '../src/adapters/aws/lex-runtime.ts';
import { KmsTokenCipher } from '../src/adapters/aws/kms.ts';
import { SmsNumberValidator } from '../src/adapters/phone-validator.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const region = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

test('End User Messaging: SendTextMessage from the origination identity, transactional, with the configuration set', async () => {
  const mock = mockClient(PinpointSMSVoiceV2Client);
  mock.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });
  const provider = new EndUserMessagingSmsProvider(new PinpointSMSVoiceV2Client(region), {
    originationIdentity: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-abc',
    configurationSetName: 'switchboard-dev-sms',
  });
  assert.equal(await provider.send({ to: '+14255550182', body: 'Hello' }), { messageId: 'm-1' });
  assert.equal(mock.commandCalls(SendTextMessageCommand)[0]?.args[0].input, {
    DestinationPhoneNumber: '+14255550182',
    OriginationIdentity: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-abc',
    MessageBody: 'Hello',
    MessageType: 'TRANSACTIONAL',
    ConfigurationSetName: 'switchboard-dev-sms',
  });
  mock.restore();
});

test('Pinpoint: SendMessages per-address status; a failed status is an error; carrier lookup refuses landlines', async () => {
  const mock = mockClient(PinpointClient);
  const provider = new PinpointSmsProvider(new PinpointClient(region), { applicationId: 'app', originationNumber: '+12125550101' });
  mock.on(SendMessagesCommand).resolves({
    MessageResponse: { ApplicationId: 'app', Result: { '+14255550182': { DeliveryStatus: 'SUCCESSFUL', StatusCode: 200, MessageId: 'p-1' } } },
  });
  assert.equal(await provider.send({ to: '+14255550182', body: 'Hi' }), { messageId: 'p-1' });
  mock.on(SendMessagesCommand).resolves({
    MessageResponse: { ApplicationId: 'app', Result: { '+14255550182': { DeliveryStatus: 'THROTTLED', StatusCode: 429, StatusMessage: 'slow down' } } },
  });
  try {
    await provider.send({ to: '+14255550182', body: 'Hi' });
    assert.unreachable();
  } catch (error) {
    assert.is((error as Error).name, 'ThrottlingException');
  }
  mock.on(PhoneNumberValidateCommand).resolves({ NumberValidateResponse: { PhoneType: 'LANDLINE' } });
  const validator = new SmsNumberValidator({ carrierLookup: pinpointCarrierLookup(new PinpointClient(region)) });
  const verdict = await validator.check('+14255550182');
  assert.is(verdict.ok, false);
  mock.restore();
});

test('Connect: StartChatContact carries the IVR attributes and an idempotency token; streaming goes to the topic', async () => {
  const mock = mockClient(ConnectClient);
  mock.on(StartChatContactCommand).resolves({ ContactId: 'contact-1', ParticipantToken: 'pt', ParticipantId: 'p' });
  mock.on(StartContactStreamingCommand).resolves({ StreamingId: 's' });
  const contacts = new ConnectContacts(new ConnectClient(region), { instanceId: 'inst', contactFlowId: 'flow', streamingTopicArn: 'arn:aws:sns:us-east-1:1:chat' });
  const started = await contacts.startChat({ clientToken: 'conv-1', displayName: 'SMS customer', attributes: { department: 'billing' } });
  assert.equal(started, { contactId: 'contact-1', participantToken: 'pt' });
  const input = mock.commandCalls(StartChatContactCommand)[0]?.args[0].input;
  assert.is(input?.ClientToken, 'conv-1');
  assert.equal(input?.Attributes, { department: 'billing' });
  assert.is(input?.ContactFlowId, 'flow');
  await contacts.startStreaming({ contactId: 'contact-1', clientToken: 'stream-conv-1' });
  assert.equal(mock.commandCalls(StartContactStreamingCommand)[0]?.args[0].input.ChatStreamingConfiguration, { StreamingEndpointArn: 'arn:aws:sns:us-east-1:1:chat' });
  mock.restore();
});

test('Connect Participant: connection credentials only, SendMessage with ClientToken, long texts cut to the chat limit', async () => {
  const mock = mockClient(ConnectParticipantClient);
  mock.on(CreateParticipantConnectionCommand).resolves({ ConnectionCredentials: { ConnectionToken: 'ct', Expiry: '2026-11-22T09:00:00Z' } });
  mock.on(SendMessageCommand).resolves({ Id: 'x' });
  const side = new ConnectParticipantSide(new ConnectParticipantClient(region));
  assert.equal(await side.createConnection('pt'), { connectionToken: 'ct', expiresAt: '2026-11-22T09:00:00Z' });
  assert.equal(mock.commandCalls(CreateParticipantConnectionCommand)[0]?.args[0].input.Type, ['CONNECTION_CREDENTIALS']);
  await side.sendMessage({ connectionToken: 'ct', text: 'x'.repeat(1600), clientToken: 'inbound-1' });
  const sent = mock.commandCalls(SendMessageCommand)[0]?.args[0].input;
  assert.is(sent?.ClientToken, 'inbound-1');
  assert.is(sent?.Content?.length, 1024);
  mock.restore();
});

test('Lex V2: an faq_ intent with confidence answers; FallbackIntent or low confidence is unanswered', async () => {
  const mock = mockClient(LexRuntimeV2Client);
  const bot = new LexFaqBot(new LexRuntimeV2Client(region), { botId: 'B', botAliasId: 'A', localeId: 'en_US' });
  mock.on(RecognizeTextCommand).resolves({
    sessionState: { intent: { name: 'faq_opening_hours', state: 'Fulfilled' } },
    interpretations: [{ intent: { name: 'faq_opening_hours' }, nluConfidence: { score: 0.92 } }],
    messages: [{ contentType: 'PlainText', content: 'We are open 8 to 8.' }],
  });
  assert.equal(await bot.ask({ sessionId: 'conv 1', text: 'when are you open' }), { answered: true, answer: 'We are open 8 to 8.', faqId: 'opening_hours' });
  assert.is(mock.commandCalls(RecognizeTextCommand)[0]?.args[0].input.sessionId, 'conv-1');
  mock.on(RecognizeTextCommand).resolves({
    sessionState: { intent: { name: 'FallbackIntent' } },
    interpretations: [{ intent: { name: 'FallbackIntent' } }],
    messages: [{ contentType: 'PlainText', content: 'Sorry?' }],
  });
  assert.equal(await bot.ask({ sessionId: 'c', text: 'llamas' }), { answered: false });
  mock.on(RecognizeTextCommand).resolves({
    sessionState: { intent: { name: 'faq_parking' } },
    interpretations: [{ intent: { name: 'faq_parking' }, nluConfidence: { score: 0.3 } }],
    messages: [{ contentType: 'PlainText', content: 'Park behind.' }],
  });
  assert.equal(await bot.ask({ sessionId: 'c', text: 'hmm' }), { answered: false });
  mock.restore();
});

test('KMS: tokens encrypted with the conversation id as encryption context', async () => {
  const mock = mockClient(KMSClient);
  mock.on(EncryptCommand).resolves({ CiphertextBlob: new Uint8Array([1, 2, 3]) });
  mock.on(DecryptCommand).resolves({ Plaintext: new TextEncoder().encode('secret-token') });
  const cipher = new KmsTokenCipher(new KMSClient(region), 'alias/switchboard-sms');
  const sealed = await cipher.encrypt('secret-token', { conversationId: 'c1' });
  assert.is(sealed, Buffer.from([1, 2, 3]).toString('base64'));
  assert.equal(mock.commandCalls(EncryptCommand)[0]?.args[0].input.EncryptionContext, { conversationId: 'c1' });
  assert.is(await cipher.decrypt(sealed, { conversationId: 'c1' }), 'secret-token');
  assert.equal(mock.commandCalls(DecryptCommand)[0]?.args[0].input.EncryptionContext, { conversationId: 'c1' });
  mock.restore();
});

test('Lex models: FAQ entries become faq_ intents (create, update, delete stale), the locale is built, then promoted', async () => {
  const lex = await import('@aws-sdk/client-lex-models-v2');
  const { LexFaqBotPublisher } = await import('../src/adapters/aws/lex-models.ts');
  const { FAQ } = await import('./harness.ts');
  const mock = mockClient(lex.LexModelsV2Client);
  mock.on(lex.ListIntentsCommand).resolves({
    intentSummaries: [
      { intentName: 'faq_parking', intentId: 'I-PARK' },
      { intentName: 'faq_retired_question', intentId: 'I-OLD' },
      { intentName: 'FallbackIntent', intentId: 'FALLBCKINT' },
    ],
  });
  mock.on(lex.CreateIntentCommand).resolves({ intentId: 'NEW' });
  mock.on(lex.UpdateIntentCommand).resolves({});
  mock.on(lex.DeleteIntentCommand).resolves({});
  mock.on(lex.BuildBotLocaleCommand).resolves({ botLocaleStatus: 'Building' });
  const publisher = new LexFaqBotPublisher(new lex.LexModelsV2Client(region), { botId: 'BOT', botAliasId: 'ALIAS', localeId: 'en_US' });
  const result = await publisher.sync(FAQ);
  assert.equal(result, { upserted: 3, deleted: 1, build: 'started' });
  assert.equal(mock.commandCalls(lex.UpdateIntentCommand).map((c) => c.args[0].input.intentId), ['I-PARK']);
  assert.equal(mock.commandCalls(lex.DeleteIntentCommand).map((c) => c.args[0].input.intentId), ['I-OLD'], 'FallbackIntent is never touched');
  const created = mock.commandCalls(lex.CreateIntentCommand)[0]?.args[0].input;
  assert.is(created?.botVersion, 'DRAFT');
  assert.is(created?.intentClosingSetting?.closingResponse?.messageGroups?.[0]?.message?.plainTextMessage?.value, FAQ[0]?.answer);

  mock.on(lex.DescribeBotLocaleCommand).resolves({ botLocaleStatus: 'Building' });
  assert.is(await publisher.promoteWhenBuilt(), 'building');
  mock.on(lex.DescribeBotLocaleCommand).resolves({ botLocaleStatus: 'Built', lastBuildSubmittedDateTime: new Date('2026-11-21T09:00:00Z') });
  mock.on(lex.DescribeBotAliasCommand).resolves({ botAliasName: 'live', botVersion: '3', botAliasLocaleSettings: { en_US: { enabled: true } } });
  mock.on(lex.DescribeBotVersionCommand).resolves({ botStatus: 'Available', creationDateTime: new Date('2026-11-21T08:00:00Z') });
  mock.on(lex.CreateBotVersionCommand).resolves({ botVersion: '4' });
  mock.on(lex.UpdateBotAliasCommand).resolves({});
  assert.is(await publisher.promoteWhenBuilt(), 'promoted');
  const update = mock.commandCalls(lex.UpdateBotAliasCommand)[0]?.args[0].input;
  assert.is(update?.botVersion, '4');
  assert.equal(update?.botAliasLocaleSettings, { en_US: { enabled: true } }, 'alias settings carried over');
  mock.restore();
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
