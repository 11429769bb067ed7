/**
 * The callouts component under Pulumi mocks (dev and prod, under Pulumi mocks in this process): least-privilege IAM, private
 * TLS-only buckets, the generated workflow and contact flow wired to the right functions, the paced dial queue, the
 * DISCONNECTED rule with a DLQ, and the platform invariants.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../../../infra/config.ts';
import { checkAll } from '../../../infra/test/support/invariants.ts';
import { runStack, registeredResource } from '../../../infra/test/support/stack-runs.ts';
import type { StackRun } from '../../../infra/test/support/stack-harness.ts';

const program = new URL('./infra/callouts-program.ts', import.meta.url).href;
// Every wired service's required keys must be present for the stack config to parse (iot-triage needs a sender).
const shared = {
  stage: 'co',
  alarmEmail: 'oncall@example.com',
  allowedOrigins: ['https://ops.example.com'],
  'iot-triage': { sesFromAddress: 'alerts@example.com' },
};
const [dev, prod] = await Promise.all([
  runStack('dev', { ...shared, profile: 'dev' }, program),
  runStack('prod', { ...shared, profile: 'prod' }, program),
]);

const one = registeredResource;
type Statement = { Sid?: string; Action: string[]; Resource: string | string[]; Effect?: string; Principal?: unknown };
const policyOf = (run: StackRun, name: string) =>
  JSON.parse(one(run, 'aws:iam/rolePolicy:RolePolicy', name).inputs.policy) as { Statement: Statement[] };
const actionsOf = (run: StackRun, name: string) =>
  policyOf(run, name)
    .Statement.flatMap((s) => s.Action)
    .sort();

test('the platform invariants hold with the callouts service on dev and prod', () => {
  assert.equal(checkAll(dev, stageTable.dev), []);
  assert.equal(checkAll(prod, stageTable.prod), []);
});

test('only the dial Lambda may place calls, scoped to the Connect instance and its flows', () => {
  const callers = dev.resources
    .filter((r) => r.type === 'aws:iam/rolePolicy:RolePolicy')
    .filter((r) => JSON.stringify(r.inputs.policy).includes('connect:StartOutboundVoiceContact'))
    .map((r) => r.name);
  assert.equal(callers, ['callouts-dial-policy']);
  const place = policyOf(dev, 'callouts-dial-policy').Statement.find((s) => s.Sid === 'PlaceCalls')!;
  assert.equal(place.Action, ['connect:StartOutboundVoiceContact']);
  for (const resource of [place.Resource].flat()) assert.match(resource, /^arn:aws:connect:/);
});

test('the workflow is Standard, built from the generated definition, with concurrency from config', () => {
  const machine = one(dev, 'aws:sfn/stateMachine:StateMachine', 'callouts-job');
  assert.is(machine.inputs.type, 'STANDARD');
  const definition = JSON.parse(machine.inputs.definition);
  const map = definition.States['Call receivers'];
  assert.is(map.MaxConcurrency, 8);
  assert.equal(map.ItemProcessor.ProcessorConfig, { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
  assert.is(map.ItemProcessor.States['Place call and wait'].Parameters.QueueUrl, one(dev, 'aws:sqs/queue:Queue', 'callouts-dial-queue').state.url);
  assert.is(
    definition.States['Plan round'].Parameters.FunctionName,
    one(dev, 'aws:lambda/function:Function', 'callouts-plan-round-function').state.arn,
  );
  const statements = policyOf(dev, 'callouts-job-policy').Statement;
  assert.equal(statements.find((s) => s.Sid === 'QueueDials')!.Action, ['sqs:SendMessage']);
  assert.equal(statements.find((s) => s.Sid === 'RunMapChildren')!.Action, ['states:StartExecution']);
});

test('the dial queue is paced to two workers and dead-letters; the flow reaches the real Lambdas', () => {
  const mapping = one(dev, 'aws:lambda/eventSourceMapping:EventSourceMapping', 'callouts-dial-source');
  assert.equal(mapping.inputs.scalingConfig, { maximumConcurrency: 2 });
  assert.is(mapping.inputs.batchSize, 1);
  const flow = one(dev, 'aws:connect/contactFlow:ContactFlow', 'callouts-contact-flow');
  const content = JSON.parse(flow.inputs.content);
  const invoked = content.Actions.filter((a: { Type: string }) => a.Type === 'InvokeLambdaFunction').map(
    (a: { Parameters: { LambdaFunctionARN: string } }) => a.Parameters.LambdaFunctionARN,
  );
  for (const role of ['start-call', 'next-question', 'record-answer', 'end-call']) {
    assert.ok(invoked.includes(one(dev, 'aws:lambda/function:Function', `callouts-flow-${role}-function`).state.arn), role);
  }
  const dialFn = one(dev, 'aws:lambda/function:Function', 'callouts-dial-function');
  assert.is(dialFn.inputs.environment.variables.CONNECT_CONTACT_FLOW_ID, flow.state.contactFlowId);
});

test('buckets are private and TLS-only; report links are read-only on reports/', () => {
  for (const bucket of ['callouts-jobs', 'callouts-reports']) {
    const block = one(dev, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', `${bucket}-public-access`);
    assert.equal(
      [block.inputs.blockPublicAcls, block.inputs.blockPublicPolicy, block.inputs.ignorePublicAcls, block.inputs.restrictPublicBuckets],
      [true, true, true, true],
    );
    const policy = JSON.parse(one(dev, 'aws:s3/bucketPolicy:BucketPolicy', `${bucket}-policy`).inputs.policy);
    assert.is(policy.Statement[0].Effect, 'Deny');
  }
  assert.equal(
    actionsOf(dev, 'callouts-api-policy').filter((a) => a.startsWith('s3:')),
    ['s3:GetObject'],
  );
  assert.ok(!actionsOf(dev, 'callouts-api-policy').includes('connect:StartOutboundVoiceContact'));
});

test('DISCONNECTED contact events of this instance reach the handler with retries and a DLQ; CalloutRequested is subscribed', () => {
  const rule = one(dev, 'aws:cloudwatch/eventRule:EventRule', 'callouts-contact-disconnected');
  const pattern = JSON.parse(rule.inputs.eventPattern);
  assert.equal(pattern.source, ['aws.connect']);
  assert.equal(pattern.detail.eventType, ['DISCONNECTED']);
  assert.is(pattern.detail.instanceArn.length, 1);
  const target = one(dev, 'aws:cloudwatch/eventTarget:EventTarget', 'callouts-contact-disconnected-target');
  assert.ok(target.inputs.deadLetterConfig.arn);
  assert.ok(dev.resources.some((r) => r.type === 'aws:cloudwatch/eventRule:EventRule' && r.name.startsWith('callouts-callout-requested')));
});

test('CalloutCancellationRequested reaches its own Lambda (with a DLQ), which may start the workflow to finish the job', () => {
  const rule = dev.resources.find(
    (r) => r.type === 'aws:cloudwatch/eventRule:EventRule' && r.name.startsWith('callouts-callout-cancellation-requested'),
  );
  assert.ok(rule, 'the cancellation request is subscribed');
  const pattern = JSON.parse(rule.inputs.eventPattern);
  assert.equal(pattern['detail-type'], ['CalloutCancellationRequested']);
  const target = dev.resources.find(
    (r) => r.type === 'aws:cloudwatch/eventTarget:EventTarget' && r.name.startsWith('callouts-callout-cancellation-requested'),
  );
  assert.ok(target?.inputs.deadLetterConfig?.arn, 'its target has a dead-letter queue');
  const actions = actionsOf(dev, 'callouts-callout-cancellation-policy');
  for (const action of ['dynamodb:Query', 'dynamodb:UpdateItem', 'events:PutEvents', 'states:StartExecution'])
    assert.ok(actions.includes(action), action);
  assert.not.ok(actions.includes('connect:StartOutboundVoiceContact'), 'cancelling never dials');
});

test('three Lex V2 answer bots plus the choice bot, each with a version, an alias and a Connect integration', () => {
  const bots = dev.resources.filter((r) => r.type === 'aws-native:lex:Bot');
  assert.is(bots.length, 4);
  const dateBot = bots.find((b) => b.name === 'callouts-bot-date')!;
  const intents = dateBot.inputs.botLocales[0].intents;
  assert.is(intents[0].slots[0].slotTypeName, 'AMAZON.Date');
  assert.ok(intents.some((i: { parentIntentSignature?: string }) => i.parentIntentSignature === 'AMAZON.FallbackIntent'));
  assert.is(dev.resources.filter((r) => r.type === 'aws-native:connect:IntegrationAssociation').length, 4);
});

test('spend limits are enforced on AWS too: a counter table per service, and only the functions that spend may count', () => {
  const table = dev.resources.find((r) => r.type === 'aws:dynamodb/table:Table' && r.name.startsWith('callouts-spend-limits'));
  assert.ok(table, 'the spend-limits table exists');
  assert.equal(table.inputs.ttl, { attributeName: 'expiresAt', enabled: true }, 'day counters expire by TTL');
  for (const fn of ['api']) {
    const lambda = dev.resources.find((r) => r.type === 'aws:lambda/function:Function' && r.name === `callouts-${fn}-function`);
    assert.ok(lambda?.inputs.environment?.variables?.SPEND_LIMITS_TABLE, `${fn} is told where the counters are`);
    const statement = policyOf(dev, `callouts-${fn}-policy`).Statement.find((s) => s.Sid === 'CountCalls');
    assert.ok(statement, `${fn} may count`);
    assert.equal(statement.Action, ['dynamodb:UpdateItem']);
  }
});

test.run();
