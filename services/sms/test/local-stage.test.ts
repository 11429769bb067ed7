/**
 * The sms service on the real local stage, driven only through HTTP: the API (JWT), the simulated handset and
 * the simulated agent — plus the SmsDeflectionRequested event as routing publishes it on the bus.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SmsDeflectionRequested } from '@switchboard/shared/contracts';
import { startLocalStage, type LocalStageHandle } from '@switchboard/shared/local';
import { register } from '../src/local.ts';
import { DEFAULT_TEXTS } from '../src/domain/texts.ts';
import { SAMPLE_FAQ } from '../src/adapters/local/sample-faq.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const CUSTOMER = '+14255550182';

let stage: LocalStageHandle;
let dataDir: string;
let base: string;
const call = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${stage.token}`,
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV and empty bodies stay text
  }
  return { status: response.status, body: parsed as any };
};

test.before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sms-stage-'));
  stage = await startLocalStage({
    dataDir,
    ports: { base: 0 },
    services: [{ name: 'sms', register }],
    persist: false,
    log: () => undefined,
    logLevel: 'SILENT',
  });
  assert.equal(stage.failures, []);
  base = stage.urls.sms as string;
});

test.after(async () => {
  await stage?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('health is public; everything else needs a token', async () => {
  assert.is((await fetch(`${base}/health`)).status, 200);
  assert.is((await fetch(`${base}/conversations`)).status, 401);
  const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  for (const route of ['/conversations', '/conversations/{conversationId}', '/faq', '/faq/csv', '/faq/unanswered', '/opt-outs', '/metrics']) {
    assert.ok(openapi.paths[route], route);
  }
});

test('the whole conversation over HTTP, started by the SmsDeflectionRequested event', async () => {
  await stage.bus.publish(
    SmsDeflectionRequested,
    { phoneNumber: CUSTOMER, callId: 'call-77', department: 'billing', requestedBy: 'switchboard.routing', expectedWaitSeconds: 1800 },
    { correlationId: 'call-77' },
  );
  await stage.bus.drain();
  let inbox = await call('GET', `/simulator/handsets/${encodeURIComponent(CUSTOMER)}/texts`);
  assert.equal(
    inbox.body.items.map((t: { body: string }) => t.body),
    [DEFAULT_TEXTS.offer],
  );

  const yes = await call('POST', `/simulator/handsets/${encodeURIComponent(CUSTOMER)}/texts`, { body: 'Yes' });
  assert.is(yes.status, 200);
  assert.is(yes.body.received[0].body, DEFAULT_TEXTS.welcome);

  const question = await call('POST', `/simulator/handsets/${encodeURIComponent(CUSTOMER)}/texts`, { body: 'I forgot my password' });
  assert.ok(question.body.received.some((t: { body: string }) => t.body === SAMPLE_FAQ[1]?.answer));

  const contacts = await call('GET', '/simulator/agent/contacts');
  const contact = contacts.body.items[0];
  assert.is(contact.attributes.department, 'billing');
  assert.is(contact.attributes.callId, 'call-77');
  assert.is(contact.attributes.expectedWaitSeconds, '1800');

  assert.is((await call('POST', `/simulator/agent/contacts/${contact.contactId}/join`, { agentName: 'Robin' })).status, 200);
  await call('POST', `/simulator/agent/contacts/${contact.contactId}/messages`, { text: 'Hello, Robin here.' });
  inbox = await call('GET', `/simulator/handsets/${encodeURIComponent(CUSTOMER)}/texts`);
  assert.is(inbox.body.items.at(-1).body, 'Robin: Hello, Robin here.');
  assert.is((await call('POST', `/simulator/agent/contacts/${contact.contactId}/end`)).status, 200);

  const list = await call('GET', `/conversations?phoneNumber=${encodeURIComponent(CUSTOMER)}`);
  assert.is(list.status, 200);
  const conversation = list.body.items[0];
  assert.is(conversation.state, 'ended');
  assert.is(conversation.endReason, 'agent-left');
  const detail = await call('GET', `/conversations/${conversation.conversationId}`);
  assert.ok(detail.body.transcript.some((e: { author: string; text: string }) => e.author === 'agent' && e.text === 'Hello, Robin here.'));
  assert.ok(detail.body.transcript.some((e: { author: string }) => e.author === 'bot'));

  const metrics = await call('GET', '/metrics');
  assert.is(metrics.body.totals.offered, 1);
  assert.is(metrics.body.totals.accepted, 1);
  assert.is(metrics.body.totals.answeredByBot, 1);
  assert.is(metrics.body.acceptanceRate, 1);
  assert.ok(stage.bus.history.some((e) => e['detail-type'] === 'SmsConversationEnded'));
});

test('FAQ import as CSV and JSON, export, validation problems; unanswered questions listed', async () => {
  const csv = 'question,utterances,answer\r\n"Do you ship abroad?","international shipping|ship overseas","Yes, to 40 countries."\r\n';
  const imported = await call('PUT', '/faq/csv', csv, { 'content-type': 'text/csv' });
  assert.is(imported.status, 200);
  assert.is(imported.body.written, 1);
  assert.is(imported.body.removed, SAMPLE_FAQ.length);
  assert.is(imported.body.bot.upserted, 1);
  const exported = await call('GET', '/faq?format=csv');
  assert.match(exported.body, /Do you ship abroad\?/);
  const bad = await call('PUT', '/faq', [{ question: 'ok?', answer: '' }]);
  assert.is(bad.status, 422);
  assert.is(bad.body.issues[0].path, 'body[1]');
  const wrongType = await call('PUT', '/faq/csv', csv, { 'content-type': 'text/plain' });
  assert.is(wrongType.status, 415);
  assert.is((await call('PUT', '/faq', SAMPLE_FAQ)).body.written, SAMPLE_FAQ.length);
  assert.is((await call('GET', '/faq')).body.items.length, SAMPLE_FAQ.length);
  const unanswered = await call('GET', '/faq/unanswered');
  assert.is(unanswered.status, 200);
});

test('opt-out list: STOP by text shows up; API opt-out ends a conversation; removal needs admin and consent', async () => {
  const other = '+14155552671';
  await call('POST', '/deflections', { phoneNumber: other, callId: 'call-88' });
  await call('POST', `/simulator/handsets/${encodeURIComponent(CUSTOMER)}/texts`, { body: 'STOP' });
  let list = await call('GET', '/opt-outs');
  assert.ok(list.body.items.some((o: { phoneNumber: string; source: string }) => o.phoneNumber === CUSTOMER && o.source === 'sms'));
  const added = await call('PUT', `/opt-outs/${encodeURIComponent(other)}`);
  assert.is(added.status, 200);
  const conversations = await call('GET', `/conversations?phoneNumber=${encodeURIComponent(other)}`);
  assert.is(conversations.body.items[0].state, 'ended');
  const again = await call('POST', '/deflections', { phoneNumber: other, callId: 'call-89' });
  assert.is(again.body.outcome, 'opted-out');
  assert.is((await call('DELETE', `/opt-outs/${encodeURIComponent(other)}`)).status, 204);
  assert.is((await call('DELETE', `/opt-outs/${encodeURIComponent(other)}`)).status, 404);
  list = await call('GET', '/opt-outs');
  assert.not.ok(list.body.items.some((o: { phoneNumber: string }) => o.phoneNumber === other));
  assert.is((await call('PUT', '/opt-outs/not-a-number')).status, 422);
});

test.run();
