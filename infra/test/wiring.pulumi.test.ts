/**
 * Every service that ships a Pulumi component is deployed: the stage program (infra/index.ts), run under mocks on dev
 * and prod, registers that service's component — `switchboard:<service>:<Class>`, named after the service — and the
 * component registers resources under it. Its stack-config slice is composed. Catches a sixth service whose
 * component exists but was never wired in, without reading infra/index.ts as text.
 */
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceConfigSchemas } from '../service-config-schemas.ts';
import { stageRuns } from './support/stack-runs.ts';
import type { StackRun } from './support/stack-harness.ts';

const servicesDir = new URL('../../services/', import.meta.url);
const services = readdirSync(servicesDir).filter((name) => existsSync(new URL(`${name}/infra/index.ts`, servicesDir)));
const { dev, prod } = await stageRuns();

test('there are services with components to wire', () => {
  assert.ok(services.length >= 5, services.join(', '));
});

/** The service's component, when the run registered it, and how many resources it parents directly. */
function componentOf(run: StackRun, service: string): { type: string; children: number } | undefined {
  const component = run.resources.find((resource) => resource.name === service && resource.type.startsWith(`switchboard:${service}:`));
  if (!component) return undefined;
  const children = run.resources.filter((resource) => component.urn !== undefined && resource.parentUrn === component.urn).length;
  return { type: component.type, children };
}

for (const service of services) {
  test(`${service}: the stage program deploys its component, on dev and on prod`, () => {
    for (const [stage, run] of [
      ['dev', dev],
      ['prod', prod],
    ] as const) {
      const component = componentOf(run, service);
      assert.ok(
        component,
        `${stage}: no switchboard:${service}:* component named "${service}" was registered (is it constructed in infra/index.ts?)`,
      );
      assert.ok(component.children > 0, `${stage}: ${component.type} registered no resources`);
    }
  });

  test(`${service}: its config slice is composed when it has one`, () => {
    if (!existsSync(new URL(`${service}/infra/config.ts`, servicesDir))) return;
    assert.ok(service in serviceConfigSchemas, `infra/service-config-schemas.ts composes ${service}`);
  });
}

test('the check can fail: a run without a service has no component for it', () => {
  const without = { ...dev, resources: dev.resources.filter((resource) => !resource.type.startsWith('switchboard:sms:')) };
  assert.is(componentOf(without, 'sms'), undefined);
});

test.run();
