/**
 * The infra ↔ runtime contract (issue 12 §4): every function the stage program deploys, on dev and on prod, gets an
 * environment its handler's env schema parses. The schema is the service's `handlerEnv[<handler>]` where the
 * service exports one, else its existing config schema (noted per service below).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { stageRuns } from './support/stack-runs.ts';
import { region, type StackRun } from './support/stack-harness.ts';

type Schemas = Record<string, $ZodType | undefined>;
async function schemasOf(service: string, fallback: (module: Record<string, any>) => Schemas): Promise<(handler: string) => $ZodType | undefined> {
  const module = (await import(`../../services/${service}/src/config.ts`)) as Record<string, any>;
  const handlerEnv = module.handlerEnv as Schemas | undefined;
  const fallbacks = fallback(module);
  return (handler) => handlerEnv?.[handler] ?? (handler in fallbacks ? fallbacks[handler] : fallbacks['*']);
}

// Until each service exports `handlerEnv`, its existing schemas stand in (iot-triage, sms: one schema for every
// handler). routing, forwarding and callouts export `handlerEnv`: no fallback.
const schemaFor: Record<string, (handler: string) => $ZodType | undefined> = {
  routing: await schemasOf('routing', () => ({})),
  forwarding: await schemasOf('forwarding', () => ({})),
  callouts: await schemasOf('callouts', () => ({})),
  'iot-triage': await schemasOf('iot-triage', (m) => ({ '*': m.configSchema })),
  sms: await schemasOf('sms', (m) => ({ '*': m.smsConfigSchema })),
};

const stages = await stageRuns();
const runs: [string, StackRun][] = [
  ['dev', stages.dev],
  ['prod', stages.prod],
  ['dev with every optional feature', stages.everything],
  ['prod with the PBX', stages.prodWithPbx],
];

for (const [title, run] of runs) {
  test(`${title}: every function's environment parses with its handler's schema`, () => {
    const functions = run.resources.filter((r) => r.type === 'aws:lambda/function:Function');
    assert.ok(functions.length > 20, 'the services deploy their functions');
    const problems: string[] = [];
    for (const fn of functions) {
      const service = fn.inputs.environment.variables.POWERTOOLS_SERVICE_NAME as string;
      const handler = String(fn.inputs.name).slice(`switchboard-${run.stack}-${service}-`.length);
      const schema = schemaFor[service]?.(handler);
      if (!schema) {
        problems.push(`${service}/${handler}: no env schema found`);
        continue;
      }
      const parsed = safeParse(schema, { AWS_REGION: region, ...fn.inputs.environment.variables });
      if (!parsed.success) problems.push(`${service}/${handler}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    assert.equal(problems, []);
  });
}

test('the check can fail: an environment without a required key does not parse', () => {
  const fn = stages.dev.resources.find((r) => r.type === 'aws:lambda/function:Function' && r.name === 'routing-sma-function')!;
  const { DEPARTMENTS_TABLE: _dropped, ...rest } = fn.inputs.environment.variables as Record<string, string>;
  assert.is(safeParse(schemaFor.routing!('sma')!, { AWS_REGION: region, ...rest }).success, false);
});

test('callouts: each function is parsed with its own schema, not one shared by all', () => {
  const env = (handler: string) =>
    stages.prod.resources.find((r) => r.type === 'aws:lambda/function:Function' && String(r.inputs.name).endsWith(`-callouts-${handler}`))!.inputs
      .environment.variables as Record<string, string>;
  const flow = env('contact-flow-next-question');
  // A contact-flow Lambda gets only the tables of the call: no bucket, topic, state machine or Connect ids.
  assert.equal(
    Object.keys(flow).filter((key) => /BUCKET|TOPIC|STATE_MACHINE|CONNECT_/.test(key)),
    [],
  );
  assert.is(safeParse(schemaFor.callouts!('contact-flow-next-question')!, { AWS_REGION: region, ...flow }).success, true);
  // …and the dial function's schema refuses it (no Connect instance, flow or caller id).
  assert.is(safeParse(schemaFor.callouts!('dial')!, { AWS_REGION: region, ...flow }).success, false);
  assert.is(safeParse(schemaFor.callouts!('dial')!, { AWS_REGION: region, ...env('dial') }).success, true);
});

test.run();
