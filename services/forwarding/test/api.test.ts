import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CallForwarded, ForwardChanged } from '@switchboard/shared/contracts';
import { startTestStage, type TestStage } from './support/stage.ts';

const ALICE_NUMBER = '+13125550100';
const ALICE_OTHER = '+13125550101';
const BOB_NUMBER = '+13125550102';
const OFFICE_VC = 'abcdef1ghij2klmno3pqr4';
const enc = encodeURIComponent;

const api = suite<{ t: TestStage; alice: string; bob: string; admin: string }>('forwarding API on the local stage');

api.before(async (context) => {
  context.t = await startTestStage({ rateLimit: { changes: 6, windowSeconds: 3600 } });
  context.alice = await context.t.login('alice');
  context.bob = await context.t.login('bob');
  context.admin = await context.t.login('admin');
});

api.after(async ({ t }) => {
  await t?.stop();
});

const forward = (...numbers: string[]) => ({ destinations: numbers.map((number) => ({ number, ringTimeoutSeconds: 20 })) });

api('every route refuses a request without a token (or with a forged one)', async ({ t }) => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/numbers'],
    ['GET', `/numbers/${enc(ALICE_NUMBER)}`],
    ['PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, forward('+13125550199')],
    ['DELETE', `/numbers/${enc(ALICE_NUMBER)}/forward`],
    ['GET', `/numbers/${enc(ALICE_NUMBER)}/history`],
    ['PUT', `/numbers/${enc(ALICE_NUMBER)}/owner`, { owner: 'x' }],
    ['GET', '/voice-connectors'],
  ];
  for (const [method, path, body] of routes) {
    const anonymous = await t.request(method, path, body === undefined ? {} : { body });
    assert.is(anonymous.status, 401, `${method} ${path}`);
    assert.is(anonymous.headers.get('content-type'), 'application/problem+json');
    const forged = await t.request(method, path, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.', ...(body === undefined ? {} : { body }) });
    assert.is(forged.status, 401, `${method} ${path} with a forged token`);
  }
});

api('a user sees only their numbers; an admin pages through all of them', async ({ t, alice, admin }) => {
  const mine = await t.request('GET', '/numbers', { token: alice });
  assert.is(mine.status, 200);
  assert.equal(
    mine.body.items.map((n: any) => n.phoneNumber),
    [ALICE_NUMBER, ALICE_OTHER],
  );
  assert.is(mine.body.items[0].productType, 'VoiceConnector');

  const first = await t.request('GET', '/numbers?limit=3', { token: admin });
  assert.is(first.body.items.length, 3);
  assert.ok(first.body.nextToken);
  const second = await t.request('GET', `/numbers?limit=3&nextToken=${enc(first.body.nextToken)}`, { token: admin });
  assert.is(second.body.items.length, 1);
  assert.is(second.body.nextToken, undefined);
  assert.is((await t.request('GET', '/numbers?nextToken=forged', { token: admin })).status, 422);
  assert.is((await t.request('GET', '/numbers?nextToken=forged', { token: alice })).status, 422);
  const vcs = await t.request('GET', '/voice-connectors', { token: alice });
  assert.ok(vcs.body.items.some((vc: any) => vc.voiceConnectorId === OFFICE_VC));
});

api('the toll-fraud guard answers 422 naming the rule', async ({ t, alice }) => {
  const cases: Array<[unknown, string]> = [
    [forward('+19005550100'), 'destination-number-type'],
    [forward('+14165550123'), 'destination-country'],
    [forward('+442079460123'), 'destination-country'],
    [forward('312-555-0199'), 'destination-format'],
    [forward('+1312555'), 'destination-format'],
    [forward('+13125550191', '+13125550192', '+13125550193', '+13125550194', '+13125550195', '+13125550196'), 'destination-count'],
    [forward(ALICE_NUMBER), 'destination-loop'],
  ];
  for (const [body, rule] of cases) {
    const res = await t.request('PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, { token: alice, body });
    assert.is(res.status, 422, JSON.stringify(body));
    assert.is(res.body.rule, rule);
    assert.ok(Array.isArray(res.body.violations));
  }
  // A body that is not a forward at all is a schema 422 (no rule), malformed JSON a 400.
  const schema = await t.request('PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, { token: alice, body: { destinations: 'everywhere' } });
  assert.is(schema.status, 422);
  const broken = await fetch(`${t.url}/numbers/${enc(ALICE_NUMBER)}/forward`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
    body: '{"destinations": [',
  });
  assert.is(broken.status, 400);
  const history = await t.request('GET', `/numbers/${enc(ALICE_NUMBER)}/history`, { token: alice });
  assert.equal(history.body.items, [], 'refused changes leave no trace');
});

api("a user cannot touch someone else's number", async ({ t, alice }) => {
  const put = await t.request('PUT', `/numbers/${enc(BOB_NUMBER)}/forward`, { token: alice, body: forward('+13125550199') });
  assert.is(put.status, 403);
  assert.is(put.body.rule, 'number-not-assigned');
  assert.is((await t.request('DELETE', `/numbers/${enc(BOB_NUMBER)}/forward`, { token: alice })).status, 403);
  assert.is((await t.request('GET', `/numbers/${enc(BOB_NUMBER)}/history`, { token: alice })).status, 403);
  assert.is((await t.request('GET', `/numbers/${enc(BOB_NUMBER)}`, { token: alice })).status, 403);
  assert.is((await t.request('PUT', `/numbers/${enc(BOB_NUMBER)}/owner`, { token: alice, body: { owner: 'local-alice' } })).status, 403);
});

api('set a forward: the number is switched to the SMA in the background, and a call reaches the destination', async ({ t, alice }) => {
  const res = await t.request('PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, {
    token: alice,
    body: { ...forward('+13125550199', '+12025550123'), screening: false },
  });
  assert.is(res.status, 201);
  assert.is(res.body.change, 'set');
  assert.ok(['running', 'waiting'].includes(res.body.switch.status));
  await t.forwarding.runner.idle();
  const view = await t.request('GET', `/numbers/${enc(ALICE_NUMBER)}`, { token: alice });
  assert.is(view.body.productType, 'SipMediaApplicationDialIn');
  assert.is(view.body.switch.status, 'completed');
  assert.ok(view.body.sipRuleId);

  const call = await t.request('POST', '/simulator/calls', { body: { from: '+14155552671', to: ALICE_NUMBER, answer: ['busy', 'answer'] } });
  assert.is(call.status, 200);
  assert.equal(call.body.connected, { destination: '+12025550123', index: 1 });
  assert.equal(
    call.body.dialled.map((d: any) => d.callerId),
    ['+14155552671', '+14155552671'],
  );
  await t.stage.bus.drain();
  const facts = t.stage.bus.history.filter((e) => e['detail-type'] === CallForwarded.detailType);
  assert.is(CallForwarded.parse(facts.at(-1)).data.outcome, 'answered');
});

api("a forwarded call raises today's count; admins and supervisors may read it, a plain user may not", async ({ t, alice, admin }) => {
  const today = new Date().toISOString().slice(0, 10);
  const before = await t.request('GET', '/calls/summary', { token: admin });
  assert.is(before.status, 200);
  assert.is(before.body.date, today);
  assert.equal(Object.keys(before.body.byOutcome).sort(), ['answered', 'busy', 'failed', 'noAnswer', 'notForwarded', 'refused']);
  // ALICE_NUMBER forwards to two destinations (the test above): the first busy, the second answers.
  const call = await t.request('POST', '/simulator/calls', { body: { from: '+14155552671', to: ALICE_NUMBER, answer: ['busy', 'answer'] } });
  assert.is(call.status, 200);
  await t.stage.bus.drain();
  const after = await t.request('GET', `/calls/summary?date=${today}`, { token: admin });
  assert.is(after.body.total, before.body.total + 1);
  assert.is(after.body.byOutcome.answered, before.body.byOutcome.answered + 1);
  // Redelivered by the bus: counted once.
  const last = t.stage.bus.history.filter((e) => e['detail-type'] === CallForwarded.detailType).at(-1)!;
  assert.is(await t.forwarding.callCounts.count(today, 'answered', CallForwarded.parse(last).metadata.id), 'duplicate');
  assert.is((await t.request('GET', '/calls/summary', { token: admin })).body.total, after.body.total);

  const supervisor = await t.stage.tokenFor('supervisor');
  assert.is((await t.request('GET', '/calls/summary', { token: supervisor })).body.total, after.body.total);
  const refused = await t.request('GET', '/calls/summary', { token: alice });
  assert.is(refused.status, 403);
  assert.is((await t.request('GET', '/calls/summary?date=2026-02-30', { token: admin })).status, 422);
  assert.equal((await t.request('GET', '/calls/summary?date=2000-01-01', { token: admin })).body, {
    date: '2000-01-01',
    total: 0,
    byOutcome: { answered: 0, busy: 0, noAnswer: 0, refused: 0, notForwarded: 0, failed: 0 },
  });
});

api('duplicate requests do not double-apply', async ({ t, alice }) => {
  const body = { ...forward('+13125550199', '+12025550123'), screening: false };
  const before = await t.request('GET', `/numbers/${enc(ALICE_NUMBER)}/history?limit=100`, { token: alice });
  const changesBefore = t.stage.bus.history.filter((e) => e['detail-type'] === ForwardChanged.detailType).length;
  const [a, b] = await Promise.all([
    t.request('PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, { token: alice, body }),
    t.request('PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, { token: alice, body }),
  ]);
  assert.equal([a.status, b.status], [200, 200]);
  assert.equal([a.body.change, b.body.change], ['unchanged', 'unchanged']);
  const after = await t.request('GET', `/numbers/${enc(ALICE_NUMBER)}/history?limit=100`, { token: alice });
  assert.is(after.body.items.length, before.body.items.length);
  await t.stage.bus.drain();
  assert.is(t.stage.bus.history.filter((e) => e['detail-type'] === ForwardChanged.detailType).length, changesBefore);
});

api('replace, then remove with a move back to the Voice Connector; a second remove changes nothing', async ({ t, alice }) => {
  const replaced = await t.request('PUT', `/numbers/${enc(ALICE_NUMBER)}/forward`, { token: alice, body: forward('+13125550199') });
  assert.is(replaced.status, 200);
  assert.is(replaced.body.change, 'replaced');
  assert.is(replaced.body.forward.revision, 2);

  const removed = await t.request('DELETE', `/numbers/${enc(ALICE_NUMBER)}/forward?voiceConnectorId=${OFFICE_VC}`, { token: alice });
  assert.is(removed.status, 200);
  assert.is(removed.body.removed, true);
  await t.forwarding.runner.idle();
  assert.equal(t.forwarding.inventory.routeOf(ALICE_NUMBER), { kind: 'voice-connector', voiceConnectorId: OFFICE_VC });
  const call = await t.request('POST', '/simulator/calls', { body: { from: '+14155552671', to: ALICE_NUMBER, answer: ['answer'] } });
  assert.is(call.body.route, 'voice-connector');

  const historyBefore = (await t.request('GET', `/numbers/${enc(ALICE_NUMBER)}/history?limit=100`, { token: alice })).body.items.length;
  const again = await t.request('DELETE', `/numbers/${enc(ALICE_NUMBER)}/forward?voiceConnectorId=${OFFICE_VC}`, { token: alice });
  assert.is(again.status, 200);
  assert.is(again.body.removed, false);
  assert.is(again.body.switch, null);
  const historyAfter = (await t.request('GET', `/numbers/${enc(ALICE_NUMBER)}/history?limit=100`, { token: alice })).body.items.length;
  assert.is(historyAfter, historyBefore);

  await t.stage.bus.drain();
  const changes = t.stage.bus.history.filter((e) => e['detail-type'] === ForwardChanged.detailType).map((e) => ForwardChanged.parse(e).data.change);
  assert.equal(changes, ['set', 'replaced', 'removed']);
});

api('a product switch failing half way rolls back and the audit trail says so', async ({ t, alice }) => {
  t.forwarding.inventory.injectFailure('createSipRule');
  const res = await t.request('PUT', `/numbers/${enc(ALICE_OTHER)}/forward`, { token: alice, body: forward('+13125550199') });
  assert.is(res.status, 201);
  await t.forwarding.runner.idle();
  const view = await t.request('GET', `/numbers/${enc(ALICE_OTHER)}`, { token: alice });
  assert.is(view.body.switch.status, 'rolled-back');
  assert.match(view.body.switch.error, /createSipRule/);
  assert.is(view.body.productType, 'VoiceConnector');
  assert.is(view.body.voiceConnectorId, OFFICE_VC, 'the number still rings the PBX');
  const trail = (await t.request('GET', `/numbers/${enc(ALICE_OTHER)}/history?limit=100`, { token: alice })).body.items
    .map((h: any) => h.action)
    .reverse();
  assert.is(trail[0], 'forward-set');
  assert.is(trail[1], 'switch-started');
  assert.ok(trail.includes('switch-step-failed'));
  assert.is(trail.at(-1), 'switch-rolled-back');

  // History pages newest first.
  const page1 = await t.request('GET', `/numbers/${enc(ALICE_OTHER)}/history?limit=2`, { token: alice });
  assert.is(page1.body.items.length, 2);
  assert.is(page1.body.items[0].action, 'switch-rolled-back');
  const page2 = await t.request('GET', `/numbers/${enc(ALICE_OTHER)}/history?limit=2&nextToken=${enc(page1.body.nextToken)}`, { token: alice });
  assert.is(page2.body.items.length, 2);
  assert.not.equal(page2.body.items[0].id, page1.body.items[0].id);
  const forged = await t.request('GET', `/numbers/${enc(ALICE_OTHER)}/history?nextToken=not-ours`, { token: alice });
  assert.is(forged.status, 422);
});

api('admins assign numbers; the new owner can then manage it', async ({ t, admin, bob }) => {
  assert.is((await t.request('PUT', `/numbers/${enc('+12065550103')}/forward`, { token: bob, body: forward('+12065550142') })).status, 403);
  const assigned = await t.request('PUT', `/numbers/${enc('+12065550103')}/owner`, { token: admin, body: { owner: 'local-bob' } });
  assert.is(assigned.status, 204);
  const set = await t.request('PUT', `/numbers/${enc('+12065550103')}/forward`, { token: bob, body: forward('+12065550142') });
  assert.is(set.status, 201);
  await t.forwarding.runner.idle();
});

api('a per-user rate limit on changes: 429 naming the rule, with Retry-After', async ({ t, bob }) => {
  let limited;
  for (let i = 0; i < 8 && !limited; i++) {
    const res = await t.request('PUT', `/numbers/${enc(BOB_NUMBER)}/forward`, { token: bob, body: forward(`+1312555017${i}`) });
    if (res.status === 429) limited = res;
    else assert.ok(res.status === 200 || res.status === 201, `change ${i}: ${res.status}`);
  }
  assert.ok(limited, 'the limit was reached');
  assert.is(limited!.body.rule, 'change-rate-limit');
  assert.ok(Number(limited!.headers.get('retry-after')) > 0);
  await t.forwarding.runner.idle();
});

api('a Chime SDK voice outage is a 503 with Retry-After, not a 500', async ({ t, admin }) => {
  t.forwarding.inventory.injectFailure('listPhoneNumbers', { retryable: true });
  const res = await t.request('GET', '/numbers', { token: admin });
  assert.is(res.status, 503);
  assert.is(res.headers.get('retry-after'), '5');
});

api('the OpenAPI document lists every route, open without a token', async ({ t }) => {
  const doc = await t.request('GET', '/openapi.json');
  assert.is(doc.status, 200);
  assert.equal(Object.keys(doc.body.paths).sort(), [
    '/calls/summary',
    '/health',
    '/numbers',
    '/numbers/{e164}',
    '/numbers/{e164}/forward',
    '/numbers/{e164}/history',
    '/numbers/{e164}/owner',
    '/voice-connectors',
  ]);
  assert.ok(doc.body.paths['/numbers/{e164}/forward'].put.responses['422']);
});

api('CORS answers only the page origin', async ({ t }) => {
  const preflight = (origin: string) =>
    fetch(`${t.url}/numbers`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
  const own = await preflight(t.url);
  assert.is(own.headers.get('access-control-allow-origin'), t.url);
  const evil = await preflight('https://evil.example');
  assert.is(evil.headers.get('access-control-allow-origin'), null);
  const simple = await fetch(`${t.url}/health`, { headers: { origin: 'https://evil.example' } });
  assert.is(simple.headers.get('access-control-allow-origin'), null);
});

api.run();
