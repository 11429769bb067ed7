/**
 * The service's registration on the real local stage: tables, the runbook and devices seeded, the device policy and
 * topic rules on the stage's broker, the simulator as a child process — and a fault injected through the API
 * travelling simulator → MQTT → triage → CalloutRequested on the stage's bus.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startLocalStage } from '@switchboard/shared/local';
import { CalloutCancellationRequested, CalloutRequested } from '@switchboard/shared/contracts';
import { register } from '../src/local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test("on the local stage, an injected compressor failure reaches the operator call-out through the simulator; the operator's acknowledgement cancels it", async () => {
  process.env.IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS = '0.5';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'iot-triage-stage-'));
  let issueToken: ((options: { username: string; groups: string[] }) => Promise<string>) | undefined;
  const stage = await startLocalStage({
    dataDir,
    ports: { base: 0 },
    persist: false,
    log: () => {},
    logLevel: 'SILENT',
    registrationTimeoutMs: 60_000,
    services: [{ name: 'iot-triage', register: async (platform) => ((issueToken = platform.auth.issueToken), register(platform)) }],
  });
  try {
    assert.equal(stage.failures, []);
    const base = stage.urls['iot-triage']!;
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${stage.token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const runbook = (await (await call('GET', '/runbook')).json()) as { items: unknown[] };
    assert.is(runbook.items.length, 4);
    // Wait for the simulator's first readings to land.
    const deadline = Date.now() + 40_000;
    let devices: { items: Array<{ deviceId: string; lastTelemetry?: unknown }> } = { items: [] };
    while (Date.now() < deadline) {
      devices = (await (await call('GET', '/devices')).json()) as typeof devices;
      if (devices.items.every((d) => d.lastTelemetry)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(
      devices.items.map((d) => Boolean(d.lastTelemetry)),
      [true, true, true, true],
      'all four simulated devices report',
    );
    assert.is((await call('POST', '/devices/aircon_3/faults', { fault_type: 'compressor_failure' })).status, 202);
    let callout: unknown;
    while (Date.now() < deadline && !callout) {
      callout = stage.bus.history.find((e) => e['detail-type'] === CalloutRequested.detailType);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(callout, 'CalloutRequested published');
    const incidents = (await (await call('GET', '/incidents?deviceId=aircon_3')).json()) as {
      items: Array<{ code: string; log: Array<{ action: string }> }>;
    };
    assert.is(incidents.items[0]?.code, 'E3');
    assert.equal(
      incidents.items[0]?.log.filter((r) => r.action !== 'agent').map((r) => r.action),
      ['log_ticket', 'call_operator'],
    );
    // The SES stand-in writes each e-mail as an .eml file in the folder the banner prints.
    const outbox = path.join(stage.dataDir, 'iot-triage-outbox');
    const emails = readdirSync(outbox, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.eml'));
    assert.ok(emails.length >= 1, 'ticket e-mail in the outbox');
    assert.match(readFileSync(path.join(outbox, emails[0]!), 'utf8'), /^To: site-operations@example\.com\nSubject: /);
    assert.ok(
      stage.links.some((link) => link.service === 'iot-triage' && link.label.includes(outbox) && link.url.startsWith('file://')),
      'the banner says where e-mails go',
    );

    // Acknowledging is the operator's: the stage's admin token is refused; the operator's cancels the call-out.
    const incidentId = (incidents.items[0] as unknown as { incidentId: string }).incidentId;
    assert.is((await call('POST', `/incidents/${incidentId}/acknowledge`)).status, 403);
    const operatorToken = await issueToken!({ username: 'operator', groups: ['operator'] });
    const acknowledged = await fetch(`${base}/incidents/${incidentId}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    assert.is(acknowledged.status, 200);
    const requestId = (callout as { detail: { data: { requestId: string } } }).detail.data.requestId;
    const cancellation = stage.bus.history.find((e) => e['detail-type'] === CalloutCancellationRequested.detailType);
    assert.equal((cancellation as { detail: { data: unknown } } | undefined)?.detail.data, {
      requestId,
      requestedBy: 'switchboard.iot-triage',
      reason: 'incident acknowledged by operator',
    });
  } finally {
    await stage.stop();
    await rm(dataDir, { recursive: true, force: true });
    delete process.env.IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS;
  }
});

test('after a restart of the stage the simulator drives only its own devices: a registered real device is never impersonated', async () => {
  process.env.IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS = '0.5';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'iot-triage-restart-'));
  const start = () =>
    startLocalStage({
      dataDir,
      ports: { base: 0 },
      services: [{ name: 'iot-triage', register }],
      log: () => {},
      logLevel: 'SILENT',
      registrationTimeoutMs: 60_000,
    });
  try {
    const first = await start();
    try {
      const put = await fetch(`${first.urls['iot-triage']}/devices/real_unit_1`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          siteOwner: 'Plant 7',
          address: { street: '1 Main St', city: 'Denver', state: 'CO', zip: '80202', country: 'US' },
          contacts: [{ name: 'Shift lead', phoneNumber: '(303) 555-0123' }],
        }),
      });
      assert.is(put.status, 200);
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      const base = second.urls['iot-triage']!;
      const devices = async () =>
        (
          (await (await fetch(`${base}/devices`, { headers: { authorization: `Bearer ${second.token}` } })).json()) as {
            items: Array<{ deviceId: string; lastSeenAt?: string }>;
          }
        ).items;
      const restartedAt = new Date().toISOString();
      const deadline = Date.now() + 40_000;
      let items = await devices();
      while (Date.now() < deadline && !items.filter((d) => d.deviceId.startsWith('aircon_')).every((d) => (d.lastSeenAt ?? '') > restartedAt)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        items = await devices();
      }
      assert.ok(
        items.filter((d) => d.deviceId.startsWith('aircon_')).every((d) => (d.lastSeenAt ?? '') > restartedAt),
        'the simulator drives its own devices after the restart',
      );
      assert.is(items.find((d) => d.deviceId === 'real_unit_1')?.lastSeenAt, undefined, 'and never publishes as the real device');
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    delete process.env.IOT_TRIAGE_SIMULATOR_INTERVAL_SECONDS;
  }
});

test.run();
