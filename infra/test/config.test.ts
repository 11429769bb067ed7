/** Stack config: the stage table, defaults, every rejection, and the example stack files as committed. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { parseStackConfig, StackConfigError, stageTable } from '../config.ts';

const context = (stack: string) => ({ project: 'switchboard', stack, region: 'eu-central-1' });

/** Service slices with required keys (no default), so each test varies only what it is about. */
const requiredSlices = { 'iot-triage': { sesFromAddress: 'triage@example.com' } };
const parse = (raw: Record<string, unknown>, stack: string) => parseStackConfig({ ...requiredSlices, ...raw }, context(stack));

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  assert.unreachable('expected a StackConfigError');
  return [];
}

/** The `switchboard:` keys of a committed Pulumi.<stack>.yaml, as the CLI hands them to the program. */
function stackFile(stack: string): Record<string, unknown> {
  const document = parseYaml(readFileSync(new URL(`../../Pulumi.${stack}.yaml`, import.meta.url), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(document.config)
      .filter(([key]) => key.startsWith('switchboard:'))
      .map(([key, value]) => [key.slice('switchboard:'.length), value]),
  );
}

test('a required service key without a default is reported', () => {
  const problems = problemsOf(() => parseStackConfig({}, context('dev')));
  assert.ok(
    problems.some((p) => p.startsWith('switchboard:iot-triage.sesFromAddress:')),
    problems.join('\n'),
  );
});

test('a stack named dev follows the dev row with every default filled in', () => {
  const config = parse({}, 'dev');
  assert.is(config.profile, 'dev');
  assert.is(config.stage, 'dev');
  assert.equal(config.settings, stageTable.dev);
  assert.equal(config.allowedOrigins, []);
  // Unset: the platform derives a unique prefix (switchboard-dev-<account+region suffix>).
  assert.is(config.authDomainPrefix, undefined);
  assert.is(config.nameSuffix, undefined);
  assert.equal(config.lambda, { accountConcurrency: 1000, telephonyReservedConcurrency: 5 });
  assert.is(config.connect.mode, 'create');
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.connect), 'config is deep-frozen');
});

test('the stage table makes prod stricter than dev where it matters', () => {
  assert.ok(stageTable.prod.logRetentionDays > stageTable.dev.logRetentionDays);
  assert.is(stageTable.prod.pointInTimeRecovery, true);
  assert.is(stageTable.prod.protect, true);
  assert.is(stageTable.prod.minify, true);
  assert.is(stageTable.dev.sourcemaps, true);
  assert.is(stageTable.prod.alarmEmailRequired, true);
});

test('prod requires an alarm e-mail', () => {
  const problems = problemsOf(() => parse({}, 'prod'));
  assert.ok(
    problems.some((p) => p.startsWith('switchboard:alarmEmail: required on a prod stage')),
    problems.join('\n'),
  );
  assert.is(parse({ alarmEmail: 'oncall@example.com' }, 'prod').settings, stageTable.prod);
});

test('a personal stack must name its profile, and may', () => {
  const problems = problemsOf(() => parse({}, 'alice'));
  assert.ok(
    problems.some((p) => p.includes('set switchboard:profile')),
    problems.join('\n'),
  );
  const config = parse({ profile: 'dev' }, 'alice');
  assert.is(config.stage, 'alice');
  assert.is(config.settings, stageTable.dev);
});

test('every problem is reported at once, with its key', () => {
  const problems = problemsOf(() =>
    parse(
      { alarmEmial: 'x@example.com', allowedOrigins: ['*', 'https://ok.example.com', 'https://x.example.com/path'], alarmEmail: 'not-an-address' },
      'dev',
    ),
  );
  assert.ok(
    problems.some((p) => p.startsWith('switchboard:alarmEmial: unknown key')),
    'typo reported',
  );
  assert.ok(
    problems.some((p) => p.startsWith('switchboard:allowedOrigins.0: a wildcard origin is not allowed')),
    'wildcard origin',
  );
  assert.ok(
    problems.some((p) => p.startsWith('switchboard:allowedOrigins.2:')),
    'origin with a path',
  );
  assert.ok(
    problems.some((p) => p.startsWith('switchboard:alarmEmail:')),
    'bad e-mail',
  );
  assert.is(problems.length, 4, problems.join('\n'));
});

test('an existing Connect instance is validated', () => {
  const problems = problemsOf(() =>
    parse({ connect: { mode: 'existing', instanceArn: 'arn:aws:connect:x', queueId: '', phoneNumber: '5550100' } }, 'dev'),
  );
  assert.equal(
    problems.map((p) => p.split(':')[1]),
    ['connect.instanceArn', 'connect.queueId', 'connect.phoneNumber'].map((k) => k),
    problems.join('\n'),
  );
});

test('a stage name unusable in physical names is rejected', () => {
  const problems = problemsOf(() => parse({ profile: 'dev' }, 'Feature_Branch'));
  assert.ok(
    problems.some((p) => p.includes('set switchboard:stage')),
    problems.join('\n'),
  );
  assert.is(parse({ profile: 'dev', stage: 'feature' }, 'Feature_Branch').stage, 'feature');
});

test('the committed Pulumi.dev.yaml parses for stack dev', () => {
  const config = parseStackConfig(stackFile('dev'), context('dev'));
  assert.is(config.profile, 'dev');
  assert.equal(config.allowedOrigins, ['http://localhost:5173']);
  assert.is(config.connect.mode, 'create');
  if (config.connect.mode === 'create') assert.is(config.connect.timeZone, 'Europe/Berlin');
});

test('the committed Pulumi.prod.yaml parses for stack prod', () => {
  const config = parseStackConfig(stackFile('prod'), context('prod'));
  assert.is(config.profile, 'prod');
  assert.is(config.alarmEmail, 'oncall@example.com');
  assert.is(config.connect.mode, 'existing');
});

test('Pulumi.yaml runs infra/ through tsx as project switchboard', () => {
  const project = parseYaml(readFileSync(new URL('../../Pulumi.yaml', import.meta.url), 'utf8')) as {
    name: string;
    main: string;
    runtime: { name: string; options: { typescript: boolean; nodeargs: string } };
  };
  assert.equal([project.name, project.main, project.runtime.name], ['switchboard', 'infra/', 'nodejs']);
  assert.equal(project.runtime.options, { typescript: false, nodeargs: '--import=tsx' });
  const infraPackage = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { main: string; type: string };
  assert.equal([infraPackage.main, infraPackage.type], ['index.ts', 'module']);
});

test.run();
