import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChimeSdkVoiceStandIn, type InventoryOperation } from '../src/adapters/local/chime-sdk-voice-stand-in.ts';
import { advanceSwitch, beginSwitch, planSwitch, SwitchRefused, type SwitchEnvironment, type SwitchTarget } from '../src/domain/product-switch.ts';
import { ManualClock, MemoryHistory, MemoryJournal, sequentialIds } from './support/memory.ts';

const SMA = 'sma-forwarding-0001';
const OFFICE_VC = 'abcdef1ghij2klmno3pqr4';
const toSma: SwitchTarget = { kind: 'sip-media-application', sipMediaApplicationId: SMA, awsRegion: 'us-east-1' };
const toOffice: SwitchTarget = { kind: 'voice-connector', voiceConnectorId: OFFICE_VC };

function setup(options: { releaseDelayMs?: number } = {}) {
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
  const inventory = new ChimeSdkVoiceStandIn({ releaseDelayMs: options.releaseDelayMs ?? 1500, clock });
  const journal = new MemoryJournal();
  const history = new MemoryHistory();
  const env: SwitchEnvironment = {
    inventory,
    journal,
    appendHistory: history.append,
    clock,
    ids: sequentialIds('h'),
    sipMediaApplicationId: SMA,
    limits: { maxReleaseChecks: 10, maxAttemptsPerStep: 3, retryAfterSeconds: 1 },
  };
  return { inventory, journal, history, env, clock };
}

let switchCounter = 0;
async function start(env: SwitchEnvironment, e164: string, target: SwitchTarget) {
  const { record, started } = await beginSwitch(env, { e164, target, actor: 'user-admin', id: `switch-${++switchCounter}` });
  assert.ok(started || record.steps.length === 0);
  return record.steps;
}

/** What a Step Functions Wait loop does: wait, then call advance again while the switch waits. */
async function runToEnd(env: SwitchEnvironment, e164: string) {
  for (let round = 0; round < 50; round++) {
    const result = await advanceSwitch(e164, env);
    if (result.status !== 'waiting') return result;
    (env.clock as ManualClock).advance((result.retryAfterSeconds ?? 1) * 1000);
  }
  throw new Error('switch never finished');
}

async function forwardNumber(env: SwitchEnvironment, e164: string) {
  await start(env, e164, toSma);
  const result = await runToEnd(env, e164);
  assert.is(result.status, 'completed');
}

test('a Voice Connector number moves to the SIP media application in recorded steps, waiting instead of sleeping', async () => {
  const { inventory, journal, history, env } = setup();
  const steps = await start(env, '+13125550100', toSma);
  assert.equal(
    steps.map((s) => s.kind),
    ['disassociate-voice-connector', 'await-released', 'set-product-type', 'create-sip-rule'],
  );
  const first = await advanceSwitch('+13125550100', env);
  assert.is(first.status, 'waiting', 'the freed number is still Assigned: the switch waits for the next check');
  assert.is(first.retryAfterSeconds, 1);
  const result = await runToEnd(env, '+13125550100');
  assert.is(result.status, 'completed');
  assert.equal(inventory.routeOf('+13125550100'), { kind: 'sip-media-application', sipMediaApplicationId: SMA });

  // Each step was saved as running before it ran and as done after.
  for (const kind of ['disassociate-voice-connector', 'set-product-type', 'create-sip-rule']) {
    const statuses = journal.writes.map((w) => w.steps.find((s) => s.kind === kind)!.status);
    const runningAt = statuses.indexOf('running');
    const doneAt = statuses.indexOf('done');
    assert.ok(runningAt >= 0 && doneAt > runningAt, `${kind}: running (${runningAt}) then done (${doneAt})`);
  }
  const actions = history.entries.map((e) => e.action);
  assert.ok(actions.includes('switch-waiting'));
  assert.is(actions.at(-1), 'switch-completed');
  assert.is(inventory.calls.filter((c) => c.operation === 'createSipRule').length, 1);
});

test('a number already on the SIP media application with its rule needs no steps', async () => {
  const { env } = setup();
  await forwardNumber(env, '+13125550102');
  const number = await env.inventory.getPhoneNumber('+13125550102');
  assert.equal(planSwitch(number!, await env.inventory.findSipRules('+13125550102'), toSma, SMA), []);
});

test('a duplicate request joins the switch under way; a different target is refused until it ends', async () => {
  const { env } = setup();
  const first = await beginSwitch(env, { e164: '+13125550100', target: toSma, actor: 'u', id: 's-1' });
  const again = await beginSwitch(env, { e164: '+13125550100', target: toSma, actor: 'u', id: 's-2' });
  assert.is(again.started, false);
  assert.is(again.record.id, first.record.id);
  try {
    await beginSwitch(env, { e164: '+13125550100', target: toOffice, actor: 'u', id: 's-3' });
    assert.unreachable('should refuse');
  } catch (error) {
    assert.is((error as SwitchRefused).rule, 'switch-in-progress');
  }
});

test('a number routed by another SIP media application is refused, not stolen', async () => {
  const { inventory } = setup();
  await inventory.createSipRule({ name: 'ivr', e164: '+13125550102', sipMediaApplicationId: 'sma-routing-ivr', awsRegion: 'us-east-1' });
  const number = await inventory.getPhoneNumber('+13125550102');
  try {
    planSwitch(number!, await inventory.findSipRules('+13125550102'), toSma, SMA);
    assert.unreachable('should refuse');
  } catch (error) {
    assert.instance(error, SwitchRefused);
    assert.is((error as SwitchRefused).rule, 'number-in-use');
  }
});

const toSmaFailurePoints: InventoryOperation[] = ['disassociateFromVoiceConnector', 'updateProductType', 'createSipRule'];
for (const operation of toSmaFailurePoints) {
  for (const afterEffect of [false, true]) {
    test(`switch to the SMA failing at ${operation}${afterEffect ? ' (after it took effect)' : ''} rolls back to the Voice Connector`, async () => {
      const { inventory, journal, history, env } = setup();
      const before = inventory.snapshot('+13125550100');
      inventory.injectFailure(operation, { afterEffect });
      await start(env, '+13125550100', toSma);
      const result = await runToEnd(env, '+13125550100');
      assert.is(result.status, 'rolled-back');
      assert.equal(inventory.snapshot('+13125550100'), before, 'the number is exactly where it was');
      assert.equal(inventory.routeOf('+13125550100'), { kind: 'voice-connector', voiceConnectorId: OFFICE_VC });

      const record = (await journal.get('+13125550100'))!;
      const failed = record.steps.filter((s) => s.status === 'failed');
      assert.is(failed.length, 1, 'exactly the failing step is recorded as failed');
      assert.match(failed[0]!.error ?? '', operation);
      assert.ok(record.rollback.every((s) => s.status === 'done'));
      const trail = history.entries.map((e) => e.action);
      assert.ok(trail.includes('switch-step-failed'));
      assert.ok(trail.includes('switch-rollback-started'));
      assert.is(trail.at(-1), 'switch-rolled-back');
      const failedEntry = history.entries.find((e) => e.action === 'switch-step-failed')!;
      assert.is(failedEntry.step, failed[0]!.kind === 'set-product-type' ? 'set-product-type(SipMediaApplicationDialIn)' : failedEntry.step);
    });
  }
}

const toVcFailurePoints: InventoryOperation[] = ['setSipRuleDisabled', 'deleteSipRule', 'updateProductType', 'associateWithVoiceConnector'];
for (const operation of toVcFailurePoints) {
  for (const afterEffect of [false, true]) {
    test(`switch back to a Voice Connector failing at ${operation}${afterEffect ? ' (after it took effect)' : ''} keeps the forward working`, async () => {
      const { inventory, journal, history, env } = setup();
      await forwardNumber(env, '+13125550101');
      const forwarded = inventory.snapshot('+13125550101')!;
      inventory.injectFailure(operation, { afterEffect });
      const steps = await start(env, '+13125550101', toOffice);
      assert.equal(
        steps.map((s) => s.kind),
        ['delete-sip-rule', 'await-released', 'set-product-type', 'associate-voice-connector'],
      );
      const result = await runToEnd(env, '+13125550101');
      assert.is(result.status, 'rolled-back');
      const after = inventory.snapshot('+13125550101')!;
      assert.is(after.productType, 'SipMediaApplicationDialIn');
      assert.is(after.voiceConnectorId, undefined);
      assert.is(after.rules.length, 1);
      assert.equal(inventory.routeOf('+13125550101'), { kind: 'sip-media-application', sipMediaApplicationId: SMA });
      assert.is(after.rules[0]!.name, forwarded.rules[0]!.name, 'the rule was recreated as it was');
      const record = (await journal.get('+13125550101'))!;
      assert.is(record.steps.filter((s) => s.status === 'failed').length, 1);
      assert.is(history.entries.at(-1)!.action, 'switch-rolled-back');
    });
  }
}

test('a retryable failure is retried on the next round and completes without doing anything twice', async () => {
  const { inventory, history, env } = setup();
  inventory.injectFailure('createSipRule', { retryable: true, afterEffect: true });
  await start(env, '+13125550100', toSma);
  const result = await runToEnd(env, '+13125550100');
  assert.is(result.status, 'completed');
  assert.is(inventory.snapshot('+13125550100')!.rules.length, 1, 'the rule made before the timeout was found, not duplicated');
  assert.ok(history.entries.some((e) => e.action === 'switch-step-failed' && /will retry/.test(e.detail ?? '')));
});

test('a crash between "running" and "done" resumes at that step', async () => {
  const { inventory, journal, env } = setup();
  await start(env, '+13125550100', toSma);
  await runToEnd(env, '+13125550100').catch(() => undefined);
  // Rewind the journal to the moment create-sip-rule was saved as running (the worker died there).
  const crashed = journal.writes.find((w) => w.steps.find((s) => s.kind === 'create-sip-rule')?.status === 'running')!;
  const current = (await journal.get('+13125550100'))!;
  journal.records.set('+13125550100', { ...crashed, revision: current.revision });
  const result = await runToEnd(env, '+13125550100');
  assert.is(result.status, 'completed');
  assert.is(inventory.snapshot('+13125550100')!.rules.length, 1);
  assert.is(inventory.calls.filter((c) => c.operation === 'createSipRule').length, 1, 'the resumed step saw the rule and did not create another');
});

test('two workers advancing the same switch at once do not both apply it', async () => {
  const { inventory, env } = setup();
  await start(env, '+13125550100', toSma);
  await Promise.all([runToEnd(env, '+13125550100'), runToEnd(env, '+13125550100')]);
  assert.is(inventory.calls.filter((c) => c.operation === 'createSipRule').length, 1);
  assert.equal(inventory.routeOf('+13125550100'), { kind: 'sip-media-application', sipMediaApplicationId: SMA });
});

test('a number that never frees up gives up after the check limit and rolls back', async () => {
  const { inventory, env } = setup({ releaseDelayMs: 3_600_000 });
  await start(env, '+13125550100', toSma);
  const result = await runToEnd(env, '+13125550100');
  assert.is(result.status, 'rolled-back');
  assert.match(result.record.error ?? '', /still Assigned/);
  assert.equal(inventory.routeOf('+13125550100'), { kind: 'voice-connector', voiceConnectorId: OFFICE_VC });
});

test.run();
