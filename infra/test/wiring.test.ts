/**
 * Every service that ships a Pulumi component is deployed: infra/index.ts constructs it and its stack-config
 * slice is composed. Catches a sixth service whose component exists but was never wired in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceConfigSchemas } from '../service-config-schemas.ts';

const servicesDir = new URL('../../services/', import.meta.url);
const program = readFileSync(new URL('../index.ts', import.meta.url), 'utf8');
const services = readdirSync(servicesDir).filter((name) => existsSync(new URL(`${name}/infra/index.ts`, servicesDir)));

test('there are services with components to wire', () => {
  assert.ok(services.length >= 5, services.join(', '));
});

for (const service of services) {
  test(`${service}: its component is imported and constructed by infra/index.ts`, () => {
    assert.ok(program.includes(`from '../services/${service}/infra/index.ts'`), `infra/index.ts imports services/${service}/infra/index.ts`);
    const exported = readFileSync(new URL(`${service}/infra/index.ts`, servicesDir), 'utf8').match(/export class (\w+) extends pulumi\.ComponentResource/)?.[1];
    assert.ok(exported, `services/${service}/infra/index.ts exports a ComponentResource class`);
    assert.match(program, new RegExp(`new ${exported}\\('${service}', \\{ platform, config: config\\.services(\\.${service}|\\['${service}'\\]) \\}\\)`));
  });

  test(`${service}: its config slice is composed when it has one`, () => {
    if (!existsSync(new URL(`${service}/infra/config.ts`, servicesDir))) return;
    assert.ok(service in serviceConfigSchemas, `infra/service-config-schemas.ts composes ${service}`);
  });
}

test.run();
