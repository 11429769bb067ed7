/**
 * The real stage program with every optional feature a stack can switch on (routing's Asterisk PBX on Fargate,
 * iot-triage's device simulator, a Connect instance created per stage): the stack invariants must hold there
 * too, not only on the committed example stacks. Runs the program in this process (one stack per process).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../config.ts';
import { checkAll } from './support/invariants.ts';
import { committedStackConfig, runStack, stageRuns } from './support/stack-runs.ts';

const base = await committedStackConfig('dev');
const { everything: run, prodWithPbx } = await stageRuns();
// A stack whose account quota cannot hold the telephony reservations is refused before anything is created.
const refused = await runStack('dev', { ...base, stage: 'tiny', lambda: { accountConcurrency: 120 } }).then(
  () => undefined,
  (error: Error) => error,
);

test('with every optional feature on, the stack invariants still hold', () => {
  assert.ok(
    run.resources.some((r) => r.type === 'awsx:ecs:FargateService'),
    'Fargate services are deployed',
  );
  assert.equal(checkAll(run, stageTable.dev), []);
});

test('prod with the PBX built from services/routing/asterisk holds every invariant (image platform = task architecture)', () => {
  const image = prodWithPbx.resources.find((r) => r.type === 'awsx:ecr:Image');
  assert.ok(image, 'the Asterisk image is built when no prebuilt image is configured');
  assert.is(image!.inputs.platform, 'linux/arm64');
  assert.equal(checkAll(prodWithPbx, stageTable.prod), []);
});

test('reservations beyond the account quota are refused at preview, naming the quota and the fix', () => {
  assert.ok(refused, 'the program refused to run');
  assert.match(
    refused!.message,
    /reserved concurrency \d+ exceeds what the account can reserve \(switchboard:lambda\.accountConcurrency 120 − 100 kept unreserved = 20\)/,
  );
  assert.match(refused!.message, /Request a higher "Concurrent executions" quota/);
});

test('Fargate tasks admit only their declared ingress, never the whole internet on every port', () => {
  const groups = run.resources.filter((r) => r.type === 'aws:ec2/securityGroup:SecurityGroup');
  assert.ok(groups.length > 0);
  for (const group of groups) {
    for (const rule of group.inputs.ingress ?? []) {
      assert.is.not(rule.protocol, '-1', `${group.name}: all-protocol ingress`);
      assert.ok(rule.description, `${group.name}: ingress ${rule.fromPort} says why it is open`);
    }
  }
});

test.run();
