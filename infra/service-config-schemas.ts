/**
 * Each service's stack-config slice: `switchboard:<service>` in Pulumi.<stack>.yaml, validated by the zod schema
 * the service exports from services/<service>/infra/config.ts. An absent key parses as `{}` (the schema's defaults).
 * A service that has no slice here yet has its key rejected as unknown.
 */
import type { z } from 'zod';
import { calloutsConfigSchema } from '../services/callouts/infra/config.ts';
import { forwardingConfigSchema } from '../services/forwarding/infra/config.ts';
import { iotTriageConfigSchema } from '../services/iot-triage/infra/config.ts';
import { routingConfigSchema } from '../services/routing/infra/config.ts';

export const serviceConfigSchemas = {
  routing: routingConfigSchema,
  forwarding: forwardingConfigSchema,
  callouts: calloutsConfigSchema,
  'iot-triage': iotTriageConfigSchema,
  // NOT YET WIRED (add `<service>: <its schema>` once services/<service>/infra/config.ts exists and typechecks):
  //   sms
} satisfies Record<string, z.ZodType>;
