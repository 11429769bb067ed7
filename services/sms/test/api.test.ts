/** The API's rules in-process (Hono `app.request`): authentication, groups, validation, paging. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalIssuer } from '@switchboard/shared/http';
import { assertRouteAccess } from '@switchboard/shared/testing';
import { access } from '../src/api/access.ts';
import { createApp } from '../src/api/app.ts';
import { startHarness, driveTo, type Harness } from './harness.ts';

let h: Harness;
let app: ReturnType<typeof createApp>;
let admin: string;
let agent: string;
let supervisor: string;

test.before(async () => {
  h = await startHarness();
  const issuer = await createLocalIssuer();
  app = createApp({ service: h.service, verifier: issuer.verifier, version: '0.1.0' });
  admin = await issuer.issueToken({ username: 'ada', groups: ['admin'] });
  agent = await issuer.issueToken({ username: 'bob', groups: ['agents'] });
  supervisor = await issuer.issueToken({ username: 'sue', groups: ['supervisor'] });
});
test.after(async () => h.close());

test('every documented route × every role (and no group) is answered as the access table says', async () => {
  const issuer = await createLocalIssuer();
  const withSimulators = createApp({
    service: h.service,
    verifier: issuer.verifier,
    version: '0.1.0',
    simulators: { handsets: h.handsets, connect: h.connect, settle: h.settle, deliveries: { inbound: h.inbound, stream: h.stream } },
  });
  await assertRouteAccess(withSimulators, access, {
    tokenFor: (role) => issuer.issueToken({ username: role ?? 'plain', groups: role ? [role] : [] }),
    callAllowed: false,
  });
});

test('phone numbers are masked, and the number filter refused, for roles that do not work the conversations', async () => {
  const issuer = await createLocalIssuer();
  const local = createApp({ service: h.service, verifier: issuer.verifier, version: '0.1.0' });
  await driveTo(h, '+14255550190', 'offered');
  const operator = await issuer.issueToken({ username: 'olga', groups: ['operator'] });
  const asOperator = await local.request('/conversations', { headers: { authorization: `Bearer ${operator}` } });
  const numbers = ((await asOperator.json()) as { items: { phoneNumber: string }[] }).items.map((i) => i.phoneNumber);
  assert.ok(numbers.length > 0 && numbers.every((n) => n.includes('***')), numbers.join(','));
  assert.is((await local.request('/conversations?phoneNumber=%2B14255550190', { headers: { authorization: `Bearer ${operator}` } })).status, 403);
  const asAgent = await local.request('/conversations?phoneNumber=%2B14255550190', {
    headers: { authorization: `Bearer ${await issuer.issueToken({ username: 'al', groups: ['agent'] })}` },
  });
  assert.equal(
    ((await asAgent.json()) as { items: { phoneNumber: string }[] }).items.map((i) => i.phoneNumber),
    ['+14255550190'],
  );
});

const send = (method: string, path: string, token?: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

test('no token → 401; wrong group → 403 for FAQ and opt-out changes and closing', async () => {
  assert.is((await send('GET', '/faq')).status, 401);
  assert.is((await send('GET', '/faq', agent)).status, 200);
  assert.is((await send('PUT', '/faq', agent, [{ question: 'Where are you?', answer: 'Here.' }])).status, 403);
  assert.is((await send('PUT', '/opt-outs/+14255550182', agent)).status, 403);
  assert.is((await send('DELETE', '/opt-outs/+14255550182', agent)).status, 403);
  assert.is((await send('POST', '/conversations/nope/close', agent)).status, 403);
  assert.is((await send('POST', '/conversations/nope/close', supervisor)).status, 404);
});

test('validation: malformed JSON 400, bad numbers and queries 422, problem+json bodies', async () => {
  const malformed = await app.request('/deflections', {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: '{',
  });
  assert.is(malformed.status, 400);
  const badNumber = await send('PUT', '/opt-outs/12345', admin);
  assert.is(badNumber.status, 422);
  assert.match(badNumber.headers.get('content-type') ?? '', /problem\+json/);
  assert.is((await send('GET', '/conversations?limit=0', admin)).status, 422);
  assert.is((await send('GET', '/metrics?from=2026-12-01&to=2026-11-01', admin)).status, 422);
  const invalid = await send('POST', '/deflections', admin, { phoneNumber: '+442079460958' });
  assert.equal(((await invalid.json()) as { outcome: string }).outcome, 'invalid-number');
});

test('a supervisor closes an open conversation: closing text, chat disconnected, event published', async () => {
  const phone = '+14155552671';
  const contactId = await driveTo(h, phone, 'agent');
  const conversationId = (await h.service.conversations.get(phone))?.conversationId as string;
  const response = await send('POST', `/conversations/${conversationId}/close`, supervisor);
  assert.is(response.status, 200);
  const body = (await response.json()) as { state: string; endReason: string };
  assert.is(body.state, 'ended');
  assert.is(body.endReason, 'closed-by-api');
  assert.is(h.connect.get(contactId as string)?.state, 'ended');
  assert.ok(h.events('SmsConversationEnded').some((e) => e.data.reasonDetail === 'closedByApi'));
});

test('conversations page with nextToken', async () => {
  for (const n of [1, 2, 3]) await driveTo(h, `+1425555030${n}`, 'offered');
  const first = (await (await send('GET', '/conversations?open=true&limit=2', admin)).json()) as { items: unknown[]; nextToken?: string };
  assert.is(first.items.length, 2);
  assert.ok(first.nextToken);
  const second = (await (await send('GET', `/conversations?open=true&limit=2&nextToken=${first.nextToken}`, admin)).json()) as { items: unknown[] };
  assert.ok(second.items.length >= 1);
});

test.run();
