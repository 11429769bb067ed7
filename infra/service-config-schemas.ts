/**
 * Each service's stack-config slice: `switchboard:<service>` in Pulumi.<stack>.yaml, validated by the zod
 * schema the service exports as `configSchema` from services/<service>/infra/config.ts.
 * A service that has no slice yet is absent here; its key is then rejected as unknown.
 */
import type { z } from 'zod';

export const serviceConfigSchemas = {
  // WIRED: (none yet — see the list below)
  // NOT YET WIRED (add `<service>: <name>ConfigSchema` once services/<service>/infra/config.ts exists):
  //   routing, forwarding, callouts, sms, 'iot-triage'
} satisfies Record<string, z.ZodType>;
