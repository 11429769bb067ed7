import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { followPbxTask, type PbxAddressPorts } from '../src/application/pbx-address-follower.ts';

/** Trimmed from a real "ECS Task State Change" event (awsvpc task). */
const running = {
  'detail-type': 'ECS Task State Change',
  source: 'aws.ecs',
  detail: {
    group: 'service:switchboard-dev-routing-asterisk',
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    attachments: [
      {
        type: 'ElasticNetworkInterface',
        status: 'ATTACHED',
        details: [
          { name: 'subnetId', value: 'subnet-0abc' },
          { name: 'networkInterfaceId', value: 'eni-0123456789abcdef0' },
          { name: 'privateIPv4Address', value: '10.0.1.23' },
        ],
      },
    ],
  },
};

function recordingPorts(ip: string | undefined) {
  const calls: string[] = [];
  const ports: PbxAddressPorts = {
    publicIpOf: async (eni) => (calls.push(`ip ${eni}`), ip),
    pointRecord: async (name, value) => void calls.push(`dns ${name} ${value}`),
    allowTerminationFrom: async (value) => void calls.push(`termination ${value}`),
  };
  return { calls, ports };
}

test('a running task moves the DNS record, then the termination allow list', async () => {
  const { calls, ports } = recordingPorts('203.0.113.7');
  assert.equal(await followPbxTask(running, ports, 'pbx.example.com'), { updated: true, ip: '203.0.113.7' });
  assert.equal(calls, ['ip eni-0123456789abcdef0', 'dns pbx.example.com 203.0.113.7', 'termination 203.0.113.7']);
});

test('stopping or pending tasks change nothing', async () => {
  const { calls, ports } = recordingPorts('203.0.113.7');
  const stopping = { ...running, detail: { ...running.detail, desiredStatus: 'STOPPED' } };
  assert.is((await followPbxTask(stopping, ports, 'pbx.example.com')).updated, false);
  const pending = { ...running, detail: { ...running.detail, lastStatus: 'PENDING' } };
  assert.is((await followPbxTask(pending, ports, 'pbx.example.com')).updated, false);
  assert.equal(calls, []);
});

test('a task without a public IP fails loudly (retries, then the dead-letter queue)', async () => {
  const { ports } = recordingPorts(undefined);
  try {
    await followPbxTask(running, ports, 'pbx.example.com');
    assert.unreachable('should throw');
  } catch (error) {
    assert.match(String(error), /has no public IP/);
  }
});

test.run();
