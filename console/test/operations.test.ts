/** The devices, incidents and Q&A pages' client logic: the incident timeline, the escalation state, the chart series. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTimeline, escalationState, type Incident } from '../src/pages/incidents-shared.ts';
import { chartMetrics, chartModel, deviceStatus, type TelemetryHistory } from '../src/pages/devices-shared.ts';
import { askErrorMessage, describeSource, loadConversation, saveConversation, MAX_MESSAGES, type ChatMessage } from '../src/pages/ask-shared.ts';

const t = (minute: number, second = 0) => `2026-03-04T12:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

function e3(overrides: Partial<Incident> = {}): Incident {
  return {
    incidentId: 'inc-1',
    deviceId: 'aircon_1',
    code: 'E3',
    fault: 'compressor_failure',
    severity: 'critical',
    detectedBy: 'error',
    triagedBy: 'runbook',
    status: 'open',
    steps: ['Check the compressor'],
    actions: ['log_ticket', 'call_operator'],
    openedAt: t(0, 1),
    updatedAt: t(6),
    lastSeenAt: t(0, 1),
    repeats: 0,
    reopenCount: 0,
    context: { deviceTimestamp: Date.parse(t(0)) / 1000 },
    log: [
      { action: 'log_ticket', at: t(0, 2), outcome: 'done', requestedBy: 'runbook', detail: 'ticket inc-1, e-mailed to 1' },
      { action: 'call_operator', at: t(0, 2), outcome: 'done', requestedBy: 'runbook', detail: 'call-out inc-1-call-1 to contact 1' },
      { action: 'escalate', at: t(3), outcome: 'failed', requestedBy: 'callout', detail: 'contact 1 not reached: NoAnswer' },
      { action: 'escalate', at: t(3), outcome: 'done', requestedBy: 'callout', detail: 'call-out inc-1-call-2 to contact 2' },
    ],
    escalation: { attempt: 2, requestedAt: t(3), acknowledged: false, exhausted: false, failures: [{ attempt: 1, reason: 'NoAnswer', at: t(3) }] },
    ...overrides,
  } as Incident;
}

test('timeline: the device error, the detection, the ticket, each call attempt and its answer, then acknowledgement and recovery', () => {
  const acknowledged = e3({
    status: 'resolved',
    resolution: 'recovered',
    log: [
      ...e3().log,
      { action: 'acknowledge', at: t(4), outcome: 'done', requestedBy: 'callout', detail: 'contact 2 acknowledged' },
      { action: 'resolve', at: t(9), outcome: 'done', requestedBy: 'detector', detail: '3 healthy readings' },
    ],
  });
  const timeline = buildTimeline(acknowledged);
  assert.equal(
    timeline.map((e) => e.kind),
    ['signal', 'detection', 'ticket', 'call', 'call-failed', 'escalation', 'acknowledgement', 'recovery'],
  );
  assert.equal(timeline.map((e) => e.title).slice(3, 7), [
    'Calling contact 1',
    'Contact 1 not reached',
    'Escalated: calling contact 2',
    'Acknowledged on the call by contact 2',
  ]);
  assert.is(timeline[0]!.at, t(0), "the device's own time of the error comes first");
  assert.is(timeline[4]!.detail, 'contact 1 not reached: NoAnswer', "the call's answer is shown");
  assert.is(timeline.at(-1)!.title, 'Recovered (telemetry)');
});

test('timeline: an anomaly names its reading; a claimed action shows as in progress; a refused one as refused', () => {
  const w1 = e3({
    code: 'W1',
    detectedBy: 'anomaly',
    context: { metric: 'power_consumption_watts', value: 1350, reference: 1200 },
    log: [
      { action: 'log_ticket', at: t(1), outcome: 'started', requestedBy: 'detector' },
      { action: 'call_operator', at: t(1), outcome: 'denied', requestedBy: 'agent', detail: 'not in the runbook' },
    ],
  });
  const timeline = buildTimeline(w1);
  assert.equal(timeline[0], {
    at: w1.openedAt,
    kind: 'signal',
    title: 'Anomaly detected: W1',
    detail: 'power_consumption_watts = 1350 (reference 1200)',
    status: 'warning',
    by: 'detector',
  });
  assert.equal(
    timeline.slice(2).map((e) => [e.title, e.status]),
    [
      ['Ticket logged (in progress)', 'in-progress'],
      ['Operator call placed refused by the policy', 'stopped'],
    ],
  );
});

test('escalation state: calling contact 2 of 3; acknowledged; nobody reached; stopped by the console', () => {
  assert.is(escalationState(e3(), 3), 'Calling contact 2 of 3');
  assert.is(escalationState(e3(), undefined), 'Calling contact 2');
  assert.is(
    escalationState(e3({ status: 'acknowledged', escalation: { ...e3().escalation!, acknowledged: true } }), 3),
    'Acknowledged by contact 2 of 3',
  );
  assert.match(escalationState(e3({ status: 'acknowledged' }), 3), /^Acknowledged in the console; calls stopped/);
  assert.is(
    escalationState(
      e3({
        status: 'unreached',
        escalation: { ...e3().escalation!, exhausted: true, failures: [1, 2, 3].map((attempt) => ({ attempt, reason: 'NoAnswer', at: t(9) })) },
      }),
      3,
    ),
    'Nobody reached: 3 of 3 contacts tried',
  );
  assert.match(escalationState(e3({ code: 'E1', actions: ['log_ticket'], escalation: undefined }), 3), /runbook does not call anyone/);
});

test("chart: the metric's readings, its threshold line, and one marker per anomaly episode", () => {
  const watts = [900, 1300, 1350, 1400, 900, 880, 1300, 1320, 1330];
  const firing = [false, false, false, true, true, false, false, false, true];
  const history: TelemetryHistory = {
    deviceId: 'aircon_1',
    window: 120,
    thresholds: [{ code: 'W1', metric: 'power_consumption_watts', operator: '>', limit: 1200, breaches: 3, window: 5 }],
    items: watts.map((w, i) => ({
      at: t(i),
      indoorTemperatureC: 24,
      refrigerantPressurePsi: 212,
      powerWatts: w,
      anomalies: firing[i] ? ['W1'] : [],
    })),
  };
  const power = chartModel(history, chartMetrics[0]);
  const line = power.series[0]!;
  assert.ok(line.type === 'line' && line.data.map((d) => d.y).join() === watts.join());
  assert.equal(
    power.series.filter((s) => s.type === 'threshold' && 'y' in s).map((s) => (s as { y: number }).y),
    [1200],
  );
  const markers = power.series.filter((s) => s.type === 'threshold' && 'x' in s) as { x: Date }[];
  assert.equal(
    markers.map((m) => m.x.toISOString()),
    [t(3), t(8)],
    'two episodes, two markers',
  );
  assert.is(power.anomalies.length, 3);
  assert.ok(power.yDomain[0] <= 880 && power.yDomain[1] >= 1400);
  const temperature = chartModel(history, chartMetrics[1]);
  assert.is(temperature.series.filter((s) => s.type === 'threshold' && 'y' in s).length, 0, 'no threshold on a metric without a rule');
  assert.is(chartModel({ ...history, items: [] }, chartMetrics[0]).xDomain, undefined);
});

test('device status: faulted, recovering, online, offline', () => {
  const now = Date.parse(t(10));
  const seen = { lastSeenAt: t(9), lastTelemetry: { error_code: 'None' } };
  assert.is(deviceStatus(seen, [], now), 'online');
  assert.is(deviceStatus({ ...seen, lastTelemetry: { error_code: 'E3' } }, [], now), 'faulted');
  assert.is(deviceStatus(seen, [{ status: 'open' }], now), 'faulted');
  assert.is(deviceStatus(seen, [{ status: 'open', phase: 'awaiting-recovery' }], now), 'recovering');
  assert.is(deviceStatus({ lastSeenAt: t(0) }, [], now), 'offline');
  assert.is(deviceStatus({}, [], now), 'unknown');
});

test('Q&A: sources point at the runbook, the manual and device data; errors say what is unavailable; the session keeps a bounded history', () => {
  assert.equal(describeSource('runbook#W1'), { kind: 'Runbook section', label: 'Error code W1', href: '/runbook' });
  assert.equal(describeSource('devices/aircon_1'), { kind: 'Device data', label: 'aircon_1', href: '/devices/aircon_1' });
  assert.equal(describeSource('aircon_manual.md#Cleaning the filter'), { kind: 'Manual', label: 'Cleaning the filter (aircon_manual.md)' });
  assert.is(describeSource('incidents/inc-9').href, '/incidents/inc-9');
  assert.match(
    askErrorMessage({ title: 'Bad gateway', status: 502, detail: 'model timed out' }),
    /assistant is unavailable.*model or the knowledge base.*model timed out/,
  );
  assert.match(askErrorMessage({ title: 'x', status: 0 }), /could not be reached/);
  assert.is(
    askErrorMessage({ title: 'No such device', status: 404, detail: 'There is no device named aircon_9.' }),
    'There is no device named aircon_9.',
  );
  const store = new Map<string, string>();
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
  const many: ChatMessage[] = Array.from({ length: MAX_MESSAGES + 5 }, (_, i) => ({ id: String(i), role: 'operator', text: `q${i}`, at: t(0) }));
  saveConversation(storage, many);
  assert.equal(
    loadConversation(storage)
      .map((m) => m.id)
      .slice(0, 1),
    ['5'],
  );
  saveConversation(storage, []);
  assert.equal(loadConversation(storage), []);
  assert.equal(loadConversation({ getItem: () => 'not json' }), []);
});

test.run();
