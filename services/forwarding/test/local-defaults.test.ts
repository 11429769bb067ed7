/** Issue 15: the local stage's forward change limit is the documented default (10 changes per user per hour), not 30. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestStage } from './support/stage.ts';
import { DEFAULT_CHANGE_RATE_LIMIT } from '../src/config.ts';

const enc = encodeURIComponent;

test('the 11th change within the hour is refused, as the README says', async () => {
  assert.equal({ ...DEFAULT_CHANGE_RATE_LIMIT }, { changes: 10, windowSeconds: 3600 });
  const t = await startTestStage();
  try {
    const bob = await t.login('bob');
    const mine = await t.request('GET', '/numbers', { token: bob });
    const number = mine.body.items[0].phoneNumber as string;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.request('PUT', `/numbers/${enc(number)}/forward`, {
        token: bob,
        body: { destinations: [{ number: `+1312555017${i % 10}`, ringTimeoutSeconds: 20 + (i >= 10 ? 1 : 0) }] },
      });
      statuses.push(res.status);
    }
    assert.ok(
      statuses.slice(0, 10).every((s) => s === 200 || s === 201),
      statuses.join(','),
    );
    assert.is(statuses[10], 429);
    await t.forwarding.runner.idle();
  } finally {
    await t.stop();
  }
});

test.run();
