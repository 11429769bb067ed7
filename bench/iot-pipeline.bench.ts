/**
 * iot-triage local pipeline: real MQTT clients → aedes (with the device policy) → topic-rule router → detectors and
 * triage engine on dynalite. Prints
 *   - telemetry messages per second through broker → detector (batches of up to 100, as the SQS mapping delivers),
 *     beside two baselines measured in the same run: the broker alone (publish → in-process subscriber) and the
 *     detectors alone (in memory, no I/O);
 *   - latency from publishing an E3 error to the incident being stored, and to CalloutRequested on the bus
 *     (p50/p99 over distinct devices, so every error opens a new incident and places a call).
 *
 *   node --import tsx bench/iot-pipeline.bench.ts [telemetryMessages=4000] [errors=100]
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import mqtt from 'mqtt';
import { startMqttBroker } from '@switchboard/shared/local';
import { CalloutRequested, IncidentOpened } from '@switchboard/shared/contracts';
import { enforceDevicePolicy } from '../services/iot-triage/src/adapters/local/device-topic-policy.ts';
import { TopicRouter } from '../services/iot-triage/src/adapters/local/topic-router.ts';
import { defaultDetectionRules, emptyDetectorState, evaluateReading } from '../services/iot-triage/src/domain/detectors.ts';
import { parseTelemetry } from '../services/iot-triage/src/domain/messages.ts';
import { createHarness, reading, startDynamo } from '../services/iot-triage/test/support/harness.ts';

const telemetryCount = Number(process.argv[2] ?? 4000);
const errorCount = Number(process.argv[3] ?? 100);
const DEVICES = 8;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const until = async (condition: () => boolean, ms = 120_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

const dynamo = await startDynamo();
const broker = await startMqttBroker(0, '127.0.0.1');
const h = await createHarness(dynamo, { settings: {} });
h.clock.now = () => new Date();
const deviceIds = Array.from({ length: Math.max(DEVICES, errorCount) }, (_, i) => `bench_${i + 1}`);
for (const deviceId of deviceIds) {
  await h.devices.put({
    deviceId,
    siteOwner: 'Bench',
    contacts: [{ name: 'Bench operator', phoneNumber: '+14155550100' }],
    address: { street: '1 Bench St', city: 'Seattle', state: 'WA', zip: '98104', country: 'US' },
  });
}
const restore = enforceDevicePolicy(broker.broker);
const payload = (deviceId: string) => JSON.stringify(reading({ device_name: deviceId }));

// Baseline 1: the detectors alone.
{
  const parsed = parseTelemetry('bench_1', JSON.parse(payload('bench_1')));
  if (!parsed.ok) throw new Error(parsed.reason);
  let state = emptyDetectorState();
  const start = performance.now();
  for (let i = 0; i < 200_000; i++) state = evaluateReading(defaultDetectionRules, state, parsed.value).state;
  console.log(`baseline, detectors alone: ${Math.round(200_000 / ((performance.now() - start) / 1000)).toLocaleString()} readings/s`);
}

const clients = await Promise.all(deviceIds.slice(0, DEVICES).map((id) => mqtt.connectAsync(broker.url, { clientId: id, reconnectPeriod: 0 })));
async function publishTelemetry(count: number) {
  const perClient = Math.ceil(count / clients.length);
  await Promise.all(
    clients.map(async (client, index) => {
      for (let i = 0; i < perClient; i++) await client.publishAsync(`devices/${deviceIds[index]}/telemetry`, payload(deviceIds[index]!), { qos: 1 });
    }),
  );
  return perClient * clients.length;
}

// Baseline 2: the broker alone (same clients, an in-process subscriber that only counts).
{
  let received = 0;
  const count = (_packet: unknown, callback: () => void) => {
    received++;
    callback();
  };
  await new Promise<void>((resolve) => broker.broker.subscribe('devices/+/telemetry', count, resolve));
  const start = performance.now();
  const sent = await publishTelemetry(telemetryCount);
  await until(() => received >= sent);
  console.log(
    `baseline, broker alone (${clients.length} clients, QoS 1): ${Math.round(sent / ((performance.now() - start) / 1000)).toLocaleString()} messages/s`,
  );
  await new Promise<void>((resolve) => broker.broker.unsubscribe('devices/+/telemetry', count, resolve));
}

// The pipeline: broker → router (batches ≤ 100, 50 ms window) → detectors + engine + DynamoDB; devices of a batch
// processed side by side (as deployed) and, as a baseline in the same run, one after another.
let router = new TopicRouter({ broker: broker.broker, intake: h.intake, batchSize: 100, batchWindowMs: 50 });
for (const concurrency of [1, 8]) {
  await router.stop();
  router = new TopicRouter({ broker: broker.broker, intake: { ...h.intake, deviceConcurrency: concurrency }, batchSize: 100, batchWindowMs: 50 });
  await router.start();
  const start = performance.now();
  const sent = await publishTelemetry(telemetryCount);
  await until(() => router.stats.telemetryProcessed + router.stats.rejected + router.stats.stale + router.stats.failures * 100 >= sent);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `pipeline, broker → detector → DynamoDB state, ${concurrency === 1 ? 'devices in sequence (baseline)' : `${concurrency} devices at a time (as deployed)`}: ` +
      `${Math.round(sent / seconds).toLocaleString()} messages/s ` +
      `(${sent} messages from ${clients.length} devices in ${seconds.toFixed(2)} s, ${router.stats.batches} batches, ${router.stats.stale} stale, ${router.stats.rejected} rejected, ${router.stats.failures} failed batches)`,
  );
}

// Error → incident, error → CalloutRequested.
{
  const published = new Map<string, number>();
  const toIncident: number[] = [];
  const toCallout: number[] = [];
  const calloutSeen = new Set<string>();
  h.bus.subscribe(CalloutRequested.pattern, (event) => {
    const deviceId = (event.detail as { data: { receivers: Array<{ attributes?: Record<string, string> }> } }).data.receivers[0]?.attributes
      ?.deviceId;
    if (deviceId && published.has(deviceId) && !calloutSeen.has(deviceId)) {
      calloutSeen.add(deviceId);
      toCallout.push(performance.now() - published.get(deviceId)!);
    }
  });
  // IncidentOpened is published right after the incident is written (conditional put on its slot).
  h.bus.subscribe(IncidentOpened.pattern, (event) => {
    const deviceId = (event.detail as { data: { deviceId: string } }).data.deviceId;
    if (published.has(deviceId)) toIncident.push(performance.now() - published.get(deviceId)!);
  });
  for (const deviceId of deviceIds.slice(0, errorCount)) {
    const client = await mqtt.connectAsync(broker.url, { clientId: deviceId, reconnectPeriod: 0 });
    published.set(deviceId, performance.now());
    await client.publishAsync(
      `devices/${deviceId}/errors`,
      JSON.stringify({ device_name: deviceId, error_code: 'E3', timestamp: Date.now() / 1000 }),
      { qos: 1 },
    );
    await until(() => calloutSeen.has(deviceId) && toIncident.length === calloutSeen.size);
    await client.endAsync();
  }
  console.log(
    `error → incident stored:       p50 ${percentile(toIncident, 50).toFixed(1)} ms, p99 ${percentile(toIncident, 99).toFixed(1)} ms (n=${toIncident.length})\n` +
      `error → CalloutRequested:      p50 ${percentile(toCallout, 50).toFixed(1)} ms, p99 ${percentile(toCallout, 99).toFixed(1)} ms (n=${toCallout.length})`,
  );
}

await Promise.all(clients.map((c) => c.endAsync()));
await router.stop();
restore();
await broker.close();
await dynamo.stop();
