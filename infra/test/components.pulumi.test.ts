/**
 * The components, deployed through a sample service that uses each of them the way a service does
 * (support/sample-service.ts), for dev and prod; then, under unit mocks installed once every stack has run, every
 * argument the components reject synchronously.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import { CalloutRequested, SmsDeflectionRequested, SmsOptedOut } from '@switchboard/shared/contracts';
import { stageTable } from '../config.ts';
import { checkAll, compareStages } from './support/invariants.ts';
import { committedStackConfig, runStack, registeredResource } from './support/stack-runs.ts';
import type { StackRun } from './support/stack-harness.ts';

const sampleProgram = new URL('./support/sample-program.ts', import.meta.url).href;
// Pulumi.dev.yaml's keys (the service slices the stack config requires) with a fixed stage and origin.
const shared = {
  ...(await committedStackConfig('dev')),
  stage: 'same',
  alarmEmail: 'oncall@example.com',
  allowedOrigins: ['https://ops.example.com'],
};
const [dev, prod] = await Promise.all([
  runStack('dev', { ...shared, profile: 'dev' }, sampleProgram),
  runStack('prod', { ...shared, profile: 'prod' }, sampleProgram),
]);

const ofType = (run: StackRun, type: string) => run.resources.filter((r) => r.type === type);
const one = registeredResource;

test('the sample service holds every invariant on dev and on prod', () => {
  assert.ok(ofType(dev, 'aws:lambda/function:Function').length >= 3, 'the sample deploys Lambdas');
  assert.equal(checkAll(dev, stageTable.dev), []);
  assert.equal(checkAll(prod, stageTable.prod), []);
});

test('with services deployed, dev and prod differ exactly where the stage table says — and every infra setting shows', () => {
  const { violations, observed } = compareStages(dev, prod);
  assert.equal(violations, []);
  assert.equal([...observed].sort(), [
    'deletionProtection',
    'eventArchiveRetentionDays',
    'logLevel',
    'logRetentionDays',
    'pointInTimeRecovery',
    'protect',
    'sourcemaps',
  ]);
});

test('LambdaFunction: arm64 nodejs22.x, own role with only its statements + own logs, stage env, reserved concurrency', () => {
  const fn = one(dev, 'aws:lambda/function:Function', 'sample-api-function');
  assert.is(fn.inputs.name, 'switchboard-same-sample-api');
  assert.is(fn.inputs.handler, 'index.handler');
  assert.is(fn.inputs.environment.variables.SWITCHBOARD_STAGE, 'same');
  assert.is(fn.inputs.environment.variables.EVENT_BUS_NAME, 'switchboard-same');
  assert.is(fn.inputs.environment.variables.REQUESTS_TABLE, 'switchboard-same-sample-requests');
  assert.is(fn.inputs.loggingConfig.logFormat, 'JSON');
  const policy = JSON.parse(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'sample-api-policy').inputs.policy);
  assert.equal(
    policy.Statement.map((s: { Action: string[] }) => s.Action),
    [
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    ],
  );
  assert.is(policy.Statement[0].Resource, 'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/switchboard-same-sample-api:*');
  assert.is(one(dev, 'aws:lambda/function:Function', 'sample-worker-function').inputs.reservedConcurrentExecutions, 2);
  assert.is(fn.inputs.reservedConcurrentExecutions, -1, 'unreserved by default');
  const errors = one(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm', 'sample-api-errors-alarm');
  assert.equal([errors.inputs.metricName, errors.inputs.dimensions], ['Errors', { FunctionName: 'switchboard-same-sample-api' }]);
  assert.equal(errors.inputs.alarmActions, [one(dev, 'aws:sns/topic:Topic', 'platform-alarms').state.arn]);
});

test('LambdaFunction with asyncInvocation: retries, encrypted DLQ it may send to, and an alarm on it', () => {
  const config = one(dev, 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig', 'sample-on-callout-async');
  const dlq = one(dev, 'aws:sqs/queue:Queue', 'sample-on-callout-dlq');
  assert.is(config.inputs.maximumRetryAttempts, 2);
  assert.is(config.inputs.destinationConfig.onFailure.destination, dlq.state.arn);
  assert.is(dlq.inputs.sqsManagedSseEnabled, true);
  const policy = JSON.parse(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'sample-on-callout-policy').inputs.policy);
  assert.ok(
    policy.Statement.some((s: { Action: string[]; Resource: string }) => s.Action.includes('sqs:SendMessage') && s.Resource === dlq.state.arn),
  );
  const alarm = one(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm', 'sample-on-callout-dlq-alarm');
  assert.equal(alarm.inputs.dimensions, { QueueName: dlq.state.name });
  assert.is(alarm.inputs.alarmActions.length, 1);
});

test('Subscription: the rule is the contract pattern; targets have retries, DLQ and the right permission', () => {
  const lambdaRule = one(dev, 'aws:cloudwatch/eventRule:EventRule', 'sample-callout-requested-rule');
  assert.equal(JSON.parse(lambdaRule.inputs.eventPattern), CalloutRequested.pattern);
  assert.is(lambdaRule.inputs.eventBusName, 'switchboard-same');
  const queueRule = one(dev, 'aws:cloudwatch/eventRule:EventRule', 'sample-deflection-requested-rule');
  assert.equal(JSON.parse(queueRule.inputs.eventPattern), { $or: [SmsDeflectionRequested.pattern, SmsOptedOut.pattern] });

  const target = one(dev, 'aws:cloudwatch/eventTarget:EventTarget', 'sample-callout-requested-target');
  assert.equal(target.inputs.retryPolicy, { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 });
  const permission = one(dev, 'aws:lambda/permission:Permission', 'sample-callout-requested-invoke-permission');
  assert.is(permission.inputs.principal, 'events.amazonaws.com');
  assert.is(permission.inputs.sourceArn, lambdaRule.state.arn);

  const queuePolicy = JSON.parse(one(dev, 'aws:sqs/queuePolicy:QueuePolicy', 'sample-deflection-requested-target-policy').inputs.policy);
  assert.equal(queuePolicy.Statement[0].Condition, { ArnEquals: { 'aws:SourceArn': queueRule.state.arn } });
  const dlqPolicy = JSON.parse(one(dev, 'aws:sqs/queuePolicy:QueuePolicy', 'sample-deflection-requested-dlq-policy').inputs.policy);
  assert.is(dlqPolicy.Statement[0].Principal.Service, 'events.amazonaws.com');
});

test('HttpApi: JWT on the user pool for every route but /health and /openapi.json, exact CORS, access logs', () => {
  const api = one(dev, 'aws:apigatewayv2/api:Api', 'sample-http-api');
  // The configured origins, then the console's own (the platform deploys it).
  assert.equal(api.inputs.corsConfiguration.allowOrigins, [
    'https://ops.example.com',
    `https://${one(dev, 'aws:cloudfront/distribution:Distribution', 'platform-console-cdn').state.domainName}`,
  ]);
  const authorizer = one(dev, 'aws:apigatewayv2/authorizer:Authorizer', 'sample-http-authorizer');
  assert.is(authorizer.inputs.authorizerType, 'JWT');
  assert.match(authorizer.inputs.jwtConfiguration.issuer, /^https:\/\/cognito-idp\.eu-central-1\.amazonaws\.com\/eu-central-1_/);
  const routes = ofType(dev, 'aws:apigatewayv2/route:Route').map((r) => [r.inputs.routeKey, r.inputs.authorizationType]);
  assert.equal(routes.sort(), [
    ['DELETE /{proxy+}', 'JWT'],
    ['GET /health', 'NONE'],
    ['GET /openapi.json', 'NONE'],
    ['GET /{proxy+}', 'JWT'],
    ['PATCH /{proxy+}', 'JWT'],
    ['POST /{proxy+}', 'JWT'],
    ['PUT /{proxy+}', 'JWT'],
  ]);
  assert.not.ok(
    ofType(dev, 'aws:apigatewayv2/route:Route').some((r) => r.inputs.routeKey.startsWith('OPTIONS')),
    'API Gateway answers preflights',
  );
  const stage = one(dev, 'aws:apigatewayv2/stage:Stage', 'sample-http-stage');
  assert.is(stage.inputs.accessLogSettings.destinationArn, one(dev, 'aws:cloudwatch/logGroup:LogGroup', 'sample-http-access-logs').state.arn);
  assert.is(one(dev, 'aws:lambda/permission:Permission', 'sample-http-invoke-permission').inputs.principal, 'apigateway.amazonaws.com');
  assert.is(dev.outputs.apiUrl, 'https://sample-http-api.execute-api.eu-central-1.amazonaws.com');
});

test('Table: keys, index and TTL from the TableDefinition; encrypted; PITR, deletion protection and protect on prod', () => {
  const devTable = one(dev, 'aws:dynamodb/table:Table', 'sample-requests-table');
  assert.is(devTable.inputs.name, 'switchboard-same-sample-requests');
  assert.is(devTable.inputs.hashKey, 'pk');
  assert.is(devTable.inputs.rangeKey, 'sk');
  assert.equal(
    devTable.inputs.attributes.map((a: { name: string }) => a.name),
    ['pk', 'sk', 'status', 'createdAt'],
  );
  assert.equal(devTable.inputs.globalSecondaryIndexes[0], {
    name: 'by-status',
    keySchemas: [
      { attributeName: 'status', keyType: 'HASH' },
      { attributeName: 'createdAt', keyType: 'RANGE' },
    ],
    projectionType: 'ALL',
  });
  assert.equal(devTable.inputs.ttl, { attributeName: 'expiresAt', enabled: true });
  const prodTable = one(prod, 'aws:dynamodb/table:Table', 'sample-requests-table');
  assert.equal([prodTable.inputs.pointInTimeRecovery.enabled, prodTable.inputs.deletionProtectionEnabled, prodTable.protect], [true, true, true]);
  assert.equal([devTable.inputs.pointInTimeRecovery.enabled, devTable.inputs.deletionProtectionEnabled, devTable.protect], [false, false, false]);
});

test('FargateService: own task role and log group, declared ingress only, on the platform network', () => {
  const group = one(dev, 'aws:ec2/securityGroup:SecurityGroup', 'sample-pbx-security-group');
  assert.equal(
    group.inputs.ingress.map((r: { protocol: string; fromPort: number; cidrBlocks: string[] }) => [r.protocol, r.fromPort, r.cidrBlocks]),
    [['udp', 5060, ['3.80.16.0/23']]],
  );
  assert.is(group.inputs.vpcId, 'vpc-0123456789abcdef0');
  const service = one(dev, 'awsx:ecs:FargateService', 'sample-pbx-service');
  assert.is(service.inputs.taskDefinitionArgs.taskRole.roleArn, one(dev, 'aws:iam/role:Role', 'sample-pbx-task-role').state.arn);
  assert.is(service.inputs.taskDefinitionArgs.logGroup.existing.name, '/ecs/switchboard-same-sample-sample-pbx');
  assert.equal(service.inputs.taskDefinitionArgs.container.portMappings, [{ containerPort: 5060, hostPort: 5060, protocol: 'udp' }]);
  assert.equal(service.inputs.networkConfiguration.subnets, ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
});

test.run();

// ── synchronous argument validation, in this process ───────────────────────────────────────────────────────────

// Every stack of every Pulumi suite has run by the time suites execute (their runs are awaited at import), so these
// mocks replace nobody's.
const validation = suite('components: arguments rejected synchronously');
validation.before(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
    'switchboard',
    'unit',
    false,
  );
  process.env.SWITCHBOARD_ALLOW_MISSING_BUNDLES = '1';
});
const components = await import('../components/index.ts');
const aws = await import('@pulumi/aws');

const out = (value: string) => pulumi.output(value);
const platform: import('../components/index.ts').Platform = {
  project: 'switchboard',
  stage: 'unit',
  profile: 'dev',
  settings: stageTable.dev,
  region: 'eu-central-1',
  allowedOrigins: [],
  consoleOrigin: out('https://d111111abcdef8.cloudfront.net'),
  tags: {},
  physicalName: components.makePhysicalName('switchboard', 'unit'),
  bus: { name: out('switchboard-unit'), arn: out('arn:aws:events:eu-central-1:123456789012:event-bus/switchboard-unit') },
  userPool: {
    id: out('pool'),
    arn: out('pool-arn'),
    clientId: out('client'),
    issuer: out('https://issuer'),
    domain: out('unit.auth.eu-central-1.amazoncognito.com'),
    groups: {},
  },
  globalName: (name: string) => out(`switchboard-unit-${name}-0a1b2c3d`),
  reserveConcurrency: components.concurrencyBudget(1000),
  telephonyReservedConcurrency: 5,
  providers: { awsNative: undefined as never },
  account: out('123456789012'),
  connect: { instanceId: out('i'), instanceArn: out('a'), queueId: out('q'), phoneNumber: out('+15550100100') },
  network: { vpcId: out('vpc'), publicSubnetIds: pulumi.output(['subnet']), clusterArn: out('cluster') },
  alarmTopicArn: out('topic'),
};

function throwsWith(fn: () => unknown, expected: RegExp): void {
  try {
    fn();
  } catch (error) {
    assert.match((error as Error).message, expected);
    return;
  }
  assert.unreachable(`expected an error matching ${expected}`);
}

validation('LambdaFunction rejects "*" and whole-service wildcards, naming the component', () => {
  const base = { platform, service: 'sample', handler: 'api' };
  throwsWith(
    () => new components.LambdaFunction('bad-star', { ...base, statements: [{ Action: '*', Resource: '*' }] }),
    /LambdaFunction bad-star: statement 0: Action "\*" grants a whole service/,
  );
  throwsWith(
    () => new components.LambdaFunction('bad-chime', { ...base, statements: [{ Action: ['chime:GetVoiceConnector', 'chime:*'], Resource: '*' }] }),
    /Action "chime:\*" grants a whole service/,
  );
  throwsWith(() => new components.LambdaFunction('bad-not', { ...base, statements: [{ NotAction: 'iam:*', Resource: '*' } as never] }), /NotAction/);
  throwsWith(() => new components.LambdaFunction('bad-timeout', { ...base, timeoutSeconds: 901 }), /timeoutSeconds must be an integer in 1–900/);
  throwsWith(
    () => new components.LambdaFunction('bad-retries', { ...base, asyncInvocation: { maximumRetryAttempts: 3 } }),
    /maximumRetryAttempts must be an integer in 0–2/,
  );
});

validation('LambdaFunction without its bundle names npm run build', () => {
  delete process.env.SWITCHBOARD_ALLOW_MISSING_BUNDLES;
  try {
    throwsWith(
      () => new components.LambdaFunction('no-bundle', { platform, service: 'sample', handler: 'api', distDir: '/nonexistent/dist' }),
      /bundle \/nonexistent\/dist\/sample\/api\/index\.mjs is missing\. Run `npm run build -- --profile dev`/,
    );
  } finally {
    process.env.SWITCHBOARD_ALLOW_MISSING_BUNDLES = '1';
  }
});

validation('LambdaFunction refuses bundles built for the other profile, and takes matching ones', () => {
  const distDir = mkdtempSync(path.join(tmpdir(), 'switchboard-dist-'));
  mkdirSync(path.join(distDir, 'sample', 'api'), { recursive: true });
  writeFileSync(path.join(distDir, 'sample', 'api', 'index.mjs'), 'export const handler = async () => 1;\n');
  const built = (profile: 'dev' | 'prod') =>
    writeFileSync(
      path.join(distDir, 'build-info.json'),
      JSON.stringify({ profile, minify: stageTable[profile].minify, sourcemaps: stageTable[profile].sourcemaps }),
    );
  delete process.env.SWITCHBOARD_ALLOW_MISSING_BUNDLES;
  try {
    built('prod');
    throwsWith(
      () => new components.LambdaFunction('wrong-profile', { platform, service: 'sample', handler: 'api', distDir }),
      /holds a prod build \(minify true, sourcemaps false\) but stage unit wants minify false, sourcemaps true: run `npm run build -- --profile dev`/,
    );
    built('dev');
    const fn = new components.LambdaFunction('right-profile', { platform, service: 'sample', handler: 'api', distDir });
    assert.ok(fn.function, 'a dev build deploys on a dev stage');
  } finally {
    process.env.SWITCHBOARD_ALLOW_MISSING_BUNDLES = '1';
    rmSync(distDir, { recursive: true, force: true });
  }
});

validation('Subscription to a Lambda without asyncInvocation is rejected', () => {
  const fn = new components.LambdaFunction('sync-only', { platform, service: 'sample', handler: 'worker' });
  throwsWith(
    () => new components.Subscription('sub', { platform, contract: CalloutRequested, target: { function: fn } }),
    /Subscription sub: LambdaFunction target must be created with asyncInvocation/,
  );
  const asyncFn = new components.LambdaFunction('async', { platform, service: 'sample', handler: 'worker', asyncInvocation: {} });
  throwsWith(
    () =>
      new components.Subscription('sub-retries', {
        platform,
        contract: CalloutRequested,
        target: { function: asyncFn },
        retryPolicy: { maximumRetryAttempts: 200 },
      }),
    /maximumRetryAttempts must be 0–185/,
  );
});

validation("a queue takes one Subscription: a second would replace the first one's queue policy", () => {
  const queue = new aws.sqs.Queue('shared-queue', {});
  new components.Subscription('first', { platform, contract: CalloutRequested, target: { queue } });
  throwsWith(
    () => new components.Subscription('second', { platform, contract: SmsOptedOut, target: { queue } }),
    /Subscription second: the queue is already the target of Subscription first; list both contracts in one Subscription/,
  );
});

validation('HttpApi rejects a wildcard CORS origin and malformed routes', () => {
  const fn = new components.LambdaFunction('api-fn', { platform, service: 'sample', handler: 'api' });
  throwsWith(
    () => new components.HttpApi('cors', { platform, function: fn, allowedOrigins: ['*'] }),
    /HttpApi cors: CORS origin "\*" contains a wildcard/,
  );
  throwsWith(() => new components.HttpApi('cors2', { platform, function: fn, allowedOrigins: ['https://*.example.com'] }), /wildcard/);
  throwsWith(() => new components.HttpApi('route', { platform, function: fn, routes: ['FETCH /x'] }), /route "FETCH \/x" must look like/);
  throwsWith(
    () => new components.HttpApi('any', { platform, function: fn, allowedOrigins: ['https://ops.example.com'], routes: ['ANY /{proxy+}'] }),
    /authenticated route "ANY \/\{proxy\+\}" would answer CORS preflights with 401/,
  );
});

validation('Table and FargateService validate their arguments', () => {
  throwsWith(
    () =>
      new components.Table('t', {
        platform,
        service: 'sample',
        definition: { name: 'x', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'pk', type: 'N' } },
      }),
    /attribute pk declared as S and N/,
  );
  throwsWith(() => new components.FargateService('f', { platform, service: 'sample', image: 'x', cpu: 300 }), /cpu must be one of/);
  throwsWith(
    () => new components.FargateService('f2', { platform, service: 'sample', image: 'x', memoryMb: 4096 }),
    /memoryMb 4096 is outside 512–2048/,
  );
  throwsWith(
    () =>
      new components.FargateService('f3', {
        platform,
        service: 'sample',
        image: 'x',
        ingress: [{ protocol: 'udp', fromPort: 5060, cidrBlocks: ['anywhere'], description: 'SIP' }],
      }),
    /cidrBlocks must be IPv4 CIDRs/,
  );
  throwsWith(
    () => new components.FargateService('f4', { platform, service: 'sample', image: 'x', statements: [{ Action: 'ecs:*', Resource: '*' }] }),
    /FargateService f4: statement 0: Action "ecs:\*"/,
  );
});

validation('ConnectInstance rejects opening hours that close before they open', () => {
  throwsWith(
    () =>
      new components.ConnectInstance('hours', {
        defaultAlias: 'switchboard-unit',
        config: {
          mode: 'create',
          timeZone: 'UTC',
          opensAt: '18:00',
          closesAt: '08:00',
          days: ['MONDAY'],
          phoneNumber: { countryCode: 'US', type: 'DID' },
        },
      }),
    /ConnectInstance hours: closesAt 08:00 must be after opensAt 18:00/,
  );
});

validation.run();
