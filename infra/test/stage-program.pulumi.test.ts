/**
 * The real stage program (infra/index.ts, with whatever services are wired in) under Pulumi mocks:
 * - with the committed Pulumi.dev.yaml / Pulumi.prod.yaml, every stack invariant holds on both stages;
 * - run again with Pulumi.dev.yaml but `switchboard:profile: prod`, dev and prod differ exactly where the stage
 *   table says.
 * Each stack runs in this process, one after the other (support/stack-harness.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allContracts } from '@switchboard/shared/contracts';
import { platformRoles } from '../components/roles.ts';
import { stageTable } from '../config.ts';
import { checkAll, compareStages } from './support/invariants.ts';
import { committedStackConfig, runStack } from './support/stack-runs.ts';

const [devConfig, prodConfig] = await Promise.all([committedStackConfig('dev'), committedStackConfig('prod')]);
// Pulumi.dev.yaml deployed as is, Pulumi.prod.yaml deployed as is, and Pulumi.dev.yaml's keys on the prod profile —
// the same config but for `switchboard:profile`, so every difference from the dev run must come from the stage table.
const [devStack, prodStack, devOnProdProfile] = await Promise.all([
  runStack('dev', devConfig),
  runStack('prod', prodConfig),
  runStack('dev-on-prod-profile', { ...devConfig, stage: 'dev', profile: 'prod' }),
]);

test('with Pulumi.dev.yaml every invariant holds (roles, log groups, IAM, DLQs, tables, naming)', () => {
  assert.equal(checkAll(devStack, stageTable.dev), []);
});

test('with Pulumi.prod.yaml every invariant holds (incl. point-in-time recovery and protect)', () => {
  assert.equal(checkAll(prodStack, stageTable.prod), []);
});

test('dev and prod differ exactly where the stage table says', () => {
  const { violations, observed } = compareStages(devStack, devOnProdProfile);
  assert.equal(violations, []);
  // The platform alone already shows these; wired services add log level, source maps, retention, PITR.
  const expected: (keyof typeof stageTable.dev)[] = ['protect', 'deletionProtection', 'eventArchiveRetentionDays'];
  const has = (type: string) => devStack.resources.some((r) => r.type === type);
  if (has('aws:lambda/function:Function')) expected.push('logLevel', 'sourcemaps', 'logRetentionDays');
  if (has('aws:dynamodb/table:Table')) expected.push('pointInTimeRecovery');
  for (const setting of expected) assert.ok(observed.has(setting), `${setting} difference observed`);
});

test('the platform: bus + archive, one registry schema per contract, user pool with the role groups, Connect', () => {
  const named = (type: string) => devStack.resources.filter((r) => r.type === type);
  assert.equal(
    named('aws:cloudwatch/eventBus:EventBus').map((r) => r.inputs.name),
    ['switchboard-dev'],
  );
  assert.is(named('aws:cloudwatch/eventArchive:EventArchive')[0]?.inputs.retentionDays, stageTable.dev.eventArchiveRetentionDays);
  const schemas = named('aws:schemas/schema:Schema');
  assert.equal(schemas.map((s) => s.inputs.name).sort(), allContracts.map((c) => `${c.source}@${c.detailType}`).sort());
  for (const schema of schemas) {
    assert.is(schema.inputs.type, 'JSONSchemaDraft4');
    const content = JSON.parse(schema.inputs.content);
    assert.is(content.$schema, 'http://json-schema.org/draft-04/schema#');
    assert.ok(content.properties.detail.properties.metadata, `${schema.inputs.name} describes the envelope`);
  }
  // One group per role of the platform's role model, created by the platform (issue 13).
  assert.equal(
    named('aws:cognito/userGroup:UserGroup').map((g) => g.inputs.name),
    [...platformRoles],
  );
  assert.is(named('aws:cognito/userPoolClient:UserPoolClient')[0]?.inputs.generateSecret, false);
  const consoleOrigin = `https://${named('aws:cloudfront/distribution:Distribution').find((d) => d.name === 'platform-console-cdn')?.state.domainName}`;
  assert.equal(named('aws:cognito/userPoolClient:UserPoolClient')[0]?.inputs.callbackUrls, [
    'http://localhost:5173/',
    'http://localhost:5173/auth/callback',
    `${consoleOrigin}/`,
    `${consoleOrigin}/auth/callback`,
  ]);
  assert.is(named('aws:connect/instance:Instance').length, 1, 'dev creates its Connect instance');
  assert.is(named('aws:connect/phoneNumber:PhoneNumber').length, 1);
  assert.is(named('aws:connect/queue:Queue').length, 1);
  // Pulumi.prod.yaml names an existing instance: the platform creates no instance, number, hours or queue.
  const platformConnect = ['instance:Instance', 'phoneNumber:PhoneNumber', 'hoursOfOperation:HoursOfOperation', 'queue:Queue'].map(
    (t) => `aws:connect/${t}`,
  );
  assert.is(prodStack.resources.filter((r) => platformConnect.includes(r.type)).length, 0);
  assert.is(prodStack.outputs.connectInstanceId, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
});

test('outputs: bus name, user pool ids, API URLs', () => {
  assert.is(devStack.outputs.busName, 'switchboard-dev');
  assert.match(String(devStack.outputs.userPoolId), /^eu-central-1_/);
  assert.ok(devStack.outputs.userPoolClientId);
  assert.match(String(devStack.outputs.jwtIssuer), /^https:\/\/cognito-idp\.eu-central-1\.amazonaws\.com\//);
  const apiUrls = devStack.outputs.apiUrls as Record<string, string>;
  assert.ok(Object.keys(apiUrls).length > 0, 'wired services expose their API URLs');
  for (const [service, url] of Object.entries(apiUrls)) assert.match(url, /^https:\/\//, `${service} API URL`);
});

test.run();
