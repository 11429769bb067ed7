import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as z from 'zod';
import { ConfigError, deepFreeze, loadConfig } from '../src/config/index.ts';

const schema = z.object({
  TABLE_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().default('switchboard-local'),
  MAX_CONCURRENT_CALLS: z.coerce.number().int().min(1).max(10),
  DRY_RUN: z.stringbool().default(false),
  ALLOWED_COUNTRIES: z
    .string()
    .transform((value) => value.split(',').map((country) => country.trim()))
    .pipe(z.array(z.string().length(2))),
  API_SECRET: z.string().min(32).optional(),
});

test('parses, coerces and applies defaults', () => {
  const config = loadConfig(schema, {
    TABLE_NAME: 'switchboard-dev-routing-departments',
    MAX_CONCURRENT_CALLS: '10',
    DRY_RUN: 'true',
    ALLOWED_COUNTRIES: 'US, GB',
    UNRELATED: 'ignored',
  });
  assert.equal(config, {
    TABLE_NAME: 'switchboard-dev-routing-departments',
    EVENT_BUS_NAME: 'switchboard-local',
    MAX_CONCURRENT_CALLS: 10,
    DRY_RUN: true,
    ALLOWED_COUNTRIES: ['US', 'GB'],
  });
});

test('the result is deep-frozen', () => {
  const config = loadConfig(schema, { TABLE_NAME: 't', MAX_CONCURRENT_CALLS: '1', ALLOWED_COUNTRIES: 'US' });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.ALLOWED_COUNTRIES));
  assert.throws(() => {
    (config as { TABLE_NAME: string }).TABLE_NAME = 'other';
  }, TypeError);
  assert.throws(() => (config.ALLOWED_COUNTRIES as string[]).push('FR'), TypeError);
});

test('one error lists every bad key and never echoes values', () => {
  try {
    loadConfig(schema, { MAX_CONCURRENT_CALLS: '50', ALLOWED_COUNTRIES: 'USA', API_SECRET: 'hunter2', DRY_RUN: 'perhaps' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ConfigError);
    const configError = error as ConfigError;
    const keys = configError.problems.map((problem) => problem.key).sort();
    assert.equal(keys, ['ALLOWED_COUNTRIES.0', 'API_SECRET', 'DRY_RUN', 'MAX_CONCURRENT_CALLS', 'TABLE_NAME']);
    assert.match(configError.message, /5 problems/);
    assert.match(configError.message, /TABLE_NAME: is required but not set/);
    assert.not.match(configError.message, /hunter2/);
  }
});

test('a variable that is set but not a number is reported as invalid, not as missing', () => {
  try {
    loadConfig(schema, { TABLE_NAME: 't', MAX_CONCURRENT_CALLS: 'ten', ALLOWED_COUNTRIES: 'US' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.equal((error as ConfigError).problems, [{ key: 'MAX_CONCURRENT_CALLS', message: 'Invalid input: expected number, received NaN' }]);
  }
});

test('an empty variable counts as unset', () => {
  const config = loadConfig(schema, { TABLE_NAME: 't', MAX_CONCURRENT_CALLS: '2', ALLOWED_COUNTRIES: 'US', EVENT_BUS_NAME: '' });
  assert.is(config.EVENT_BUS_NAME, 'switchboard-local');
  assert.throws(() => loadConfig(schema, { TABLE_NAME: '', MAX_CONCURRENT_CALLS: '2', ALLOWED_COUNTRIES: 'US' }), /TABLE_NAME: is required/);
});

test('reads process.env by default', () => {
  process.env.SWITCHBOARD_CONFIG_TEST_VALUE = '7';
  try {
    const config = loadConfig(z.object({ SWITCHBOARD_CONFIG_TEST_VALUE: z.coerce.number() }));
    assert.is(config.SWITCHBOARD_CONFIG_TEST_VALUE, 7);
  } finally {
    delete process.env.SWITCHBOARD_CONFIG_TEST_VALUE;
  }
});

test('deepFreeze leaves class instances alone', () => {
  const url = new URL('https://example.com');
  const frozen = deepFreeze({ url, nested: { list: [1, { a: 1 }] } });
  assert.ok(Object.isFrozen(frozen.nested.list[1]));
  assert.not.ok(Object.isFrozen(url));
});

test.run();
