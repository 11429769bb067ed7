/**
 * The stack invariants (support/invariants.ts) must be able to fail: each test breaks one rule in an otherwise
 * sound hand-made stack and expects exactly that violation. The Pulumi tests then run them over real programs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../config.ts';
import { checkAlarms, checkAll, checkBucketsPrivate, checkAsyncDeadLetters, checkIamStatements, checkLambdaRolesAndLogs, checkTables, compareStages, checkComponentConventions } from './support/invariants.ts';
import type { RegisteredResource, StackRun } from './support/stack-harness.ts';

const dev = stageTable.dev;
const prod = stageTable.prod;
const arn = (service: string, rest: string) => `arn:aws:${service}:eu-central-1:123456789012:${rest}`;

function resource(type: string, name: string, inputs: Record<string, any>, extra: Partial<RegisteredResource> = {}): RegisteredResource {
  const state = { ...inputs, ...(extra.state ?? {}) };
  return { type, name, custom: true, inputs, protect: false, parentUrn: "", ...extra, state };
}

/** A sound stack: one async Lambda subscribed to a rule, its role, logs, DLQs, a table. */
function soundStack(settings = dev): RegisteredResource[] {
  const fnArn = arn('lambda', 'function:sb-dev-svc-worker');
  const dlqArn = arn('sqs', 'sb-dev-worker-dlq');
  const ruleDlqArn = arn('sqs', 'sb-dev-rule-dlq');
  return [
    resource('aws:iam/role:Role', 'worker-role', { assumeRolePolicy: '{}' }, { state: { arn: arn('iam', 'role/worker-role') } }),
    resource('aws:iam/rolePolicy:RolePolicy', 'worker-policy', {
      policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 's3:Get*'], Resource: '*' }] }),
    }),
    resource('aws:cloudwatch/logGroup:LogGroup', 'worker-logs', { name: '/aws/lambda/sb-dev-svc-worker', retentionInDays: settings.logRetentionDays }),
    resource(
      'aws:lambda/function:Function',
      'worker-function',
      { name: 'sb-dev-svc-worker', role: arn('iam', 'role/worker-role'), runtime: 'nodejs22.x', architectures: ['arm64'], loggingConfig: { logGroup: '/aws/lambda/sb-dev-svc-worker' } },
      { state: { arn: fnArn } },
    ),
    resource('aws:sqs/queue:Queue', 'worker-dlq', { sqsManagedSseEnabled: true }, { state: { arn: dlqArn } }),
    resource('aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig', 'worker-async', {
      functionName: 'sb-dev-svc-worker',
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: dlqArn } },
    }),
    resource('aws:sqs/queue:Queue', 'rule-dlq', { sqsManagedSseEnabled: true }, { state: { arn: ruleDlqArn } }),
    resource('aws:lambda/permission:Permission', 'rule-permission', { function: 'sb-dev-svc-worker', principal: 'events.amazonaws.com' }),
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
  assert.ok(resources.some((r) => r.name === name), `fixture has ${name}`);
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
  assert.ok(violations.some((v) => v.includes('is shared by worker-function, twin-function')), violations.join('\n'));
});

test('Action "*", a whole-service wildcard and NotAction are reported', () => {
  for (const [statement, expected] of [
    [{ Effect: 'Allow', Action: '*', Resource: '*' }, 'Action "*"'],
    [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'chime:*'], Resource: '*' }, 'Action "chime:*"'],
    [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 'NotAction grants by exclusion'],
  ] as const) {
    const broken = edit(soundStack(), 'worker-policy', withInputs({ policy: JSON.stringify({ Statement: [statement] }) }));
    const violations = checkIamStatements(run(broken));
    assert.ok(violations.some((v) => v.includes(expected)), `${expected}: ${violations.join('\n')}`);
  }
  const keyPolicy = [...soundStack(), resource('aws:kms/key:Key', 'key', { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'root' }, Action: 'kms:*', Resource: '*' }] }) })];
  assert.equal(checkIamStatements(run(keyPolicy)), ['Key key policy: Action "kms:*"'], 'resource policies of any type are checked');
  const admin = [...soundStack(), resource('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'admin', { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })];
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
  assert.ok(violations.some((v) => v.startsWith('Function worker-function: invoked asynchronously')), violations.join('\n'));
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
  assert.ok(violations.some((v) => v.includes('point-in-time recovery false, stage says true')), violations.join('\n'));
  assert.ok(violations.some((v) => v.includes('protect false, stage says true')), violations.join('\n'));
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
    resource('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'files-block', { bucket: 'sb-dev-files', blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets });
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

  const generated = (value: string) => (r: RegisteredResource) => ({ ...r, inputs: { ...r.inputs, secretString: { value } }, ignoreChanges: ['secretString'] });
  const devSecret = edit(soundStack(dev), 'worker-dlq', generated('a'));
  const prodSecret = edit(soundStack(prod), 'worker-dlq', generated('b'));
  assert.equal(compareStages(run(devSecret), run(prodSecret, 'prod')).violations, [], 'creation-time values under ignoreChanges');
  const prodSecretNotIgnored = edit(soundStack(prod), 'worker-dlq', (r) => ({ ...generated('b')(r), ignoreChanges: [] }));
  const devSecretNotIgnored = edit(soundStack(dev), 'worker-dlq', (r) => ({ ...generated('a')(r), ignoreChanges: [] }));
  assert.is(compareStages(run(devSecretNotIgnored), run(prodSecretNotIgnored, 'prod')).violations.length, 1);

  const extra = [...soundStack(prod), resource('aws:sqs/queue:Queue', 'prod-only', {})];
  assert.equal(compareStages(run(soundStack(dev)), run(extra, 'prod')).violations, ['only in prod: aws:sqs/queue:Queue::prod-only']);
});

test.run();
