/**
 * The SMA handler's configuration: what the component sets, the defaults, and one clear error for everything wrong.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '@switchboard/shared/config';
import { loadSmaConfig, routingSettingsFrom } from '../src/config.ts';

const required = {
  DEPARTMENTS_TABLE: 'switchboard-dev-routing-departments',
  EVENT_BUS_NAME: 'switchboard-dev',
  LEX_BOT_ID: 'BOTID12345',
  LEX_BOT_ALIAS_ID: 'ALIASID123',
  LEX_BOT_ALIAS_ARN: 'arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID12345/ALIASID123',
};

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadSmaConfig(env);
  } catch (error) {
    assert.instance(error, ConfigError);
    return Object.fromEntries((error as ConfigError).problems.map((problem) => [problem.key, problem.message]));
  }
  throw new Error('expected a ConfigError');
}

test('the required variables alone give a working configuration with the documented defaults', () => {
  const config = loadSmaConfig(required);
  assert.is(config.BRIDGE_TIMEOUT_SECONDS, 30);
  assert.is(config.SMA_DEADLINE_MS, 900);
  assert.is(config.DIRECTORY_CACHE_SECONDS, 30);
  assert.is(config.LEX_LOCALE_ID, 'en_US');
  assert.is(config.VOICE_ENGINE, 'neural');
  assert.is(config.FALLBACK_OPERATOR, undefined);
  assert.ok(Object.isFrozen(config));
  assert.equal(routingSettingsFrom(config).bot, { aliasArn: required.LEX_BOT_ALIAS_ARN, localeId: 'en_US' });
});

test('FALLBACK_OPERATOR is a PSTN number or a Voice Connector extension', () => {
  assert.equal(loadSmaConfig({ ...required, FALLBACK_OPERATOR: '+15555550100' }).FALLBACK_OPERATOR, { type: 'pstn', number: '+15555550100' });
  assert.equal(loadSmaConfig({ ...required, FALLBACK_OPERATOR: '600000' }).FALLBACK_OPERATOR, { type: 'voiceConnector', extension: '600000' });
  assert.match(problemsOf({ ...required, FALLBACK_OPERATOR: 'operator' })['FALLBACK_OPERATOR']!, /E\.164 number .* or PBX extension digits/);
});

test('every bad variable is reported at once, in words an operator can act on', () => {
  const { LEX_BOT_ID: _omitted, ...withoutBot } = required;
  const problems = problemsOf({
    ...withoutBot,
    BRIDGE_TIMEOUT_SECONDS: '2.5',
    SMA_DEADLINE_MS: '10000',
    DIRECTORY_CACHE_SECONDS: 'soon',
    VOICE_ENGINE: 'robot',
    VOICE_CONNECTOR_ARN: 'arn:aws:chime:us-east-1:123:vc/x',
  });
  assert.equal(Object.keys(problems).sort(), [
    'BRIDGE_TIMEOUT_SECONDS',
    'DIRECTORY_CACHE_SECONDS',
    'LEX_BOT_ID',
    'SMA_DEADLINE_MS',
    'VOICE_CONNECTOR_ARN',
    'VOICE_ENGINE',
  ]);
  assert.is(problems['LEX_BOT_ID'], 'is required but not set');
  assert.match(problems['BRIDGE_TIMEOUT_SECONDS']!, /expected int/);
  assert.match(problems['SMA_DEADLINE_MS']!, /<=4000/);
  assert.match(problems['DIRECTORY_CACHE_SECONDS']!, /expected number/);
  assert.match(problems['VOICE_ENGINE']!, /"neural"\|"standard"/);
});

test.run();
