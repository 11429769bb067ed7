/**
 * The IotTriage component under Pulumi mocks, dev and prod (each in its own process): the security properties the
 * issue asks for — the IoT policy scoped to the connection's thing name, rules that take the device id from the
 * topic and have error actions, least-privilege roles, no simulator or fault injection on prod — plus the
 * platform's own invariants.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registeredResource, runDevAndProd } from '../../../infra/test/support/stack-runs.ts';
import { checkAll } from '../../../infra/test/support/invariants.ts';
import type { StackRun } from '../../../infra/test/support/stack-harness.ts';
import { stageTable } from '../../../infra/config.ts';
import { assertSimulatorAllowed, agentInstruction, iotTriageConfigSchema } from '../infra/index.ts';

const program = new URL('./support/stack-program.ts', import.meta.url).href;
// The committed stack configs (every wired service's required keys), under this test's stage name.
const [dev, prod] = await runDevAndProd(program, { stage: 'iot' });

const ofType = (run: StackRun, type: string) => run.resources.filter((r) => r.type === type);
const one = registeredResource;
const asArray = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

test('the platform invariants hold on dev and prod (roles, logs, alarms, no wildcard actions, DLQs)', () => {
  assert.equal(checkAll(dev, stageTable.dev), []);
  assert.equal(checkAll(prod, stageTable.prod), []);
});

test('one IoT policy: every resource is scoped to ${iot:Connection.Thing.ThingName}; connect requires the attached thing', () => {
  for (const run of [dev, prod]) {
    const policies = ofType(run, 'aws:iot/policy:Policy');
    assert.is(policies.length, 1);
    const document = JSON.parse(policies[0]!.inputs.policy) as {
      Statement: Array<{ Action: string; Resource: string | string[]; Condition?: unknown }>;
    };
    const actions = document.Statement.map((s) => s.Action).sort();
    assert.equal(actions, ['iot:Connect', 'iot:Publish', 'iot:Receive', 'iot:Subscribe']);
    for (const statement of document.Statement) {
      for (const resource of asArray(statement.Resource)) {
        assert.match(
          resource,
          /^arn:aws:iot:eu-central-1:123456789012:(client|topic|topicfilter)\/(devices\/)?\$\{iot:Connection\.Thing\.ThingName\}/,
        );
        assert.not.match(resource.replace('${iot:Connection.Thing.ThingName}', ''), /\*|\+|#/);
      }
    }
    const publish = document.Statement.find((s) => s.Action === 'iot:Publish')!;
    assert.equal(
      asArray(publish.Resource)
        .map((r) => r.split('/').slice(-1)[0])
        .sort(),
      ['errors', 'telemetry'],
      'a device cannot publish commands',
    );
    assert.equal(document.Statement.find((s) => s.Action === 'iot:Connect')!.Condition, { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } });
  }
});

test('topic rules take the device id from topic(2), never from the payload, and each has an error action', () => {
  const rules = ofType(dev, 'aws:iot/topicRule:TopicRule');
  assert.is(rules.length, 2);
  for (const rule of rules) {
    assert.match(rule.inputs.sql, /topic\(2\) AS device_id/);
    assert.match(rule.inputs.sql, /FROM 'devices\/\+\/(errors|telemetry)'/);
    assert.not.match(rule.inputs.sql, /device_name/);
    assert.ok(rule.inputs.errorAction?.sqs?.queueUrl, `${rule.name} has an error action`);
  }
  const errors = one(dev, 'aws:iot/topicRule:TopicRule', 'iot-triage-errors-rule');
  assert.is(errors.inputs.lambdas[0].functionArn, one(dev, 'aws:lambda/function:Function', 'iot-triage-error-rule-function').state.arn);
  const permission = one(dev, 'aws:lambda/permission:Permission', 'iot-triage-errors-rule-invoke');
  assert.equal([permission.inputs.principal, permission.inputs.sourceArn], ['iot.amazonaws.com', errors.state.arn]);
  const telemetry = one(dev, 'aws:iot/topicRule:TopicRule', 'iot-triage-telemetry-rule');
  assert.is(telemetry.inputs.sqs[0].queueUrl, one(dev, 'aws:sqs/queue:Queue', 'iot-triage-telemetry').state.url);
  const mapping = one(dev, 'aws:lambda/eventSourceMapping:EventSourceMapping', 'iot-triage-telemetry-mapping');
  assert.equal([mapping.inputs.batchSize, mapping.inputs.maximumBatchingWindowInSeconds], [100, 10]);
});

test('functions may command devices only on devices/*/commands, and only the agent alias may be invoked', () => {
  const policy = JSON.parse(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'iot-triage-error-rule-policy').inputs.policy) as {
    Statement: Array<{ Sid?: string; Action: string[]; Resource: string | string[] }>;
  };
  const command = policy.Statement.find((s) => s.Sid === 'CommandDevices')!;
  assert.equal(command.Action, ['iot:Publish']);
  assert.is(command.Resource, 'arn:aws:iot:eu-central-1:123456789012:topic/devices/*/commands');
  const invoke = policy.Statement.find((s) => s.Sid === 'InvokeAgent')!;
  assert.is(
    invoke.Resource,
    one(dev, 'aws:bedrock/agentAgentAlias:AgentAgentAlias', 'iot-triage-agent-alias').state.agentAliasArn ?? invoke.Resource,
  );
  const actionsPolicy = JSON.parse(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'iot-triage-agent-actions-policy').inputs.policy) as {
    Statement: Array<{ Sid?: string }>;
  };
  assert.not.ok(
    actionsPolicy.Statement.some((s) => s.Sid === 'InvokeAgent'),
    'the action-group function cannot call the agent back',
  );
  const apiPolicy = JSON.parse(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'iot-triage-api-policy').inputs.policy) as {
    Statement: Array<{ Sid?: string; Action: string[]; Resource: string }>;
  };
  assert.match(
    apiPolicy.Statement.find((s) => s.Sid === 'WriteGuide')!.Resource,
    /\/knowledge-base\/Troubleshooting_Guide\.txt$/,
    'the API may overwrite the guide object only',
  );
  assert.equal(apiPolicy.Statement.find((s) => s.Sid === 'Reindex')!.Action, ['bedrock:StartIngestionJob', 'bedrock:ListIngestionJobs']);
  assert.not.ok(
    policy.Statement.some((s) => s.Sid === 'WriteGuide'),
    'only the API re-indexes',
  );
  const bedrockInvoke = one(dev, 'aws:lambda/permission:Permission', 'iot-triage-agent-actions-invoke');
  assert.is(bedrockInvoke.inputs.principal, 'bedrock.amazonaws.com');
});

test("Bedrock: knowledge base on S3 Vectors from the shipped documents; agent on the configured small model with a fixed instruction and the seed's functions", () => {
  const kb = one(dev, 'aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase', 'iot-triage-kb');
  assert.is(kb.inputs.storageConfiguration.type, 'S3_VECTORS');
  assert.is(
    kb.inputs.storageConfiguration.s3VectorsConfiguration.indexArn,
    one(dev, 'aws:s3/vectorsIndex:VectorsIndex', 'iot-triage-vectors-index').state.indexArn ??
      kb.inputs.storageConfiguration.s3VectorsConfiguration.indexArn,
  );
  assert.is(one(dev, 'aws:s3/vectorsIndex:VectorsIndex', 'iot-triage-vectors-index').inputs.dimension, 1024);
  assert.equal(
    ofType(dev, 'aws:s3/bucketObjectv2:BucketObjectv2')
      .map((o) => o.inputs.key)
      .sort(),
    ['knowledge-base/Troubleshooting_Guide.txt', 'knowledge-base/aircon_manual.md'],
  );
  assert.ok(one(dev, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'iot-triage-knowledge-public-access').inputs.restrictPublicBuckets);
  const agent = one(dev, 'aws:bedrock/agentAgent:AgentAgent', 'iot-triage-agent');
  assert.is(agent.inputs.foundationModel, 'amazon.nova-micro-v1:0');
  assert.is(agent.inputs.instruction, agentInstruction);
  assert.not.match(agentInstruction, /\{\{|\$\{/);
  const functions = ofType(dev, 'aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup').flatMap((g) =>
    g.inputs.functionSchema.memberFunctions.functions.map((f: { name: string }) => f.name),
  );
  assert.equal(functions.sort(), ['call_operator', 'clear_fault', 'fetch_telemetry_data', 'fetch_ticket_data', 'log_ticket']);
  const agentPolicy = JSON.parse(one(dev, 'aws:iam/rolePolicy:RolePolicy', 'iot-triage-agent-policy').inputs.policy) as {
    Statement: Array<{ Resource: string }>;
  };
  assert.is(agentPolicy.Statement[0]!.Resource, 'arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-micro-v1:0');
});

test('the runbook and site records are seeded from the shipped files', () => {
  const runbook = ofType(dev, 'aws:dynamodb/tableItem:TableItem').filter((i) => i.name.startsWith('iot-triage-runbook-'));
  assert.equal(runbook.map((i) => JSON.parse(i.inputs.item).code.S).sort(), ['E1', 'E2', 'E3', 'W1']);
  const e3 = JSON.parse(runbook.find((i) => i.name.endsWith('-e3'))!.inputs.item);
  assert.equal(
    e3.actions.L.map((a: { S: string }) => a.S),
    ['log_ticket', 'call_operator'],
  );
  const sites = ofType(dev, 'aws:dynamodb/tableItem:TableItem').filter((i) => i.name.startsWith('iot-triage-device-'));
  assert.is(sites.length, 4);
  assert.is(JSON.parse(sites[0]!.inputs.item).contacts.L[0].M.phoneNumber.S.slice(0, 2), '+1');
});

test('prod (no test hooks): no simulator, no device certificates, fault injection off; dev has them', () => {
  assert.is(ofType(prod, 'aws:iot/certificate:Certificate').length, 0);
  assert.is(ofType(prod, 'aws:secretsmanager/secret:Secret').length, 0);
  assert.is(ofType(dev, 'aws:iot/certificate:Certificate').length, 4);
  assert.is(ofType(dev, 'aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment').length, 4);
  const env = (run: StackRun) => one(run, 'aws:lambda/function:Function', 'iot-triage-api-function').inputs.environment.variables;
  assert.is(env(prod).ALLOW_FAULT_INJECTION, 'false');
  assert.is(env(dev).ALLOW_FAULT_INJECTION, 'true');
  assert.throws(
    () => assertSimulatorAllowed(false, { simulator: { enabled: true, intervalSeconds: 60 } }),
    /must not run on a stage without test hooks/,
  );
  assertSimulatorAllowed(true, { simulator: { enabled: true, intervalSeconds: 60 } });
  assert.throws(() => iotTriageConfigSchema.parse({ sesFromAddress: 'not an address' }));
  assert.throws(() => iotTriageConfigSchema.parse({ sesFromAddress: 'a@example.com', surprise: 1 }));
});

test.run();
