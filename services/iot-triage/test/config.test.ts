/** Each Lambda's environment schema names only what that function uses (`handlerEnv`), and fails on what it lacks. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allowedCountries, handlerEnv, loadHandlerEnv } from '../src/config.ts';

const core = {
  STAGE: 'dev',
  INCIDENTS_TABLE: 'i',
  DEVICES_TABLE: 'd',
  EVENT_BUS_NAME: 'switchboard-dev',
};

test('the escalation tick and callout-completed need only the incident tables and the bus', () => {
  for (const handler of ['escalation-tick', 'callout-completed'] as const) {
    const env = loadHandlerEnv(handler, core);
    assert.is(env.ACK_TIMEOUT_SECONDS, 300);
    assert.not.ok('SES_FROM_ADDRESS' in env, `${handler} carries no e-mail settings`);
  }
});

test('a function that runs actions fails at cold start naming every missing key', () => {
  try {
    loadHandlerEnv('error-rule', core);
    assert.unreachable('accepted');
  } catch (error) {
    const message = (error as Error).message;
    for (const key of ['TICKETS_TABLE', 'RUNBOOK_TABLE', 'IOT_DATA_ENDPOINT', 'SES_FROM_ADDRESS']) assert.match(message, key);
  }
});

test("every handler file has its schema, and the contacts' allow-list defaults to the deployment's country", async () => {
  const { readdir } = await import('node:fs/promises');
  const files = (await readdir(new URL('../src/handlers/', import.meta.url))).map((f) => f.replace(/\.ts$/, '')).sort();
  assert.equal(Object.keys(handlerEnv).sort(), files);
  assert.equal(allowedCountries({}), ['US']);
  assert.equal(allowedCountries({ ALLOWED_COUNTRIES: 'us, ca' }), ['US', 'CA']);
});

test.run();
