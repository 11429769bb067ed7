/**
 * The stack invariants (support/invariants.ts) must be able to fail: each test breaks one rule in an otherwise
 * sound hand-made stack and expects exactly that violation. The Pulumi tests then run them over real programs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../config.ts';
import { derivedNameSuffix } from '../components/platform.ts';
import {
  checkAlarms,
  checkAll,
  checkAsyncDeadLetters,
  checkBucketsPrivate,
  checkComponentConventions,
  checkEncryptionAndTransport,
  checkEventSourceMappings,
  checkExplicitProviders,
  checkFlowAssociations,
  checkGlobalNames,
  checkIamResourceTypes,
  checkIamStatements,
  checkImagePlatforms,
  checkLambdaPermissions,
  checkLambdaRolesAndLogs,
  checkServiceRoleConditions,
  checkTables,
  checkTagValues,
  compareStages,
} from './support/invariants.ts';
import type { RegisteredResource, StackRun } from './support/stack-harness.ts';

const dev = stageTable.dev;
const prod = stageTable.prod;
const arn = (service: string, rest: string) => `arn:aws:${service}:eu-central-1:123456789012:${rest}`;

function resource(type: string, name: string, inputs: Record<string, any>, extra: Partial<RegisteredResource> = {}): RegisteredResource {
  const state = { ...inputs, ...(extra.state ?? {}) };
  return { type, name, custom: true, inputs, protect: false, parentUrn: '', ...extra, state };
}

/** A sound stack: one async Lambda subscribed to a rule, its role, logs, DLQs, a table. */
function soundStack(settings = dev): RegisteredResource[] {
  const fnArn = arn('lambda', 'function:sb-dev-svc-worker');
  const dlqArn = arn('sqs', 'sb-dev-worker-dlq');
  const ruleDlqArn = arn('sqs', 'sb-dev-rule-dlq');
  return [
    resource('aws:iam/role:Role', 'worker-role', { assumeRolePolicy: '{}' }, { state: { arn: arn('iam', 'role/worker-role'), id: 'worker-role' } }),
    resource('aws:iam/rolePolicy:RolePolicy', 'worker-policy', {
      role: 'worker-role',
      policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: arn('dynamodb', 'table/sb-dev-items') }] }),
    }),
    resource('aws:cloudwatch/logGroup:LogGroup', 'worker-logs', {
      name: '/aws/lambda/sb-dev-svc-worker',
      retentionInDays: settings.logRetentionDays,
    }),
    resource(
      'aws:lambda/function:Function',
      'worker-function',
      {
        name: 'sb-dev-svc-worker',
        role: arn('iam', 'role/worker-role'),
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        loggingConfig: { logGroup: '/aws/lambda/sb-dev-svc-worker' },
      },
      { state: { arn: fnArn } },
    ),
    resource('aws:sqs/queue:Queue', 'worker-dlq', { sqsManagedSseEnabled: true }, { state: { arn: dlqArn } }),
    resource('aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig', 'worker-async', {
      functionName: 'sb-dev-svc-worker',
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: dlqArn } },
    }),
    resource('aws:sqs/queue:Queue', 'rule-dlq', { sqsManagedSseEnabled: true }, { state: { arn: ruleDlqArn } }),
    resource('aws:lambda/permission:Permission', 'rule-permission', {
      function: 'sb-dev-svc-worker',
      principal: 'events.amazonaws.com',
      sourceArn: arn('events', 'rule/sb-dev-rule'),
    }),
    resource('aws:cloudwatch/eventTarget:EventTarget', 'rule-target', {
      arn: fnArn,
      deadLetterConfig: { arn: ruleDlqArn },
      retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
    }),
    resource(
      'aws:dynamodb/table:Table',
      'items-table',
      {
        billingMode: 'PAY_PER_REQUEST',
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
        deletionProtectionEnabled: settings.deletionProtection,
      },
      { protect: settings.protect },
    ),
  ];
}

const run = (resources: RegisteredResource[], stack = 'dev'): StackRun => ({ stack, config: {}, resources, outputs: {} });
function edit(resources: RegisteredResource[], name: string, change: (r: RegisteredResource) => RegisteredResource): RegisteredResource[] {
  assert.ok(
    resources.some((r) => r.name === name),
    `fixture has ${name}`,
  );
  return resources.map((r) => (r.name === name ? change(r) : r));
}
const withInputs = (inputs: Record<string, any>) => (r: RegisteredResource) => ({ ...r, inputs: { ...r.inputs, ...inputs } });

test('the sound stack holds every invariant, on dev and on prod', () => {
  assert.equal(checkAll(run(soundStack(dev)), dev), []);
  assert.equal(checkAll(run(soundStack(prod)), prod), []);
});

test('a Lambda without its own log group, or with the wrong retention, is reported', () => {
  const without = soundStack().filter((r) => r.name !== 'worker-logs');
  assert.equal(checkLambdaRolesAndLogs(run(without), dev), ['Function worker-function: no explicit log group /aws/lambda/sb-dev-svc-worker']);
  const forever = edit(soundStack(), 'worker-logs', withInputs({ retentionInDays: undefined }));
  assert.ok(checkLambdaRolesAndLogs(run(forever), dev).some((v) => v.includes('keeps logs forever days')));
});

test('two Lambdas sharing a role are reported', () => {
  const base = soundStack();
  const twin = { ...base.find((r) => r.name === 'worker-function')!, name: 'twin-function' };
  const twinFn = { ...twin, inputs: { ...twin.inputs, name: 'sb-dev-svc-twin', loggingConfig: { logGroup: '/aws/lambda/sb-dev-svc-worker' } } };
  const violations = checkLambdaRolesAndLogs(run([...base, twinFn]), dev);
  assert.ok(
    violations.some((v) => v.includes('is shared by worker-function, twin-function')),
    violations.join('\n'),
  );
});

test('Action "*", a whole-service wildcard and NotAction are reported', () => {
  for (const [statement, expected] of [
    [{ Effect: 'Allow', Action: '*', Resource: '*' }, 'Action "*"'],
    [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'chime:*'], Resource: '*' }, 'Action "chime:*"'],
    [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 'NotAction grants by exclusion'],
  ] as const) {
    const broken = edit(soundStack(), 'worker-policy', withInputs({ policy: JSON.stringify({ Statement: [statement] }) }));
    const violations = checkIamStatements(run(broken));
    assert.ok(
      violations.some((v) => v.includes(expected)),
      `${expected}: ${violations.join('\n')}`,
    );
  }
  const keyPolicy = [
    ...soundStack(),
    resource('aws:kms/key:Key', 'key', {
      policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'root' }, Action: 'kms:*', Resource: '*' }] }),
    }),
  ];
  assert.equal(checkIamStatements(run(keyPolicy)), ['Key key policy: Action "kms:*"'], 'resource policies of any type are checked');
  const admin = [
    ...soundStack(),
    resource('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'admin', { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
  ];
  assert.equal(checkIamStatements(run(admin)), ['RolePolicyAttachment admin: attaches arn:aws:iam::aws:policy/AdministratorAccess']);
});

test('an EventBridge target without a DLQ or a retry policy is reported', () => {
  const noDlq = edit(soundStack(), 'rule-target', withInputs({ deadLetterConfig: undefined }));
  assert.equal(checkAsyncDeadLetters(run(noDlq)), ['EventTarget rule-target: no dead-letter queue']);
  const noRetry = edit(soundStack(), 'rule-target', withInputs({ retryPolicy: undefined }));
  assert.equal(checkAsyncDeadLetters(run(noRetry)), ['EventTarget rule-target: no retry policy (maximumRetryAttempts and maximumEventAgeInSeconds)']);
});

test('a Lambda invoked asynchronously without retries + DLQ is reported', () => {
  const broken = soundStack().filter((r) => r.name !== 'worker-async');
  const violations = checkAsyncDeadLetters(run(broken));
  assert.ok(
    violations.some((v) => v.startsWith('Function worker-function: invoked asynchronously')),
    violations.join('\n'),
  );
});

test('a queue consumed by Lambda without a redrive policy, and an unencrypted DLQ, are reported', () => {
  const queueArn = arn('sqs', 'work');
  const consumed = [
    ...soundStack(),
    resource('aws:sqs/queue:Queue', 'work', {}, { state: { arn: queueArn } }),
    resource('aws:lambda/eventSourceMapping:EventSourceMapping', 'work-source', { eventSourceArn: queueArn }),
  ];
  assert.equal(checkAsyncDeadLetters(run(consumed)), ['Queue work: consumed by work-source without a redrive policy to a DLQ']);
  const plainDlq = edit(soundStack(), 'rule-dlq', withInputs({ sqsManagedSseEnabled: false }));
  assert.equal(checkAsyncDeadLetters(run(plainDlq)), ['Queue rule-dlq: dead-letter queue is not encrypted']);
});

test('an unencrypted table, or prod without point-in-time recovery, is reported', () => {
  const plain = edit(soundStack(), 'items-table', withInputs({ serverSideEncryption: undefined }));
  assert.equal(checkTables(run(plain), dev), ['Table items-table: server-side encryption not enabled']);
  const devTableOnProd = soundStack(dev);
  const violations = checkTables(run(devTableOnProd), prod);
  assert.ok(
    violations.some((v) => v.includes('point-in-time recovery false, stage says true')),
    violations.join('\n'),
  );
  assert.ok(
    violations.some((v) => v.includes('protect false, stage says true')),
    violations.join('\n'),
  );
});

test('a component child not named after its parent is reported', () => {
  const parentUrn = 'urn:pulumi:dev::switchboard::switchboard:lambda:LambdaFunction::worker';
  const child = resource('aws:sqs/queue:Queue', 'queue', {}, { parentUrn });
  assert.equal(checkComponentConventions(run([child])), ['Queue queue: child of worker should be named worker-<role>']);
  assert.equal(checkComponentConventions(run([{ ...child, name: 'worker-queue' }])), []);
});

test('a bucket without a full public access block is reported', () => {
  const bucket = resource('aws:s3/bucket:Bucket', 'files', { bucket: 'sb-dev-files' }, { state: { id: 'sb-dev-files' } });
  const block = (restrictPublicBuckets: boolean) =>
    resource('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'files-block', {
      bucket: 'sb-dev-files',
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets,
    });
  assert.equal(checkBucketsPrivate(run([bucket])), ['Bucket files: no public access block with all four switches on']);
  assert.equal(checkBucketsPrivate(run([bucket, block(false)])), ['Bucket files: no public access block with all four switches on']);
  assert.equal(checkBucketsPrivate(run([bucket, block(true)])), []);
});

test('an alarm without actions is reported', () => {
  const silent = [...soundStack(), resource('aws:cloudwatch/metricAlarm:MetricAlarm', 'quiet', { metricName: 'Errors' })];
  assert.equal(checkAlarms(run(silent)), ['MetricAlarm quiet: no alarm actions']);
  assert.equal(checkAlarms(run([resource('aws:cloudwatch/metricAlarm:MetricAlarm', 'loud', { alarmActions: ['arn:aws:sns:x'] })])), []);
});

test('dev and prod may differ only where the stage table says, with its values', () => {
  const same = compareStages(run(soundStack(dev)), run(soundStack(prod), 'prod'));
  assert.equal(same.violations, []);
  assert.equal([...same.observed].sort(), ['deletionProtection', 'logRetentionDays', 'pointInTimeRecovery', 'protect']);

  const unexplained = edit(soundStack(prod), 'worker-function', withInputs({ memorySize: 1024 }));
  assert.equal(compareStages(run(soundStack(dev)), run(unexplained, 'prod')).violations, [
    'Function worker-function memorySize: dev undefined, prod 1024 — no stage-table setting explains this difference',
  ]);

  const wrongValue = edit(soundStack(prod), 'worker-logs', withInputs({ retentionInDays: 30 }));
  const violations = compareStages(run(soundStack(dev)), run(wrongValue, 'prod')).violations;
  assert.ok(violations[0]?.includes('logRetentionDays says dev 14, prod 365'), violations.join('\n'));

  const generated = (value: string) => (r: RegisteredResource) => ({
    ...r,
    inputs: { ...r.inputs, secretString: { value } },
    ignoreChanges: ['secretString'],
  });
  const devSecret = edit(soundStack(dev), 'worker-dlq', generated('a'));
  const prodSecret = edit(soundStack(prod), 'worker-dlq', generated('b'));
  assert.equal(compareStages(run(devSecret), run(prodSecret, 'prod')).violations, [], 'creation-time values under ignoreChanges');
  const prodSecretNotIgnored = edit(soundStack(prod), 'worker-dlq', (r) => ({ ...generated('b')(r), ignoreChanges: [] }));
  const devSecretNotIgnored = edit(soundStack(dev), 'worker-dlq', (r) => ({ ...generated('a')(r), ignoreChanges: [] }));
  assert.is(compareStages(run(devSecretNotIgnored), run(prodSecretNotIgnored, 'prod')).violations.length, 1);

  const extra = [...soundStack(prod), resource('aws:sqs/queue:Queue', 'prod-only', {})];
  assert.equal(compareStages(run(soundStack(dev)), run(extra, 'prod')).violations, ['only in prod: aws:sqs/queue:Queue::prod-only']);
});

// ── the deployability invariants (issue 14), each shown to fail on a stack broken in exactly its way ──────────────

test('an SQS event source mapping whose function role cannot receive from the queue is reported', () => {
  const queueArn = arn('sqs', 'sb-dev-work');
  const consumed = [
    ...soundStack(),
    resource('aws:sqs/queue:Queue', 'work', { sqsManagedSseEnabled: true }, { state: { arn: queueArn } }),
    resource('aws:lambda/eventSourceMapping:EventSourceMapping', 'work-source', { eventSourceArn: queueArn, functionName: 'sb-dev-svc-worker' }),
  ];
  assert.equal(checkEventSourceMappings(run(consumed)), [
    `EventSourceMapping work-source: role of worker-function lacks sqs:ReceiveMessage on ${queueArn}`,
    `EventSourceMapping work-source: role of worker-function lacks sqs:DeleteMessage on ${queueArn}`,
    `EventSourceMapping work-source: role of worker-function lacks sqs:GetQueueAttributes on ${queueArn}`,
  ]);
  const granted = edit(
    consumed,
    'worker-policy',
    withInputs({
      policy: JSON.stringify({
        Statement: [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: queueArn }],
      }),
    }),
  );
  assert.equal(checkEventSourceMappings(run(granted)), []);
});

test('an image built for one architecture on a task of another (or a task naming none) is reported', () => {
  const image = resource('awsx:ecr:Image', 'sim-image', { platform: 'linux/arm64' }, { state: { imageUri: 'repo@sha256:1' } });
  const task = (cpuArchitecture?: string) =>
    resource('awsx:ecs:FargateService', 'sim-service', {
      taskDefinitionArgs: { ...(cpuArchitecture ? { runtimePlatform: { cpuArchitecture } } : {}), container: { image: 'repo@sha256:1' } },
    });
  assert.equal(checkImagePlatforms(run([image, task('ARM64')])), []);
  assert.equal(checkImagePlatforms(run([image, task('X86_64')])), ['Image sim-image: built for linux/arm64, but sim-service runs X86_64']);
  assert.equal(checkImagePlatforms(run([image, task()])), [
    'FargateService sim-service: task definition names no runtimePlatform.cpuArchitecture (Fargate then runs X86_64)',
    'Image sim-image: built for linux/arm64, but sim-service runs X86_64',
  ]);
});

test('an aws-native resource on the default provider (or a provider without a region) is reported', () => {
  const provider = (region?: string) =>
    resource('pulumi:providers:aws-native', 'native', region ? { region } : {}, {
      urn: 'urn:pulumi:dev::switchboard::pulumi:providers:aws-native::native',
    });
  const bot = (providerRef: string) => resource('aws-native:lex:Bot', 'bot', {}, { provider: providerRef });
  const ref = 'urn:pulumi:dev::switchboard::pulumi:providers:aws-native::native::0000';
  assert.equal(checkExplicitProviders(run([provider('eu-central-1'), bot(ref)])), []);
  assert.equal(checkExplicitProviders(run([provider('eu-central-1'), bot('')])), [
    'Bot bot: no explicit aws-native provider (the default one reads aws-native:region, not aws:region)',
  ]);
  assert.equal(checkExplicitProviders(run([provider(), bot(ref)])), ['Bot bot: its provider native sets no region']);
});

test('a globally unique name without the uniqueness suffix is reported', () => {
  const suffix = derivedNameSuffix('123456789012', 'eu-central-1');
  const named = (bucket: string) => [
    resource('aws:s3/bucket:Bucket', 'files', { bucket }),
    resource('aws:cognito/userPoolDomain:UserPoolDomain', 'domain', { domain: `switchboard-dev-${suffix}` }),
    resource('aws:connect/instance:Instance', 'connect', { instanceAlias: 'switchboard-dev' }),
  ];
  assert.equal(checkGlobalNames(run(named(`switchboard-dev-files-${suffix}`))), [
    `Instance connect: instanceAlias "switchboard-dev" is global but carries no uniqueness suffix (${suffix})`,
  ]);
  assert.equal(checkGlobalNames(run(named('switchboard-dev-files'))).length, 2);
  assert.equal(
    checkGlobalNames({ ...run(named('switchboard-dev-files-x7y8')), config: { nameSuffix: 'x7y8' } }).length,
    2,
    'a configured suffix is the one looked for',
  );
});

test('a contact flow created without depending on the associations it references is reported', () => {
  const lambdaArn = arn('lambda', 'function:sb-dev-flow-step');
  const association = resource(
    'aws:connect/lambdaFunctionAssociation:LambdaFunctionAssociation',
    'assoc',
    { functionArn: lambdaArn },
    { urn: 'urn:assoc' },
  );
  const flow = (dependencies: string[]) =>
    resource(
      'aws:connect/contactFlow:ContactFlow',
      'flow',
      { content: JSON.stringify({ Parameters: { LambdaFunctionARN: lambdaArn } }) },
      { dependencies },
    );
  assert.equal(checkFlowAssociations(run([association, flow(['urn:assoc'])])), []);
  assert.equal(checkFlowAssociations(run([association, flow([])])), [`ContactFlow flow: does not depend on assoc (the association of ${lambdaArn})`]);
  assert.equal(checkFlowAssociations(run([flow([])])), [`ContactFlow flow: names ${lambdaArn}, which no association adds to the instance`]);
});

test('an IAM statement whose resources are not what its actions accept is reported (the IAM reference table)', () => {
  const policy = (statement: Record<string, unknown>) => [
    resource('aws:iam/rolePolicy:RolePolicy', 'p', { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', ...statement }] }) }),
  ];
  const instance = 'arn:aws:connect:eu-central-1:123456789012:instance/11111111-2222-3333-4444-555555555555';
  // The callouts bug: StartOutboundVoiceContact granted on the instance and its flows, never on a contact.
  assert.equal(
    checkIamResourceTypes(run(policy({ Action: ['connect:StartOutboundVoiceContact'], Resource: [instance, `${instance}/contact-flow/*`] }))),
    [
      `RolePolicy p policy: connect:StartOutboundVoiceContact needs connect:contact; none of ${instance}, ${instance}/contact-flow/* is one`,
      `RolePolicy p policy: ${instance} is a resource none of connect:StartOutboundVoiceContact acts on`,
      `RolePolicy p policy: ${instance}/contact-flow/* is a resource none of connect:StartOutboundVoiceContact acts on`,
    ],
  );
  assert.equal(checkIamResourceTypes(run(policy({ Action: ['connect:StartOutboundVoiceContact'], Resource: `${instance}/contact/*` }))), []);
  // SendTaskSuccess names no resource type: scoped to the state machine it grants nothing.
  const machine = arn('states', 'stateMachine:sb-dev-job');
  assert.equal(checkIamResourceTypes(run(policy({ Action: ['states:SendTaskSuccess'], Resource: machine }))), [
    `RolePolicy p policy: states:SendTaskSuccess names no resource type, so it needs Resource "*" (got ${machine})`,
    `RolePolicy p policy: ${machine} is a resource none of states:SendTaskSuccess acts on`,
  ]);
  assert.equal(checkIamResourceTypes(run(policy({ Action: ['dynamodb:GetItem'], Resource: '*' }))), [
    'RolePolicy p policy: dynamodb:GetItem on "*" — it supports dynamodb:table: scope it',
  ]);
  assert.equal(checkIamResourceTypes(run(policy({ Action: ['dynamodb:Frobnicate'], Resource: '*' }))), [
    'RolePolicy p policy: dynamodb:Frobnicate is not in the IAM resource-type table (infra/test/support/iam-resource-types.ts)',
  ]);
});

test('a Lambda permission without SourceArn is reported', () => {
  const open = edit(soundStack(), 'rule-permission', withInputs({ sourceArn: undefined }));
  assert.equal(checkLambdaPermissions(run(open)), [
    'Permission rule-permission: events.amazonaws.com may invoke sb-dev-svc-worker from any resource (no SourceArn)',
  ]);
});

test('a role an AWS service assumes without aws:SourceAccount is reported; Lambda execution roles are exempt', () => {
  const role = (service: string, condition?: unknown) =>
    resource('aws:iam/role:Role', `${service.split('.')[0]}-role`, {
      assumeRolePolicy: JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
      }),
    });
  assert.equal(checkServiceRoleConditions(run([role('states.amazonaws.com')])), [
    "Role states-role: states.amazonaws.com may assume it for any account's resources (no aws:SourceAccount condition)",
  ]);
  assert.equal(checkServiceRoleConditions(run([role('states.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '123456789012' } })])), []);
  assert.equal(checkServiceRoleConditions(run([role('lambda.amazonaws.com')])), []);
});

test('a bucket without a TLS-only policy, an unencrypted topic or queue is reported', () => {
  const bucket = resource('aws:s3/bucket:Bucket', 'files', { bucket: 'b' }, { state: { id: 'b' } });
  const tlsOnly = resource('aws:s3/bucketPolicy:BucketPolicy', 'files-policy', {
    bucket: 'b',
    policy: JSON.stringify({
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: ['s3:GetObject'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    }),
  });
  assert.equal(checkEncryptionAndTransport(run([bucket, tlsOnly])), []);
  assert.equal(checkEncryptionAndTransport(run([bucket])), [
    'Bucket files: no bucket policy denying requests without TLS (aws:SecureTransport false)',
  ]);
  assert.equal(checkEncryptionAndTransport(run([resource('aws:sns/topic:Topic', 'alarms', {})])), ['Topic alarms: not encrypted (kmsMasterKeyId)']);
  assert.equal(checkEncryptionAndTransport(run([resource('aws:sqs/queue:Queue', 'work', {})])), ['Queue work: not encrypted']);
});

test('a tag value AWS refuses is reported', () => {
  const tagged = (purpose: string) => [resource('aws:sqs/queue:Queue', 'dlq', { tags: { purpose } })];
  assert.equal(checkTagValues(run(tagged('dead letters of deliveries to x'))), []);
  assert.equal(checkTagValues(run(tagged('dead letters (errors, telemetry)'))), [
    'Queue dlq: tag purpose "dead letters (errors, telemetry)" has characters AWS tags refuse',
  ]);
});

test.run();
