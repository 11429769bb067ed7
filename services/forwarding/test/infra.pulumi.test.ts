/**
 * The forwarding component under Pulumi mocks (dev and prod, under Pulumi mocks in this process): least-privilege IAM, private
 * buckets, the SMA wiring, the no-sleep switch state machine, JWT on every API route and CORS only for the page.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../../../infra/config.ts';
import { checkAll } from '../../../infra/test/support/invariants.ts';
import { registeredResource, runDevAndProd } from '../../../infra/test/support/stack-runs.ts';
import type { StackRun } from '../../../infra/test/support/stack-harness.ts';

const program = new URL('./infra/forwarding-program.ts', import.meta.url).href;
// The committed stack configs (every service's required keys), with this test's stage and forwarding slice.
const overrides = { stage: 'fwd', forwarding: { allowedCountries: ['US', 'CA'], maxDestinations: 3 } };
const [dev, prod] = await runDevAndProd(program, overrides);

const one = registeredResource;
const policyOf = (run: StackRun, name: string) =>
  JSON.parse(one(run, 'aws:iam/rolePolicy:RolePolicy', name).inputs.policy) as {
    Statement: Array<{ Sid?: string; Action: string[]; Resource: string | string[]; Condition?: unknown }>;
  };
const actionsOf = (run: StackRun, name: string) =>
  policyOf(run, name)
    .Statement.flatMap((s) => s.Action)
    .sort();

test('the platform invariants hold with the forwarding service on dev and prod', () => {
  assert.equal(checkAll(dev, stageTable.dev), []);
  assert.equal(checkAll(prod, stageTable.prod), []);
});

test('the SMA handler may read forwards and publish events, nothing else', () => {
  assert.equal(actionsOf(dev, 'forwarding-sma-policy'), ['dynamodb:GetItem', 'events:PutEvents', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  const statements = policyOf(dev, 'forwarding-sma-policy').Statement;
  const table = one(dev, 'aws:dynamodb/table:Table', 'forwarding-forwards-table');
  assert.is(statements.find((s) => s.Sid === 'ReadForwards')!.Resource, table.state.arn);
  const fn = one(dev, 'aws:lambda/function:Function', 'forwarding-sma-function');
  assert.ok(fn.inputs.timeout <= 3, 'answers well under the 5 s after which Chime retries');
  const permission = one(dev, 'aws:lambda/permission:Permission', 'forwarding-sma-invoke');
  assert.is(permission.inputs.principal, 'voiceconnector.chime.amazonaws.com');
  assert.is(permission.inputs.sourceAccount, '123456789012');
  const sma = one(dev, 'aws:chime/sdkvoiceSipMediaApplication:SdkvoiceSipMediaApplication', 'forwarding-sip-media-application');
  assert.is(sma.inputs.endpoints.lambdaArn, fn.state.arn);
});

test('the call counter subscribes to CallForwarded, may only UpdateItem the forwards table, and has its dead-letter queues', () => {
  for (const run of [dev, prod]) {
    assert.equal(actionsOf(run, 'forwarding-call-counter-policy'), [
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
    ]);
    const table = one(run, 'aws:dynamodb/table:Table', 'forwarding-forwards-table');
    assert.is(policyOf(run, 'forwarding-call-counter-policy').Statement.find((s) => s.Sid === 'CountForwardedCalls')!.Resource, table.state.arn);
    const fn = one(run, 'aws:lambda/function:Function', 'forwarding-call-counter-function');
    assert.is(fn.inputs.environment.variables.FORWARDS_TABLE, table.state.name);
    const rule = run.resources.find((r) => r.type === 'aws:cloudwatch/eventRule:EventRule' && r.name.startsWith('forwarding-call-forwarded-events'));
    assert.ok(rule, 'CallForwarded is subscribed');
    assert.equal(JSON.parse(rule.inputs.eventPattern)['detail-type'], ['CallForwarded']);
    const target = run.resources.find(
      (r) => r.type === 'aws:cloudwatch/eventTarget:EventTarget' && r.name.startsWith('forwarding-call-forwarded-events'),
    );
    assert.is(target?.inputs.arn, fn.state.arn);
    assert.ok(target?.inputs.deadLetterConfig?.arn, 'undeliverable events land in a dead-letter queue');
  }
});

test('chime actions are listed one by one; Voice Connector associations are scoped to Voice Connectors', () => {
  for (const run of [dev, prod]) {
    for (const name of ['forwarding-api-policy', 'forwarding-switch-worker-policy', 'forwarding-sma-policy']) {
      for (const statement of policyOf(run, name).Statement) {
        for (const action of statement.Action) assert.not.match(action, /\*/, `${name}: ${action}`);
      }
    }
  }
  const worker = policyOf(dev, 'forwarding-switch-worker-policy').Statement;
  const association = worker.find((s) => s.Sid === 'VoiceConnectorAssociations')!;
  assert.is(association.Resource, 'arn:aws:chime:eu-central-1:123456789012:vc/*');
  assert.not.ok(
    actionsOf(dev, 'forwarding-api-policy').some((a) => /^chime:(Update|Create|Delete|Associate|Disassociate)/.test(a)),
    'the API only reads Chime; changes go through the recorded switch',
  );
  assert.ok(actionsOf(dev, 'forwarding-api-policy').includes('states:StartExecution'));
});

test('product switches run on a Standard state machine that waits between rounds (no sleeping Lambda)', () => {
  const machine = one(dev, 'aws:sfn/stateMachine:StateMachine', 'forwarding-switch');
  assert.is(machine.inputs.type, 'STANDARD');
  const definition = JSON.parse(machine.inputs.definition);
  assert.is(definition.States.Wait.Type, 'Wait');
  assert.is(definition.States.Wait.SecondsPath, '$.retryAfterSeconds');
  assert.is(
    definition.States.Advance.Parameters.FunctionName,
    one(dev, 'aws:lambda/function:Function', 'forwarding-switch-worker-function').state.arn,
  );
  const role = policyOf(dev, 'forwarding-switch-policy').Statement.find((s) => s.Sid === 'InvokeWorker')!;
  assert.equal(role.Action, ['lambda:InvokeFunction']);
  const alarm = one(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm', 'forwarding-switch-failed-alarm');
  assert.equal(
    [alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.dimensions],
    ['AWS/States', 'ExecutionsFailed', { StateMachineArn: machine.state.arn }],
  );
});

test('buckets are private: prompts readable by Chime voice only, the page by its CloudFront distribution only', () => {
  for (const name of ['forwarding-prompts-public-access', 'forwarding-page-public-access']) {
    const block = one(dev, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', name).inputs;
    assert.equal([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
  }
  const prompts = JSON.parse(one(dev, 'aws:s3/bucketPolicy:BucketPolicy', 'forwarding-prompts-policy').inputs.policy);
  const chime = prompts.Statement.find((s: any) => s.Effect === 'Allow');
  assert.equal(chime.Principal, { Service: 'voiceconnector.chime.amazonaws.com' });
  assert.equal(chime.Action, ['s3:GetObject']);
  assert.equal(chime.Condition.StringEquals, { 'aws:SourceAccount': '123456789012' });
  const page = JSON.parse(one(dev, 'aws:s3/bucketPolicy:BucketPolicy', 'forwarding-page-policy').inputs.policy);
  const cloudfront = page.Statement.find((s: any) => s.Effect === 'Allow');
  assert.equal(cloudfront.Principal, { Service: 'cloudfront.amazonaws.com' });
  assert.is(
    cloudfront.Condition.StringEquals['AWS:SourceArn'],
    one(dev, 'aws:cloudfront/distribution:Distribution', 'forwarding-page-cdn').state.arn,
  );
  for (const policy of [prompts, page])
    assert.ok(policy.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition.Bool['aws:SecureTransport'] === 'false'));
  const cdn = one(dev, 'aws:cloudfront/distribution:Distribution', 'forwarding-page-cdn');
  assert.is(cdn.inputs.defaultCacheBehavior.viewerProtocolPolicy, 'redirect-to-https');
  const prompt = one(dev, 'aws:s3/bucketObjectv2:BucketObjectv2', 'forwarding-prompt-please-wait-while-we-try-to-connect-you');
  assert.is(prompt.inputs.contentType, 'audio/wav');
});

test('every API route but health, the OpenAPI document and preflights needs a Cognito JWT; CORS is the page origin only', () => {
  const routes = dev.resources.filter((r) => r.type === 'aws:apigatewayv2/route:Route');
  const byKey = new Map(routes.map((r) => [r.inputs.routeKey, r.inputs]));
  for (const key of ['GET /{proxy+}', 'PUT /{proxy+}', 'DELETE /{proxy+}']) assert.is(byKey.get(key)?.authorizationType, 'JWT', key);
  for (const key of ['GET /health', 'GET /openapi.json', 'OPTIONS /{proxy+}']) assert.is(byKey.get(key)?.authorizationType ?? 'NONE', 'NONE', key);
  assert.not.ok(byKey.has('ANY /{proxy+}'));
  const api = one(dev, 'aws:lambda/function:Function', 'forwarding-api-function').inputs.environment.variables;
  assert.match(api.PAGE_ORIGIN, /^https:\/\/[^*/]+$/);
  assert.is(api.ALLOWED_COUNTRIES, 'US,CA');
  assert.is(api.MAX_DESTINATIONS, '3');
  const config = JSON.parse(one(dev, 'aws:s3/bucketObjectv2:BucketObjectv2', 'forwarding-page-config').inputs.content);
  assert.is(config.auth.kind, 'cognito');
  assert.is(config.auth.redirectUri, `${api.PAGE_ORIGIN}/`);
});

test('prod protects the table and the buckets; dev does not', () => {
  assert.is(one(prod, 'aws:dynamodb/table:Table', 'forwarding-forwards-table').protect, true);
  assert.is(one(prod, 'aws:s3/bucket:Bucket', 'forwarding-prompts-bucket').protect, true);
  assert.is(one(dev, 'aws:s3/bucket:Bucket', 'forwarding-prompts-bucket').protect, false);
});

test.run();
