/**
 * Issue 15's promises on the iot side, on real tables (dynalite) and the in-process bus: acknowledging or resolving
 * cancels the outstanding call-out; calls are urgent; whatever prevents a call is recorded and escalates; nobody
 * reached is a state and an event; one fault is one incident; a flapping fault is cleared again; malformed times
 * are rejected, never thrown.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CalloutCancellationRequested,
  CalloutCompleted,
  CalloutRequested,
  IncidentEscalated,
  IncidentResolved,
  IncidentUnreached,
  type EventData,
} from '@switchboard/shared/contracts';
import { createHarness, reading, startDynamo } from './support/harness.ts';
import { ingestError, ingestTelemetryBatch } from '../src/application/intake.ts';
import { contactGuard } from '../src/domain/contact-guard.ts';

type Dynamo = Awaited<ReturnType<typeof startDynamo>>;
const promises = suite<{ dynamo: Dynamo }>('promises', {} as { dynamo: Dynamo });
promises.before(async (context) => {
  context.dynamo = await startDynamo();
});
promises.after(async (context) => {
  await context.dynamo.stop();
});

const T0 = Date.parse('2026-03-04T13:00:00.000Z');
const error = (deviceId: string, code: string, seconds: number) => ({
  deviceId,
  payload: { device_name: deviceId, error_code: code, timestamp: T0 / 1000 + seconds },
  receivedAt: T0 + seconds * 1000 + 40,
});

function completed(
  request: EventData<typeof CalloutRequested>,
  status: EventData<typeof CalloutCompleted>['status'],
  extra: { answer?: string; error?: string } = {},
) {
  const receiver = request.receivers[0]!;
  return CalloutCompleted.envelope(
    {
      jobId: request.requestId,
      requestId: request.requestId,
      receiverId: receiver.receiverId,
      phoneNumber: receiver.phoneNumber,
      status,
      attempts: 1,
      answers: extra.answer ? [{ questionIndex: 0, type: 'OK', answer: extra.answer, answeredAt: '2026-03-04T13:02:00.000Z' }] : [],
      callbackContext: request.callbackContext,
      finishedAt: '2026-03-04T13:02:00.000Z',
      ...(extra.error ? { error: extra.error } : {}),
    },
    { correlationId: request.requestId },
  ).data;
}

promises(
  'operator calls are urgent; acknowledging through the API cancels the outstanding call-out and nobody else is called',
  async ({ dynamo }) => {
    const h = await createHarness(dynamo);
    await ingestError(h.intake, error('aircon_1', 'E3', 0));
    const [call] = h.published(CalloutRequested);
    assert.is(call?.priority, 'urgent');
    const incident = (await h.incidents.list({ deviceId: 'aircon_1' }))[0]!;
    await h.engine.acknowledge(incident.incidentId, 'olivia');
    assert.equal(h.published(CalloutCancellationRequested), [
      { requestId: call!.requestId, requestedBy: 'switchboard.iot-triage', reason: 'incident acknowledged by olivia' },
    ]);
    h.clock.advance(20 * 60_000);
    assert.equal(await h.engine.tick(), { escalated: 0, reopened: 0 });
    assert.is(h.published(CalloutRequested).length, 1, 'the next contact is not called');
    assert.ok((await h.incidents.get(incident.incidentId))?.log.some((r) => r.action === 'cancel_callout'));
  },
);

promises(
  'CalloutCompleted 1.2 "Cancelled": after our own cancellation it changes nothing; a callout cancelled by someone else calls the next contact',
  async ({ dynamo }) => {
    const h = await createHarness(dynamo);
    await ingestError(h.intake, error('aircon_2', 'E3', 0));
    const [call] = h.published(CalloutRequested);
    const incident = (await h.incidents.list({ deviceId: 'aircon_2' }))[0]!;
    await h.engine.acknowledge(incident.incidentId, 'olivia');
    // callouts answers the cancellation iot-triage asked for with the receiver's end.
    const after = await h.engine.calloutCompleted(completed(call!, 'Cancelled', { error: 'job cancelled: incident acknowledged by olivia' }));
    assert.is(after?.status, 'acknowledged');
    assert.is(h.published(CalloutRequested).length, 1, 'nobody else is called');
    assert.is(h.published(IncidentEscalated).length, 0);

    // Someone cancels the job in callouts while the incident still waits for this contact: the contact was not reached.
    const other = await createHarness(dynamo);
    await ingestError(other.intake, error('aircon_1', 'E3', 0));
    const [first] = other.published(CalloutRequested);
    await other.engine.calloutCompleted(completed(first!, 'Cancelled', { error: 'job cancelled: campaign stopped (admin)' }));
    assert.equal(
      other.published(CalloutRequested).map((c) => c.callbackContext?.attempt),
      ['1', '2'],
    );
    assert.match(
      other.published(IncidentEscalated)[0].failure,
      /cancelled before the contact was called \(Cancelled: job cancelled: campaign stopped/,
    );
  },
);

promises('resolving while the call is outstanding cancels it; an OK from an earlier contact cancels the current one', async ({ dynamo }) => {
  const h = await createHarness(dynamo);
  await ingestError(h.intake, error('aircon_2', 'E3', 0));
  const incident = (await h.incidents.list({ deviceId: 'aircon_2' }))[0]!;
  await h.engine.resolve(incident.incidentId, 'olivia');
  assert.equal(
    h.published(CalloutCancellationRequested).map((c) => c.requestId),
    [h.published(CalloutRequested)[0]!.requestId],
  );

  await ingestError(h.intake, error('aircon_3', 'E3', 0));
  h.clock.advance(301_000);
  await h.engine.tick();
  const [first, second] = h.published(CalloutRequested).filter((c) => c.callbackContext?.incidentId !== incident.incidentId);
  assert.ok(first && second);
  const acknowledged = await h.engine.calloutCompleted(completed(first, 'Completed', { answer: 'OK' }));
  assert.is(acknowledged?.status, 'acknowledged');
  assert.equal(h.published(CalloutCancellationRequested).at(-1), {
    requestId: second.requestId,
    requestedBy: 'switchboard.iot-triage',
    reason: 'incident acknowledged by contact 1',
  });
});

promises(
  'a call prevented by the do-not-call list is recorded with its reason and the next contact is called; nobody reached is a state and an event',
  async ({ dynamo }) => {
    const h = await createHarness(dynamo);
    await ingestError(h.intake, error('aircon_4', 'E3', 0));
    const [first] = h.published(CalloutRequested);
    await h.engine.calloutCompleted(completed(first!, 'SkippedDoNotCall', { error: 'callee asked not to be called again' }));
    const [, second] = h.published(CalloutRequested);
    assert.is(second?.callbackContext?.attempt, '2');
    const escalated = h.published(IncidentEscalated)[0];
    assert.equal([escalated.attempt, escalated.reason, escalated.exhausted], [2, 'callNotCompleted', false]);
    assert.match(escalated.failure, /do-not-call list \(SkippedDoNotCall: callee asked not to be called again\)/);
    let incident = (await h.incidents.list({ deviceId: 'aircon_4' }))[0]!;
    assert.ok(
      incident.log.some((r) => r.outcome === 'failed' && /contact 1 not reached: the number is on the do-not-call list/.test(r.detail ?? '')),
    );

    await h.engine.calloutCompleted(completed(second!, 'Busy'));
    incident = (await h.incidents.get(incident.incidentId))!;
    assert.is(incident.status, 'unreached');
    const unreached = h.published(IncidentUnreached);
    assert.is(unreached.length, 1);
    assert.equal(
      unreached[0].attempts.map((a: { attempt: number }) => a.attempt),
      [1, 2],
    );
    assert.match(unreached[0].attempts[1].reason, /busy/);
    assert.equal(
      h.published(IncidentEscalated).map((e) => e.exhausted),
      [false, true],
    );
    // Unresolved: a person can still take it.
    assert.is((await h.engine.acknowledge(incident.incidentId, 'olivia'))?.status, 'acknowledged');
  },
);

promises('a contact refused by the toll-fraud guard is not dialled: recorded, and the next contact is called', async ({ dynamo }) => {
  const h = await createHarness(dynamo, { checkContact: contactGuard(['US']), backupContact: true });
  await ingestError(h.intake, error('aircon_1', 'E3', 0));
  const calls = h.published(CalloutRequested);
  assert.equal(
    calls.map((c) => c.receivers[0]!.phoneNumber),
    ['+14155550199'],
    "the sample's +11234567890 is not a valid number",
  );
  const incident = (await h.incidents.list({ deviceId: 'aircon_1' }))[0]!;
  assert.equal(
    incident.callout?.failures?.map((f) => f.attempt),
    [1],
  );
});

promises('a site with no callable contact: the incident is unreached at once, with the reason', async ({ dynamo }) => {
  const h = await createHarness(dynamo, { checkContact: contactGuard(['US']), backupContact: false });
  await ingestError(h.intake, error('aircon_2', 'W1', 0));
  const incident = (await h.incidents.list({ deviceId: 'aircon_2' }))[0]!;
  assert.is(incident.status, 'unreached');
  assert.is(h.published(CalloutRequested).length, 0);
  assert.match(h.published(IncidentUnreached)[0].reason, /all 1 contacts tried, nobody reached/);
});

const pressureBatch = (deviceId: string, start: number, items: Array<{ psi: number; code?: string }>) =>
  items.map((item, i) => ({
    deviceId,
    payload: reading({ device_name: deviceId, refrigerant_pressure_psi: item.psi, error_code: item.code ?? 'None' }),
    receivedAt: start + i * 30_000,
  }));

promises('one fault, one incident: E2 and the drift on refrigerant pressure it causes give one incident and one e-mail', async ({ dynamo }) => {
  const h = await createHarness(dynamo);
  const baseline = Array.from({ length: 25 }, (_, i) => ({ psi: 212 + (i % 5) - 2 }));
  await ingestTelemetryBatch(h.intake, pressureBatch('aircon_3', T0 - 30 * 60_000, baseline));
  await ingestError(h.intake, error('aircon_3', 'E2', 0));
  const result = await ingestTelemetryBatch(
    h.intake,
    pressureBatch('aircon_3', T0 + 10_000, [
      { psi: 55, code: 'E2' },
      { psi: 54, code: 'E2' },
      { psi: 56, code: 'E2' },
      { psi: 55, code: 'E2' },
    ]),
  );
  assert.equal(
    result.signals.map((s) => `${s.transition}:${s.code}`),
    ['raised:DRIFT_PRESSURE'],
    'the detector did see the drift',
  );
  assert.equal(
    result.outcomes.map((o) => o.kind),
    ['correlated'],
  );
  const incidents = await h.incidents.list({ deviceId: 'aircon_3' });
  assert.equal(
    incidents.map((i) => i.code),
    ['E2'],
  );
  assert.ok(incidents[0]!.log.some((r) => r.action === 'correlate' && /DRIFT_PRESSURE is the same cause/.test(r.detail ?? '')));
  assert.is(h.mailer.sent.length, 1);
});

promises('one fault, one incident: a drift first, then the device reports the code — the drift incident closes into it', async ({ dynamo }) => {
  const h = await createHarness(dynamo);
  const baseline = Array.from({ length: 25 }, (_, i) => ({ psi: 212 + (i % 5) - 2 }));
  await ingestTelemetryBatch(h.intake, pressureBatch('aircon_4', T0 - 30 * 60_000, [...baseline, { psi: 55 }, { psi: 54 }, { psi: 56 }]));
  const drift = (await h.incidents.list({ deviceId: 'aircon_4' }))[0]!;
  assert.is(drift.code, 'DRIFT_PRESSURE');
  await ingestError(h.intake, error('aircon_4', 'E2', 0));
  const active = await h.incidents.active('aircon_4');
  assert.equal(
    active.map((i) => i.code),
    ['E2'],
  );
  const closed = await h.incidents.get(drift.incidentId);
  assert.equal([closed?.status, closed?.resolution], ['resolved', 'correlated']);
  assert.equal(
    h.published(IncidentResolved).map((e) => [e.code, e.resolution, e.correlatedWith]),
    [['DRIFT_PRESSURE', 'correlated', active[0]!.incidentId]],
  );
});

promises('a flapping fault that reopens its incident gets the clear-fault command again (and nothing else)', async ({ dynamo }) => {
  const h = await createHarness(dynamo);
  await ingestError(h.intake, error('aircon_2', 'E2', 0));
  const healthy = (s: number) => ({ deviceId: 'aircon_2', payload: reading({ device_name: 'aircon_2' }), receivedAt: T0 + s * 1000 });
  h.clock.advance(10_000);
  await ingestTelemetryBatch(h.intake, [healthy(30), healthy(60), healthy(90)]);
  const incident = (await h.incidents.list({ deviceId: 'aircon_2' }))[0]!;
  assert.is((await h.incidents.get(incident.incidentId))?.status, 'resolved');
  h.clock.advance(5 * 60_000);
  const { outcome } = await ingestError(h.intake, error('aircon_2', 'E2', 400));
  assert.is(outcome?.kind, 'reopened');
  assert.equal(
    h.commander.sent.map((c) => c.command.action),
    ['clear_fault', 'clear_fault'],
  );
  const reopened = await h.incidents.get(incident.incidentId);
  assert.is(reopened?.phase, 'awaiting-recovery');
  assert.is(h.mailer.sent.length, 1, 'no second ticket e-mail');
  // And it recovers again from real readings after the second command.
  await ingestTelemetryBatch(h.intake, [healthy(430), healthy(460), healthy(490)]);
  assert.is((await h.incidents.get(incident.incidentId))?.status, 'resolved');
});

promises(
  'out-of-range timestamps (1e13, milliseconds, microseconds, a bad receive time) are rejected with a reason, never thrown',
  async ({ dynamo }) => {
    const h = await createHarness(dynamo);
    const cases: Array<[unknown, RegExp]> = [
      [1e13, /must be Unix seconds between 2000 and 2100, got 10000000000000/],
      [1741094472123, /looks like milliseconds/],
      [1741094472123456, /looks like microseconds/],
      [12, /got 12/],
    ];
    for (const [timestamp, reason] of cases) {
      const { rejected, outcome } = await ingestError(h.intake, { deviceId: 'aircon_1', payload: { error_code: 'E3', timestamp }, receivedAt: T0 });
      assert.is(outcome, undefined);
      assert.match(rejected?.reason ?? '', reason);
    }
    const late = await ingestError(h.intake, { deviceId: 'aircon_1', payload: { error_code: 'E3' }, receivedAt: 1e16 });
    assert.match(late.rejected?.reason ?? '', /received_at: must be epoch milliseconds/);
    const batch = await ingestTelemetryBatch(h.intake, [
      { deviceId: 'aircon_1', payload: reading(), receivedAt: 1e16 },
      { deviceId: 'aircon_1', payload: reading(), receivedAt: T0 },
    ]);
    assert.is(batch.accepted, 1);
    assert.match(batch.rejected[0]!.reason, /received_at/);
    assert.is((await h.incidents.list({})).length, 0);
  },
);

promises.run();
