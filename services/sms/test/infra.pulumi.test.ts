/**
 * The sms component under Pulumi mocks (dev and prod, under Pulumi mocks in this process): platform invariants, least
 * privilege per function, encrypted topics only their publishers may use, the number's two-way channel, the
 * schedule, and JWT on the API.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../../../infra/config.ts';
import { checkAll } from '../../../infra/test/support/invariants.ts';
import { registeredResource, runDevAndProd } from '../../../infra/test/support/stack-runs.ts';
import type { StackRun } from '../../../infra/test/support/stack-harness.ts';
import { chatContactFlow } from '../infra/chat-contact-flow.ts';
import { smsConfigSchema } from '../infra/config.ts';

const program = new URL('./infra/sms-program.ts', import.meta.url).href;
const overrides = { stage: 'smsx' };
const [dev, prod] = await runDevAndProd(program, overrides);

const one = registeredResource;
type Statement = { Sid?: string; Effect?: string; Action: string[]; Resource: string | string[]; Principal?: unknown; Condition?: any };
const policyOf = (run: StackRun, name: string) =>
  JSON.parse(one(run, 'aws:iam/rolePolicy:RolePolicy', name).inputs.policy) as { Statement: Statement[] };
const actionsOf = (run: StackRun, name: string) => [...new Set(policyOf(run, name).Statement.flatMap((s) => s.Action))].sort();

test('the platform invariants hold with the sms service on dev and prod', () => {
  assert.equal(checkAll(dev, stageTable.dev), []);
  assert.equal(checkAll(prod, stageTable.prod), []);
});

test('each function holds only its own actions; no wildcard actions anywhere', () => {
  assert.equal(actionsOf(dev, 'sms-deflection-requested-policy'), [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sms-voice:SendTextMessage',
    'sqs:SendMessage',
  ]);
  const relay = actionsOf(dev, 'sms-inbound-sms-policy');
  for (const action of [
    'connect:StartChatContact',
    'connect:StartContactStreaming',
    'kms:Decrypt',
    'kms:Encrypt',
    'lex:RecognizeText',
    'sms-voice:SendTextMessage',
  ])
    assert.ok(relay.includes(action), action);
  assert.not.ok(
    relay.some((a) => a.startsWith('lex:') && a !== 'lex:RecognizeText'),
    'the relay cannot change the bot',
  );
  assert.not.ok(relay.includes('dynamodb:Scan'));
  assert.ok(actionsOf(dev, 'sms-api-policy').includes('lex:CreateIntent'));
  assert.ok(actionsOf(dev, 'sms-idle-sweeper-policy').includes('lex:UpdateBotAlias'));
  for (const resource of dev.resources.filter((r) => r.type === 'aws:iam/rolePolicy:RolePolicy')) {
    for (const statement of (JSON.parse(resource.inputs.policy) as { Statement: Statement[] }).Statement) {
      for (const action of statement.Action) assert.not.match(action, /(^\*$|:\*$)/, `${resource.name}: ${action}`);
    }
  }
  const send = policyOf(dev, 'sms-inbound-sms-policy').Statement.find((s) => s.Sid === 'SendSms')!;
  const number = one(dev, 'aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber', 'sms-number');
  assert.ok((send.Resource as string[]).includes(number.state.arn), 'sends only from the service number');
  const tokens = policyOf(dev, 'sms-inbound-sms-policy').Statement.find((s) => s.Sid === 'ConnectTokensAtRest')!;
  assert.is(tokens.Resource, one(dev, 'aws:kms/key:Key', 'sms-token-key').state.arn);
});

test('the two-way number publishes to the inbound topic through its own role; STOP handling is the service’s', () => {
  const number = one(dev, 'aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber', 'sms-number').inputs;
  const topic = one(dev, 'aws:sns/topic:Topic', 'sms-inbound');
  assert.is(number.twoWayChannelEnabled, true);
  assert.is(number.twoWayChannelArn, topic.state.arn);
  assert.is(number.selfManagedOptOutsEnabled, true);
  assert.is(number.registrationId, 'registration-0123456789abcdef');
  assert.is(number.twoWayChannelRole, one(dev, 'aws:iam/role:Role', 'sms-two-way-role').state.arn);
  assert.equal(actionsOf(dev, 'sms-two-way-policy'), ['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish']);
  assert.is(one(prod, 'aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber', 'sms-number').inputs.deletionProtectionEnabled, true);
});

test('topics are encrypted with the service key; only this account’s Connect instance may stream to the chat topic', () => {
  const key = one(dev, 'aws:kms/key:Key', 'sms-topic-key');
  for (const name of ['sms-inbound', 'sms-chat-stream']) assert.is(one(dev, 'aws:sns/topic:Topic', name).inputs.kmsMasterKeyId, key.state.arn);
  assert.is(key.inputs.enableKeyRotation, true);
  const policy = JSON.parse(one(dev, 'aws:sns/topicPolicy:TopicPolicy', 'sms-chat-stream-policy').inputs.policy) as { Statement: Statement[] };
  const statement = policy.Statement[0]!;
  assert.equal(statement.Principal, { Service: 'connect.amazonaws.com' });
  assert.equal(statement.Action, ['sns:Publish']);
  assert.ok(statement.Condition.ArnEquals['aws:SourceArn'], 'scoped to the Connect instance');
  const keyPolicy = JSON.parse(key.inputs.policy) as { Statement: Statement[] };
  for (const s of keyPolicy.Statement) for (const action of s.Action) assert.not.match(action, /:\*$/);
  for (const [name, fn] of [
    ['sms-inbound-subscription', 'sms-inbound-sms-function'],
    ['sms-chat-stream-subscription', 'sms-chat-stream-function'],
  ]) {
    const subscription = one(dev, 'aws:sns/topicSubscription:TopicSubscription', name!).inputs;
    assert.is(subscription.protocol, 'lambda');
    assert.is(subscription.endpoint, one(dev, 'aws:lambda/function:Function', fn!).state.arn);
  }
});

test('senders have reserved concurrency; the reorder window and the bot reach the functions', () => {
  const inbound = one(dev, 'aws:lambda/function:Function', 'sms-inbound-sms-function').inputs;
  assert.is(inbound.reservedConcurrentExecutions, 10);
  assert.is(inbound.environment.variables.SMS_SEND_RATE_PER_SECOND, '1');
  assert.is(inbound.environment.variables.REORDER_WINDOW_MS, '400');
  one(dev, 'aws-native:lex:Bot', 'sms-bot');
  // (The mocks give aws-native resources their id only, so the alias id output is not checked here.)
  assert.ok(inbound.environment.variables.LEX_BOT_ID, 'the function knows the bot');
  assert.is(inbound.environment.variables.SMS_SEND_OPT_OUT_CONFIRMATION, 'true');
  const schedule = one(dev, 'aws:scheduler/schedule:Schedule', 'sms-sweep-schedule').inputs;
  assert.is(schedule.scheduleExpression, 'rate(1 minute)');
  assert.is(schedule.target.arn, one(dev, 'aws:lambda/function:Function', 'sms-idle-sweeper-function').state.arn);
  const rule = dev.resources.find((r) => r.type === 'aws:cloudwatch/eventRule:EventRule' && r.name.startsWith('sms-deflection-requested'));
  assert.equal(JSON.parse(rule!.inputs.eventPattern), { source: ['switchboard.sms'], 'detail-type': ['SmsDeflectionRequested'] });
});

test('every API route but health and the OpenAPI document needs a Cognito JWT', () => {
  const routes = dev.resources.filter((r) => r.type === 'aws:apigatewayv2/route:Route' && r.name.startsWith('sms-'));
  assert.ok(routes.length > 0);
  for (const route of routes) {
    const key = route.inputs.routeKey as string;
    if (key === 'GET /health' || key === 'GET /openapi.json' || key.startsWith('OPTIONS ')) continue;
    assert.is(route.inputs.authorizationType, 'JWT', key);
  }
});

test('the chat flow greets and queues; config refuses unregistered US numbers and pinpoint without a project', () => {
  const flow = one(dev, 'aws:connect/contactFlow:ContactFlow', 'sms-chat-flow');
  const content = JSON.parse(flow.inputs.content);
  assert.equal(
    content.Actions.map((a: { Type: string }) => a.Type),
    ['MessageParticipant', 'UpdateContactTargetQueue', 'TransferContactToQueue', 'DisconnectParticipant'],
  );
  assert.match(content.Actions[1].Parameters.QueueId, /\/queue\//);
  assert.equal(chatContactFlow({ queueArn: 'q', greeting: 'hi' }).Actions[0]?.Parameters, { Text: 'hi' });
  assert.not.ok(smsConfigSchema.safeParse({ newNumber: { numberType: 'TEN_DLC' } }).success);
  assert.ok(smsConfigSchema.safeParse({ newNumber: { numberType: 'SIMULATOR' } }).success);
  assert.not.ok(smsConfigSchema.safeParse({ provider: 'pinpoint' }).success);
  assert.ok(smsConfigSchema.safeParse(undefined).success);
});

test('prod protects tables, keys and the number; dev does not', () => {
  assert.is(one(prod, 'aws:kms/key:Key', 'sms-token-key').protect, true);
  assert.is(one(dev, 'aws:kms/key:Key', 'sms-token-key').protect, false);
  assert.is(one(prod, 'aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber', 'sms-number').protect, true);
});

test('spend limits are enforced on AWS too: a counter table per service, and only the functions that spend may count', () => {
  const table = dev.resources.find((r) => r.type === 'aws:dynamodb/table:Table' && r.name.startsWith('sms-spend-limits'));
  assert.ok(table, 'the spend-limits table exists');
  assert.equal(table.inputs.ttl, { attributeName: 'expiresAt', enabled: true }, 'day counters expire by TTL');
  for (const fn of ['api', 'deflection-requested']) {
    const lambda = dev.resources.find((r) => r.type === 'aws:lambda/function:Function' && r.name === `sms-${fn}-function`);
    assert.ok(lambda?.inputs.environment?.variables?.SPEND_LIMITS_TABLE, `${fn} is told where the counters are`);
    const statement = policyOf(dev, `sms-${fn}-policy`).Statement.find((s) => s.Sid === 'CountTexts');
    assert.ok(statement, `${fn} may count`);
    assert.equal(statement.Action, ['dynamodb:UpdateItem']);
  }
});

test.run();
