/**
 * Issue 15's four cross-service promises, end to end on the local stage: every service registered as `npm start`
 * registers it, in this process, talking over real HTTP, the one in-process bus, dynalite and MQTT.
 *
 *   1. routing ⇄ sms: a caller whose number sms cannot text is not offered "continue by text"; a deflection that
 *      fails anyway reaches the caller's call log (SmsDeflectionFailed) and the next call is not offered one.
 *   2. iot-triage ⇄ callouts: acknowledging an incident cancels the outstanding callout; the next contact is not called.
 *   3. iot-triage ⇄ callouts: an urgent operator call is placed although the number hit the campaign attempt limit;
 *      a call that cannot be placed is recorded on the incident and escalates; nobody reached is a state and an event.
 *   4. callouts: a cancelled job marks its receivers Cancelled and completes with its reports and CalloutJobCompleted.
 *
 * Per-service tests (services/*\/test/*promise*.test.ts, cancel-and-priority.test.ts) prove each side alone; these
 * prove the sides agree. The stage runs on simulated time (`timeScale`, the same clock for every service), so the
 * acknowledgement timeout, rings and retries take seconds, not minutes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// No device simulator: the test publishes the faults itself, as the devices it registers.
process.env.IOT_TRIAGE_SIMULATOR = 'off';
// Stage time (×60 below): 6 minutes to acknowledge = 6 s of wall clock (room for the test to acknowledge on a
// loaded machine); the escalation tick every 15 s = 0.25 s.
const ackTimeoutSeconds = 360;
process.env.IOT_TRIAGE_ACK_TIMEOUT_SECONDS = String(ackTimeoutSeconds);
process.env.CALLOUTS_MAX_CONCURRENCY = '2';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import mqtt from 'mqtt';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BusEvent } from '../src/bus/index.ts';
import { discoverServices, startLocalStage, type LocalStageHandle } from '../src/local/index.ts';
import { repoRoot } from '../src/testing/index.ts';

const timeScale = 60;

interface Context {
  stage: LocalStageHandle;
  dataDir: string;
  documents: DynamoDBDocumentClient;
  operatorToken: string;
}
const promises = suite<Context>('cross-service promises', {} as Context);

promises.before(async (context) => {
  const { entries } = await discoverServices(repoRoot);
  context.dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-promises-'));
  context.stage = await startLocalStage({
    dataDir: context.dataDir,
    ports: { base: 0 },
    services: entries,
    persist: false,
    log: () => undefined,
    logLevel: 'SILENT',
    timeScale,
  });
  assert.equal(
    context.stage.failures.map((f) => `${f.service}: ${f.error.message}`),
    [],
    'every service registers',
  );
  assert.equal(Object.keys(context.stage.urls).sort(), ['callouts', 'forwarding', 'iot-triage', 'routing', 'sms']);
  context.documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: context.stage.dynamodbEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  context.operatorToken = await context.stage.tokenFor('operator');
});

promises.after(async (context) => {
  context.documents?.destroy();
  await context.stage?.stop();
  if (context.dataDir) await rm(context.dataDir, { recursive: true, force: true, maxRetries: 5 });
});

/** One API call; non-2xx fails the test with the problem document. */
async function api<T = any>(
  context: Context,
  service: string,
  method: string,
  route: string,
  body?: unknown,
  token = context.stage.token,
): Promise<T> {
  const response = await fetch(`${context.stage.urls[service]}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${service}${route} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Polls `probe` until it returns a value; a generous guard turns a broken promise into a failure, not a hang. */
async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const events = (context: Context, detailType: string): Array<{ data: any; metadata: any }> =>
  context.stage.bus.history
    .filter((event: BusEvent) => event['detail-type'] === detailType)
    .map((event) => event.detail as { data: any; metadata: any });

// ── 1. routing ⇄ sms ────────────────────────────────────────────────────────────────────────────────────────────

const OFFER = /Press 1 to hold, or press 2 to continue by text message/;

promises('1. only numbers sms can text are offered a text; a deflection that fails anyway is on the call log', async (context) => {
  // history offers a text above a 2-minute wait and reports 10 minutes.
  const { updatedAt: _updatedAt, ...history } = await api(context, 'routing', 'GET', '/departments/history');
  await api(context, 'routing', 'PUT', '/departments/history', {
    ...history,
    smsDeflection: { offerWhenWaitExceedsSeconds: 120 },
    expectedWaitSeconds: 600,
  });
  const call = (from: string) => api(context, 'routing', 'POST', '/simulator/calls', { from, to: '+18005550199', say: 'history', smsOfferKey: '2' });
  const texts = async (phoneNumber: string) =>
    (await api(context, 'sms', 'GET', `/simulator/handsets/${encodeURIComponent(phoneNumber)}/texts`)).items as Array<{ body: string }>;

  // A mobile number nobody opted out: offered, deflected, and sms really texts it.
  const textable = '+14155550141';
  const deflected = await call(textable);
  assert.ok(
    deflected.heard.some((line: string) => OFFER.test(line)),
    `offered: ${deflected.heard.join(' | ')}`,
  );
  await context.stage.bus.drain();
  await until('the offer text', async () => (await texts(textable)).length > 0);
  assert.is((await api(context, 'routing', 'GET', `/calls/${deflected.callId}`)).outcomeKind, 'deflected');

  // Opted out by texting STOP to sms, or through sms's API (another channel): routing hears of both on the bus.
  const stopped = '+14155550142';
  await api(context, 'sms', 'POST', `/simulator/handsets/${encodeURIComponent(stopped)}/texts`, { body: 'STOP' });
  const optedOutByApi = '+14155550143';
  await api(context, 'sms', 'PUT', `/opt-outs/${encodeURIComponent(optedOutByApi)}`);
  await context.stage.bus.drain();
  // A landline (London) and a toll-free number cannot receive texts.
  for (const from of [stopped, optedOutByApi, '+442079460000', '+18885550100']) {
    const result = await call(from);
    assert.not.ok(
      result.heard.some((line: string) => OFFER.test(line)),
      `${from} is not offered a text: ${result.heard.join(' | ')}`,
    );
    assert.is(result.outcome.kind, 'bridged', `${from} stays in the queue`);
  }

  // An opt-out routing has not heard of yet (its SmsOptedOut still on the way): routing offers, sms refuses — and says so.
  const unheard = '+14155550144';
  await context.documents.send(
    new PutCommand({
      TableName: 'switchboard-local-sms-sms-opt-outs',
      Item: { phoneNumber: unheard, optedOutAt: new Date().toISOString(), keyword: 'STOP', source: 'sms' },
    }),
  );
  const failing = await call(unheard);
  assert.ok(
    failing.heard.some((line: string) => OFFER.test(line)),
    'routing did not know: offered',
  );
  await context.stage.bus.drain();
  const log = await until('the failure on the call log', async () => {
    const entry = await api(context, 'routing', 'GET', `/calls/${failing.callId}`);
    return entry.outcomeKind === 'deflection-failed' ? entry : undefined;
  });
  assert.ok(
    log.events.some((e: { detailType: string }) => e.detailType === 'SmsDeflectionFailed'),
    'SmsDeflectionFailed is on the call log',
  );
  assert.match(log.outcome, /SMS deflection failed \(opted-out\)/);
  assert.equal(await texts(unheard), [], 'nothing was texted to a number that opted out');
  // The failure taught routing: the next call from that number stays in the queue.
  const again = await call(unheard);
  assert.not.ok(again.heard.some((line: string) => OFFER.test(line)));
  assert.is(again.outcome.kind, 'bridged');
});

// ── 2 and 3. iot-triage ⇄ callouts ──────────────────────────────────────────────────────────────────────────────

/** Registers a device with these contacts (called in order) through the API, as an admin does. */
async function siteWithContacts(context: Context, deviceId: string, phoneNumbers: string[]) {
  await api(context, 'iot-triage', 'PUT', `/devices/${deviceId}`, {
    siteOwner: 'Promises Ltd',
    address: { street: '1 Test Street', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' },
    contacts: phoneNumbers.map((phoneNumber, index) => ({ name: `Contact ${index + 1}`, phoneNumber })),
  });
}

/** The device reports error E3 over MQTT, as a real device does (client id = thing name, its own errors topic). */
async function reportFault(context: Context, deviceId: string): Promise<string> {
  const client = await mqtt.connectAsync(context.stage.mqttUrl, { clientId: deviceId, reconnectPeriod: 0 });
  try {
    await client.publishAsync(
      `devices/${deviceId}/errors`,
      JSON.stringify({ device_name: deviceId, error_code: 'E3', timestamp: Math.floor(context.stage.clock.now().getTime() / 1000) }),
      { qos: 1 },
    );
  } finally {
    await client.endAsync();
  }
  return until(
    `an incident for ${deviceId}`,
    async () => (await api(context, 'iot-triage', 'GET', `/incidents?deviceId=${deviceId}`)).items[0]?.incidentId as string | undefined,
  );
}

const script = (context: Context, phoneNumber: string, behaviour: Record<string, unknown>) =>
  api(context, 'callouts', 'PUT', `/simulator/callees/${encodeURIComponent(phoneNumber)}`, behaviour);
const calloutRequests = (context: Context, incidentId: string) =>
  events(context, 'CalloutRequested').filter((e) => e.data.callbackContext?.incidentId === incidentId);
const jobOf = (context: Context, requestId: string) =>
  until(`the callouts job of ${requestId}`, async () =>
    ((await api(context, 'callouts', 'GET', '/jobs')).items as Array<{ jobId: string; requestId?: string }>).find(
      (job) => job.requestId === requestId,
    ),
  );

promises('2. acknowledging an incident cancels the outstanding callout, and the next contact is never called', async (context) => {
  const [first, second] = ['+13125550161', '+13125550162'];
  // The first contact lets it ring for two minutes (2 s of wall clock); nobody answers.
  await script(context, first, { behaviour: 'no-answer', ringMs: 120_000 });
  await script(context, second, { behaviour: 'answer', utterances: ['OK'] });
  await siteWithContacts(context, 'promise_ack', [first, second]);
  const requestedAt = Date.now();
  const incidentId = await reportFault(context, 'promise_ack');
  // The incident is stored before its first callout is published: wait for the request, not only the incident.
  const request = await until('the callout to the first contact', () => calloutRequests(context, incidentId)[0]);
  assert.is(request.data.priority, 'urgent');
  const job = await jobOf(context, request.data.requestId);
  await until('the first contact ringing', async () => (await api(context, 'callouts', 'GET', '/simulator/calls')).inProgress > 0 || undefined);

  const acknowledged = await api(context, 'iot-triage', 'POST', `/incidents/${incidentId}/acknowledge`, undefined, context.operatorToken);
  assert.is(acknowledged.status, 'acknowledged');
  assert.ok(Date.now() - requestedAt < (ackTimeoutSeconds * 1000) / timeScale, 'acknowledged before the timeout (else this test proves nothing)');
  await context.stage.bus.drain();
  assert.equal(
    events(context, 'CalloutCancellationRequested').filter((e) => e.data.requestId === request.data.requestId).length,
    1,
    'iot-triage asks callouts to stop',
  );
  const cancelled = await until('callouts to cancel the job', async () => {
    const current = await api(context, 'callouts', 'GET', `/jobs/${job.jobId}`);
    return current.status === 'Cancelled' && current.completedAt ? current : undefined;
  });
  assert.match(cancelled.cancelReason ?? '', /acknowledged/);

  // Past the acknowledgement timeout and several escalation ticks: nobody else is called.
  await pause(Math.max(0, requestedAt + ((ackTimeoutSeconds * 1000) / timeScale) * 1.25 - Date.now()));
  await context.stage.bus.drain();
  assert.equal(
    calloutRequests(context, incidentId).map((e) => e.data.callbackContext.attempt),
    ['1'],
    'no callout for the next contact',
  );
  const results = (await api(context, 'callouts', 'GET', `/jobs/${job.jobId}/results`)).items as Array<{ status: string; attempts: number }>;
  assert.equal(
    results.map((r) => r.attempts),
    [1],
    'the first contact is not redialled',
  );
  const incident = await api(context, 'iot-triage', 'GET', `/incidents/${incidentId}`);
  assert.is(incident.status, 'acknowledged');
});

promises(
  '3. an urgent call is placed despite the attempt limit; a call that cannot be placed is recorded and escalates; nobody reached is a state and an event',
  async (context) => {
    // a) The contact has been called three times today (callouts' limit per number): the operator call still goes out.
    const busy = '+13125550171';
    const now = context.stage.clock.now();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const at = new Date(now.getTime() - attempt * 60 * 60_000).toISOString();
      await context.documents.send(
        new PutCommand({
          TableName: 'switchboard-local-callouts-call-attempts',
          Item: {
            phoneNumber: busy,
            attemptKey: `${at}#earlier-survey#r${attempt}#1`,
            at,
            jobId: 'earlier-survey',
            receiverId: `r${attempt}`,
            attempt: 1,
            expiresAt: Math.floor(Date.parse(at) / 1000) + 2 * 86_400,
          },
        }),
      );
    }
    await script(context, busy, { behaviour: 'answer', utterances: ['OK'] });
    await siteWithContacts(context, 'promise_limit', [busy]);
    const limited = await reportFault(context, 'promise_limit');
    const taken = await until('the contact to acknowledge by phone', async () => {
      const incident = await api(context, 'iot-triage', 'GET', `/incidents/${limited}`);
      return incident.status === 'acknowledged' ? incident : undefined;
    });
    assert.ok(
      taken.log.some((r: { detail?: string }) => /contact 1 acknowledged/.test(r.detail ?? '')),
      JSON.stringify(taken.log),
    );

    // b) Both contacts are on the do-not-call list: neither call can be placed; each is recorded, the first escalates.
    const [dnc1, dnc2] = ['+13125550181', '+13125550182'];
    for (const phoneNumber of [dnc1, dnc2])
      await api(context, 'callouts', 'PUT', `/do-not-call/${encodeURIComponent(phoneNumber)}`, { reason: 'asked not to be called' });
    await siteWithContacts(context, 'promise_dnc', [dnc1, dnc2]);
    const blocked = await reportFault(context, 'promise_dnc');
    const unreached = await until('the incident to be unreached', async () => {
      const incident = await api(context, 'iot-triage', 'GET', `/incidents/${blocked}`);
      return incident.status === 'unreached' ? incident : undefined;
    });
    assert.equal(
      calloutRequests(context, blocked).map((e) => e.data.callbackContext.attempt),
      ['1', '2'],
      'the failure escalated to the next contact',
    );
    const failures = unreached.log.filter((r: { outcome?: string; detail?: string }) => r.outcome === 'failed' && /do-not-call/.test(r.detail ?? ''));
    assert.is(failures.length, 2, `each prevented call is on the incident: ${JSON.stringify(unreached.log)}`);
    await context.stage.bus.drain();
    const escalations = events(context, 'IncidentEscalated').filter((e) => e.data.incidentId === blocked);
    assert.equal(
      escalations.map((e) => e.data.exhausted),
      [false, true],
    );
    const nobody = events(context, 'IncidentUnreached').filter((e) => e.data.incidentId === blocked);
    assert.is(nobody.length, 1, 'IncidentUnreached is published once');
    assert.equal(
      nobody[0]!.data.attempts.map((a: { attempt: number }) => a.attempt),
      [1, 2],
    );
  },
);

// ── 4. callouts ─────────────────────────────────────────────────────────────────────────────────────────────────

promises('4. a cancelled job marks its receivers Cancelled and completes with its Excel and JSON reports', async (context) => {
  const numbers = ['+13125550191', '+13125550192', '+13125550193', '+13125550194'];
  for (const phoneNumber of numbers) await script(context, phoneNumber, { behaviour: 'no-answer', ringMs: 120_000 });
  const created = await api(context, 'callouts', 'POST', '/jobs', {
    task_id: 'promise-cancel',
    purpose: 'operational',
    greeting: 'Hello.',
    ending: 'Goodbye.',
    questions: [{ question_type: 'Yes/No', question_template: 'Are you coming?' }],
    receivers: numbers.map((phone_number, index) => ({ id: `r${index + 1}`, phone_number })),
  });
  const jobId = created.job.jobId as string;
  // Two calls ring (the stage allows two at a time); two receivers are still waiting their turn.
  await until('two calls on the line', async () => (await api(context, 'callouts', 'GET', '/simulator/calls')).inProgress === 2 || undefined);
  const cancelled = await api(context, 'callouts', 'POST', `/jobs/${jobId}/cancel`);
  assert.is(cancelled.status, 'Cancelled');

  const job = await until('the cancelled job to complete', async () => {
    const current = await api(context, 'callouts', 'GET', `/jobs/${jobId}`);
    return current.completedAt ? current : undefined;
  });
  assert.is(job.status, 'Cancelled');
  const results = (await api(context, 'callouts', 'GET', `/jobs/${jobId}/results`)).items as Array<{ receiverId: string; status: string }>;
  assert.equal(
    results.filter((r) => r.status === 'Pending' || r.status === 'Dialing'),
    [],
    `no receiver is left pending: ${JSON.stringify(results)}`,
  );
  assert.ok(results.filter((r) => r.status === 'Cancelled').length >= 2, `the receivers never called are Cancelled: ${JSON.stringify(results)}`);

  assert.ok(job.report?.link, 'the job links its report');
  const report = await api(context, 'callouts', 'GET', `/jobs/${jobId}/report`);
  const excel = await fetch(report.url);
  assert.is(excel.status, 200);
  assert.ok((await excel.arrayBuffer()).byteLength > 0, 'the Excel report downloads');
  assert.ok(report.jsonUrl, 'the JSON report is linked too');
  const json = (await (await fetch(report.jsonUrl)).json()) as { rows: Array<{ status: string }> };
  assert.equal(json.rows.map((r) => r.status).sort(), results.map((r) => r.status).sort(), 'the JSON report holds every receiver as the results do');
  await context.stage.bus.drain();
  assert.is(events(context, 'CalloutJobCompleted').filter((e) => e.data.jobId === jobId).length, 1, 'the completion is announced once');
});

promises.run();
