/**
 * The callouts service on a real local stage: DynamoDB stores on dynalite, the local bus, the local issuer,
 * HTTP on loopback, the runner on scaled time and the Connect stand-in. A workbook upload and a
 * CalloutRequested run to the report; the do-not-call list lives in dynalite.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.SWITCHBOARD_TIME_SCALE = '2000';
process.env.CALLOUTS_SIM_ANSWER_RATE = '1';
process.env.CALLOUTS_SIM_BUSY_RATE = '0';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CalloutCompleted, CalloutRequested } from '@switchboard/shared/contracts';
import { type LocalStageHandle, startLocalStage } from '@switchboard/shared/local';
import { test } from 'uvu';
import { register } from '../src/local.ts';
import { referenceWorkbooks } from './support.ts';

let stage: LocalStageHandle;
let dataDir: string;
let base: string;
const auth = () => ({ authorization: `Bearer ${stage.token}` });

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test.before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'callouts-local-'));
  stage = await startLocalStage({
    dataDir,
    ports: { base: 0 },
    services: [{ name: 'callouts', register }],
    persist: false,
    log: () => undefined,
    logLevel: 'SILENT',
    // 10:00 in Hong Kong, inside the sample survey's 08:00–21:00 calling window, whenever the test runs.
    clockStartsAt: new Date('2026-12-01T02:00:00Z'),
  });
  assert.deepEqual(stage.failures, []);
  base = stage.urls.callouts!;
});

test.after(async () => {
  await stage?.stop();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

test('an uploaded workbook runs to completion on dynalite and its report downloads', async () => {
  // Script one receiver; the other answers from the seeded random callee.
  await fetch(`${base}/simulator/callees/${encodeURIComponent('+85212345678')}`, {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ behaviour: 'answer', utterances: ['Yes', 'C', '12', '2026-12-24', '09:15', 'OK'] }),
  });
  const form = new FormData();
  form.set('file', new File([readFileSync(referenceWorkbooks.cdk)], 'spring-survey.xlsx'));
  form.set('task_id', 'spring-survey');
  const created = await fetch(`${base}/jobs`, { method: 'POST', headers: auth(), body: form });
  assert.equal(created.status, 201, await created.clone().text());

  // The stage's clock starts inside the receivers' calling window (above), so the job dials at once.
  const job = await waitFor(
    'the job to complete',
    async () => {
      const body = await (await fetch(`${base}/jobs/spring-survey`, { headers: auth() })).json();
      return body.status === 'Completed' ? body : undefined;
    },
    30_000,
  );
  assert.equal(job.progress.done, 2);
  // The list's progress comes from the job's own counters (atomic ADD in DynamoDB).
  const listed = await (await fetch(`${base}/jobs`, { headers: auth() })).json();
  assert.equal(listed.items.find((j: { jobId: string }) => j.jobId === 'spring-survey').progress.done, 2);
  const results = await (await fetch(`${base}/jobs/spring-survey/results`, { headers: auth() })).json();
  const scripted = results.items.find((r: { receiverId: string }) => r.receiverId === '1');
  assert.deepEqual(scripted.answers, ['Yes', 'C', '12', '2026-12-24', '09:15', 'OK']);
  const link = await (await fetch(`${base}/jobs/spring-survey/report`, { headers: auth() })).json();
  const download = await fetch(new URL(link.url, base));
  assert.equal(download.status, 200);
  assert.equal((await download.arrayBuffer()).byteLength > 1000, true);
});

test('a CalloutRequested on the bus is called once, even when delivered twice', async () => {
  const envelope = CalloutRequested.envelope(
    {
      requestId: 'local-incident-1',
      purpose: 'operational',
      requestedBy: 'iot-triage',
      greeting: 'Fault at {{ site }}.',
      ending: 'Thanks.',
      questions: [{ type: 'OK', template: 'Say OK to acknowledge.' }],
      receivers: [{ receiverId: 'op', phoneNumber: '+85291234567', attributes: { site: 'Tsuen Wan' } }],
    },
    { correlationId: 'incident-1' },
  );
  const event = {
    version: '0' as const,
    id: 'x1',
    'detail-type': CalloutRequested.detailType,
    source: CalloutRequested.source,
    account: '0',
    time: envelope.metadata.occurredAt,
    region: 'local',
    resources: [],
    detail: envelope,
  };
  stage.bus.put(event);
  stage.bus.put({ ...event, id: 'x2' });
  const completed = await waitFor('CalloutCompleted', async () => {
    const found = stage.bus.history.find(
      (e) => e['detail-type'] === CalloutCompleted.detailType && (e.detail as { data: { jobId: string } }).data.jobId === 'local-incident-1',
    );
    return found ? CalloutCompleted.parse(found).data : undefined;
  });
  assert.equal(completed.attempts, 1);
  // Let the job's report be written before the stage stops.
  await waitFor('CalloutJobCompleted', async () =>
    stage.bus.history.some(
      (e) => e['detail-type'] === 'CalloutJobCompleted' && (e.detail as { data: { jobId: string } }).data.jobId === 'local-incident-1',
    )
      ? true
      : undefined,
  );
  const results = await (await fetch(`${base}/jobs/local-incident-1/results`, { headers: auth() })).json();
  assert.equal(results.items[0].attempts, 1);
});

test('a workbook copied into the inbox folder (or put in the jobs bucket) starts a job, as an S3 upload does on AWS', async () => {
  const inbox = path.join(dataDir, 'callouts-inbox');
  await mkdir(inbox, { recursive: true });
  await writeFile(path.join(inbox, 'dropped-survey.xlsx'), readFileSync(referenceWorkbooks.cdk));
  const job = await waitFor('the dropped job', async () => {
    const response = await fetch(`${base}/jobs/dropped-survey`, { headers: auth() });
    return response.status === 200 ? ((await response.json()) as { jobId: string; source: string }) : undefined;
  });
  assert.equal(job.source, 'excel');
  assert.ok((await stage.objects.list('callouts-jobs', 'uploads/')).some((o) => o.key === 'uploads/dropped-survey.xlsx'));
  // Straight into the bucket works too.
  await stage.objects.put('callouts-jobs', 'uploads/bucket-survey.xlsx', readFileSync(referenceWorkbooks.callouts));
  await waitFor('the bucket job', async () => ((await fetch(`${base}/jobs/bucket-survey`, { headers: auth() })).status === 200 ? true : undefined));
  // Both run to their report before the stage stops.
  for (const jobId of ['dropped-survey', 'bucket-survey']) {
    await waitFor(`${jobId} to complete`, async () =>
      (await (await fetch(`${base}/jobs/${jobId}`, { headers: auth() })).json()).status === 'Completed' ? true : undefined,
    );
  }
});

test('the do-not-call list is kept in dynalite', async () => {
  const put = await fetch(`${base}/do-not-call/${encodeURIComponent('+85261234567')}`, {
    method: 'PUT',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: '{"reason":"asked"}',
  });
  assert.equal(put.status, 200);
  const list = await (await fetch(`${base}/do-not-call`, { headers: auth() })).json();
  assert.ok(list.items.some((e: { phoneNumber: string }) => e.phoneNumber === '+85261234567'));
});

test.run();
