/**
 * The routing component under Pulumi mocks (dev and prod, under Pulumi mocks in this process): the Voice Connector
 * requires encryption, no IAM statement has a wildcard action, the PBX is reachable only from the Voice
 * Connector's ranges and the agents' networks, and the SMA, bot and SIP rules are wired to each other.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../../../infra/config.ts';
import { checkAll } from '../../../infra/test/support/invariants.ts';
import { registeredResource, runDevAndProd } from '../../../infra/test/support/stack-runs.ts';
import type { RegisteredResource, StackRun } from '../../../infra/test/support/stack-harness.ts';

const program = new URL('./infra/routing-program.ts', import.meta.url).href;
// The committed stack configs (every service's required keys) with this test's stage and a routing slice
// that deploys the PBX and two numbers.
const overrides = {
  stage: 'rt',
  routing: {
    phoneNumbers: ['+18005550100', '+18005550101'],
    pbx: {
      domainName: 'pbx.example.com',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/asterisk:1.0.0',
      agentCidrs: ['198.51.100.0/24'],
      certificateEmail: 'voice-ops@example.com',
    },
  },
};
const [dev, prod] = await runDevAndProd(program, overrides);

const all = (run: StackRun, type: string) => run.resources.filter((r) => r.type === type);
const one = registeredResource;
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[] };
const statementsOf = (resource: RegisteredResource): Statement[] => (JSON.parse(resource.inputs.policy) as { Statement: Statement[] }).Statement;
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

test('the platform invariants hold with the routing service on dev and prod', () => {
  assert.equal(checkAll(dev, stageTable.dev), []);
  assert.equal(checkAll(prod, stageTable.prod), []);
});

test('the Voice Connector requires encryption and originates to the PBX name over TLS', () => {
  for (const run of [dev, prod]) {
    const connector = one(run, 'aws:chime/voiceConnector:VoiceConnector', 'routing-voice-connector');
    assert.is(connector.inputs.requireEncryption, true);
    const origination = one(run, 'aws:chime/voiceConnectorOrigination:VoiceConnectorOrigination', 'routing-voice-connector-origination');
    assert.equal(origination.inputs.routes, [{ host: 'pbx.example.com', port: 5061, protocol: 'TCP', priority: 1, weight: 1 }]);
    const logging = one(run, 'aws:chime/voiceConnectorLogging:VoiceConnectorLogging', 'routing-voice-connector-logging');
    assert.is(logging.inputs.enableSipLogs, true);
  }
});

test('no IAM statement of the routing service has a wildcard action', () => {
  for (const run of [dev, prod]) {
    const policies = all(run, 'aws:iam/rolePolicy:RolePolicy').filter((p) => p.name.startsWith('routing-'));
    assert.ok(policies.length >= 7, `found ${policies.length} routing policies`);
    for (const policy of policies) {
      for (const statement of statementsOf(policy)) {
        for (const action of actions(statement)) assert.not.match(action, /\*/, `${policy.name}: ${action}`);
      }
    }
  }
});

test('each handler may do exactly its job', () => {
  const actionsOf = (name: string) =>
    statementsOf(one(dev, 'aws:iam/rolePolicy:RolePolicy', name))
      .flatMap(actions)
      .sort();
  assert.equal(actionsOf('routing-sma-policy'), [
    'dynamodb:GetItem',
    'dynamodb:Scan',
    'events:PutEvents',
    'lex:PutSession',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ]);
  assert.equal(actionsOf('routing-lex-hook-policy'), ['dynamodb:Scan', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  assert.equal(actionsOf('routing-call-log-policy'), [
    'dynamodb:PutItem',
    'dynamodb:Query',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sqs:SendMessage',
  ]);
  assert.equal(actionsOf('routing-sms-texting-policy'), ['dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage']);
  const sma = statementsOf(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'routing-sma-policy'));
  const alias = one(dev, 'aws-native:lex:BotAlias', 'routing-bot-alias');
  assert.is(sma.find((s) => s.Sid === 'PreloadBotSession')!.Resource, alias.state.arn);
  const table = one(dev, 'aws:dynamodb/table:Table', 'routing-departments-table');
  assert.is(sma.find((s) => s.Sid === 'ReadRoutingTable')!.Resource, table.state.arn);
  // The SMA offers "continue by text" from routing's own projection, fed by sms's facts through a subscription.
  const texting = one(dev, 'aws:dynamodb/table:Table', 'routing-sms-texting-table');
  assert.is(sma.find((s) => s.Sid === 'ReadTextingProjection')!.Resource, texting.state.arn);
  const textingRule = dev.resources.find((r) => r.type === 'aws:cloudwatch/eventRule:EventRule' && r.name.startsWith('routing-sms-texting-events'));
  assert.ok(textingRule, 'sms facts are subscribed');
  const detailTypes = JSON.stringify(JSON.parse(textingRule.inputs.eventPattern));
  for (const detailType of ['SmsOptedOut', 'SmsOptedIn', 'SmsDeflectionFailed']) assert.ok(detailTypes.includes(detailType), detailType);
  const follower = statementsOf(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'routing-pbx-address-policy'));
  assert.match(String(follower.find((s) => s.Sid === 'AllowPbxTermination')!.Resource), /^arn:aws:chime:[a-z0-9-]+:123456789012:vc\//);
  assert.is(follower.find((s) => s.Sid === 'PointPbxRecord')!.Resource, 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ');
});

test('the SMA answers within the retry window and only Chime voice in this account may invoke it', () => {
  const fn = one(dev, 'aws:lambda/function:Function', 'routing-sma-function');
  assert.ok(fn.inputs.timeout <= 3);
  assert.match(fn.inputs.environment.variables.VOICE_CONNECTOR_ARN, /^arn:aws:chime:[a-z0-9-]+:123456789012:vc\//);
  const permission = one(dev, 'aws:lambda/permission:Permission', 'routing-sma-invoke');
  assert.is(permission.inputs.principal, 'voiceconnector.chime.amazonaws.com');
  assert.is(permission.inputs.sourceAccount, '123456789012');
  const application = one(dev, 'aws:chime/sdkvoiceSipMediaApplication:SdkvoiceSipMediaApplication', 'routing-sip-media-application');
  assert.is(application.inputs.endpoints.lambdaArn, fn.state.arn);
  const rules = all(dev, 'aws:chime/sdkvoiceSipRule:SdkvoiceSipRule');
  assert.equal(rules.map((r) => [r.inputs.triggerType, r.inputs.triggerValue]).sort(), [
    ['ToPhoneNumber', '+18005550100'],
    ['ToPhoneNumber', '+18005550101'],
  ]);
  for (const rule of rules) {
    assert.match(rule.inputs.targetApplications[0].sipMediaApplicationId, /routing/, 'the rule targets the routing SIP media application');
    assert.is(rule.inputs.targetApplications[0].awsRegion, application.inputs.awsRegion);
  }
});

test('fallbacks alarm: the never-throwing telephony handlers are watched through their ERROR logs', () => {
  for (const role of ['sma', 'lex-hook']) {
    const filter = one(dev, 'aws:cloudwatch/logMetricFilter:LogMetricFilter', `routing-${role}-error-logs`);
    assert.is(filter.inputs.pattern, '{ $.level = "ERROR" }');
    assert.is(filter.inputs.logGroupName, one(dev, 'aws:cloudwatch/logGroup:LogGroup', `routing-${role}-logs`).state.name);
    const alarm = one(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm', `routing-${role}-error-logs-alarm`);
    assert.is(alarm.inputs.metricName, filter.inputs.metricTransformation.name);
    assert.is(alarm.inputs.alarmActions.length, 1);
  }
});

test('the bot is the definition data: voice and DTMF, slot values with synonyms, code hook on the alias, Chime-only resource policy', () => {
  const bot = one(dev, 'aws-native:lex:Bot', 'routing-bot');
  const locale = bot.inputs.botLocales[0];
  assert.equal(
    locale.intents.map((i: { name: string }) => i.name),
    ['RouteCall', 'FallbackIntent'],
  );
  const values = locale.slotTypes[0].slotTypeValues.map((v: { sampleValue: { value: string } }) => v.sampleValue.value);
  assert.equal(values, ['art', 'history', 'math', 'operator', 'science']);
  const history = locale.slotTypes[0].slotTypeValues.find((v: { sampleValue: { value: string } }) => v.sampleValue.value === 'history');
  assert.ok(
    history.synonyms.some((s: { value: string }) => s.value === '3'),
    'keypad 3 resolves to history',
  );
  const slot = locale.intents[0].slots[0];
  assert.is(slot.valueElicitationSetting.promptSpecification.promptAttemptsSpecification.Initial.allowedInputTypes.allowDtmfInput, true);
  const alias = one(dev, 'aws-native:lex:BotAlias', 'routing-bot-alias');
  const hook = one(dev, 'aws:lambda/function:Function', 'routing-lex-hook-function');
  assert.is(alias.inputs.botAliasLocaleSettings[0].botAliasLocaleSetting.codeHookSpecification.lambdaCodeHook.lambdaArn, hook.state.arn);
  const policy = one(dev, 'aws-native:lex:ResourcePolicy', 'routing-bot-policy-chime').inputs.policy;
  assert.equal(policy.Statement[0].Principal, { Service: 'voiceconnector.chime.amazonaws.com' });
  assert.is(policy.Statement[0].Action, 'lex:StartConversation');
  assert.is(policy.Statement[0].Condition.StringEquals['AWS:SourceAccount'], '123456789012');
});

test('the PBX admits only Voice Connector signalling (TLS) and media, and agents on the softphone port: no SSH, no admin port', () => {
  const group = one(dev, 'aws:ec2/securityGroup:SecurityGroup', 'routing-asterisk-security-group');
  const ingress = group.inputs.ingress as { protocol: string; fromPort: number; toPort: number; cidrBlocks: string[] }[];
  for (const rule of ingress) {
    assert.ok([5061, 8089, 10000].includes(rule.fromPort), `unexpected port ${rule.fromPort}`);
    assert.not.ok(rule.cidrBlocks.includes('0.0.0.0/0'), 'nothing open to the world');
    assert.not.ok(rule.fromPort <= 22 && rule.toPort >= 22, 'no SSH');
    assert.not.ok(rule.fromPort <= 8088 && rule.toPort >= 8088, 'no Asterisk HTTP/ARI admin port');
    assert.not.ok(rule.fromPort <= 5060 && rule.toPort >= 5060, 'no unencrypted SIP');
  }
  assert.ok(
    ingress.some((r) => r.fromPort === 5061 && r.protocol === 'tcp'),
    'TLS signalling from the Voice Connector',
  );
  assert.ok(
    ingress.filter((r) => r.fromPort === 8089).every((r) => r.cidrBlocks.join() === '198.51.100.0/24'),
    'softphone only from the agents',
  );
  const task = statementsOf(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'routing-asterisk-task-policy'));
  const secret = one(dev, 'aws:secretsmanager/secret:Secret', 'routing-pbx-sip-secret');
  assert.is(task.find((s) => s.Sid === 'SipCredentials')!.Resource, secret.state.arn);
});

test('the PBX address follower runs on the Asterisk task starting, with retries and a dead-letter queue', () => {
  const rule = one(dev, 'aws:cloudwatch/eventRule:EventRule', 'routing-pbx-task-started');
  const pattern = JSON.parse(rule.inputs.eventPattern);
  assert.equal(pattern.source, ['aws.ecs']);
  assert.equal(pattern.detail.lastStatus, ['RUNNING']);
  assert.equal(pattern.detail.group, ['service:switchboard-rt-routing-routing-asterisk']);
  const target = one(dev, 'aws:cloudwatch/eventTarget:EventTarget', 'routing-pbx-task-started-target');
  const dlq = one(dev, 'aws:sqs/queue:Queue', 'routing-pbx-task-started-dlq');
  assert.is(target.inputs.deadLetterConfig?.arn, dlq.state.arn, 'undeliverable events are kept');
  const dlqPolicy = JSON.parse(one(dev, 'aws:sqs/queuePolicy:QueuePolicy', 'routing-pbx-task-started-dlq-policy').inputs.policy);
  assert.equal(dlqPolicy.Statement[0].Condition.ArnEquals['aws:SourceArn'], rule.state.arn, 'only this rule may send to it');
  const follower = one(dev, 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig', 'routing-pbx-address-async');
  assert.ok(follower.inputs.destinationConfig.onFailure.destination, 'failed runs go to the function DLQ');
  const termination = one(dev, 'aws:chime/voiceConnectorTermination:VoiceConnectorTermination', 'routing-voice-connector-termination');
  assert.not.ok(termination.inputs.cidrAllowLists.includes('0.0.0.0/0'));
});

test('the API requires a JWT on every route but health and the OpenAPI document', () => {
  const routes = all(dev, 'aws:apigatewayv2/route:Route').filter((r) => r.name.startsWith('routing-http'));
  assert.ok(routes.length > 0);
  for (const route of routes) {
    const open = ['GET /health', 'GET /openapi.json'].includes(route.inputs.routeKey);
    assert.is(route.inputs.authorizationType, open ? 'NONE' : 'JWT', route.inputs.routeKey);
  }
});

test.run();
