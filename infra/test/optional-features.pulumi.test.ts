/**
 * The real stage program with every optional feature a stack can switch on (routing's Asterisk PBX on Fargate,
 * iot-triage's device simulator, a Connect instance created per stage): the stack invariants must hold there
 * too, not only on the committed example stacks. Runs the program in this process (one stack per process).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../config.ts';
import { checkAll } from './support/invariants.ts';
import { committedStackConfig } from './support/stack-runs.ts';
import { runStack } from './support/stack-harness.ts';

const base = await committedStackConfig('dev');
const everything = {
  ...base,
  routing: {
    ...(base.routing as Record<string, unknown>),
    phoneNumbers: ['+15555550123'],
    pbx: {
      domainName: 'pbx.example.com',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/asterisk:1.0',
      agentCidrs: ['203.0.113.0/24'],
      certificateEmail: 'ops@example.com',
    },
  },
  'iot-triage': { ...(base['iot-triage'] as Record<string, unknown>), simulator: { enabled: true, intervalSeconds: 30 } },
  connect: { mode: 'create', phoneNumber: { countryCode: 'US', type: 'TOLL_FREE' } },
};
const run = await runStack('dev', everything);

test('with every optional feature on, the stack invariants still hold', () => {
  assert.ok(run.resources.some((r) => r.type === 'awsx:ecs:FargateService'), 'Fargate services are deployed');
  assert.equal(checkAll(run, stageTable.dev), []);
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
