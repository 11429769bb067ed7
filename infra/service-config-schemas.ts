/**
 * Each service's stack-config slice: `switchboard:<service>` in Pulumi.<stack>.yaml, validated by the zod schema
 * the service exports from services/<service>/infra/config.ts. An absent key parses as `{}` (the schema's defaults).
 * A new service adds its line here (and its component in infra/index.ts); until then its key is rejected as unknown.
 */
import type * as z from 'zod';
import { calloutsConfigSchema } from '../services/callouts/infra/config.ts';
import { forwardingConfigSchema } from '../services/forwarding/infra/config.ts';
import { iotTriageConfigSchema } from '../services/iot-triage/infra/config.ts';
import { routingConfigSchema } from '../services/routing/infra/config.ts';
import { smsConfigSchema } from '../services/sms/infra/config.ts';

export const serviceConfigSchemas = {
  routing: routingConfigSchema,
  forwarding: forwardingConfigSchema,
  callouts: calloutsConfigSchema,
  sms: smsConfigSchema,
  'iot-triage': iotTriageConfigSchema,
} satisfies Record<string, z.ZodType>;
