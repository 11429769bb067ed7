/**
 * The use cases with the real table adapter (dynalite) and the Chime stand-in, but a scheduler that only records:
 * what is started, handed over again, refused or left untouched.
 */
import { ensureTables } from '@switchboard/shared/dynamo';
import { startDynamoDb, type LocalDynamoDb } from '@switchboard/shared/local';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DynamoForwardStore } from '../src/adapters/aws/dynamodb-forward-store.ts';
import { forwardsTable } from '../src/adapters/forwards-table.ts';
import { ChimeSdkVoiceStandIn } from '../src/adapters/local/chime-sdk-voice-stand-in.ts';
import { forwardSettingsSchema } from '../src/domain/forward.ts';
import { ForwardingService, NotFound, SwitchRefused, staleSwitchMs, type Actor, type ForwardChange } from '../src/application/forwarding-service.ts';
import type { ProductSwitch } from '../src/domain/product-switch.ts';
import { defaultGuardPolicy } from '../src/domain/toll-fraud-guard.ts';
import { ManualClock, sequentialIds } from './support/memory.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SMA = 'sma-forwarding';
const admin: Actor = { subject: 'admin-sub', username: 'admin', groups: ['admin'] };
const settings = forwardSettingsSchema.parse({ destinations: [{ number: '+13125550199' }] });

const svc = suite<{ db: LocalDynamoDb; tables: number }>('ForwardingService');
svc.before(async (ctx) => {
  ctx.db = await startDynamoDb({ path: undefined, port: 0, host: '127.0.0.1' });
  ctx.tables = 0;
});
svc.after(async (ctx) => {
  await ctx.db?.close();
});

async function setup(db: LocalDynamoDb, name: string) {
  const table = `svc-${name}`;
  await ensureTables(db.client, [forwardsTable], () => table);
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
  const store = new DynamoForwardStore(db.documentClient, table);
  const inventory = new ChimeSdkVoiceStandIn({ clock, releaseDelayMs: 1000 });
  const started: ProductSwitch[] = [];
  const changes: ForwardChange[] = [];
  const service = new ForwardingService({
    store,
    journal: store,
    inventory,
    scheduler: { start: async (record) => void started.push(record) },
    publishChange: async (change) => void changes.push(change),
    clock,
    ids: sequentialIds(name),
    sipMediaApplicationId: SMA,
    awsRegion: 'us-east-1',
    guard: defaultGuardPolicy,
    rateLimit: { changes: 100, windowSeconds: 3600 },
  });
  return { service, store, inventory, clock, started, changes };
}

svc('a switch whose runner died is handed over again when the request is repeated — only once it is stale', async ({ db }) => {
  const { service, clock, started } = await setup(db, 'stale');
  await service.setForward(admin, '+13125550100', settings, 'req-1');
  assert.is(started.length, 1);
  // Nobody advances it (the execution failed). A repeat soon after joins it without starting another runner …
  clock.advance(60_000);
  assert.is((await service.setForward(admin, '+13125550100', settings, 'req-2')).change, 'unchanged');
  assert.is(started.length, 1);
  // … a repeat after the stale threshold hands it over again, same switch, to resume from its journal.
  clock.advance(staleSwitchMs);
  await service.setForward(admin, '+13125550100', settings, 'req-3');
  assert.is(started.length, 2);
  assert.is(started[1]!.id, started[0]!.id);
});

svc('a number another SIP media application routes is refused before anything is written', async ({ db }) => {
  const { service, inventory, store, changes, started } = await setup(db, 'in-use');
  await inventory.createSipRule({ name: 'ivr', e164: '+13125550102', sipMediaApplicationId: 'sma-routing-ivr', awsRegion: 'us-east-1' });
  try {
    await service.setForward(admin, '+13125550102', settings, 'req');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, SwitchRefused);
    assert.is((error as SwitchRefused).rule, 'number-in-use');
  }
  assert.is(await store.getForward('+13125550102'), undefined);
  assert.equal((await store.listHistory('+13125550102', { limit: 10 })).items, []);
  assert.equal([changes.length, started.length], [0, 0]);
});

svc('removing with an unknown Voice Connector changes nothing', async ({ db }) => {
  const { service, store } = await setup(db, 'unknown-vc');
  await service.setForward(admin, '+13125550100', settings, 'req');
  try {
    await service.removeForward(admin, '+13125550100', { voiceConnectorId: 'nosuchvc' }, 'req');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, NotFound);
  }
  assert.ok(await store.getForward('+13125550100'), 'the forward is still there');
});

svc('a number outside the inventory is a 404, for admins too', async ({ db }) => {
  const { service } = await setup(db, 'missing');
  try {
    await service.setForward(admin, '+13125550999', settings, 'req');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, NotFound);
  }
});

svc.run();
