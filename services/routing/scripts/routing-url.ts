/**
 * Where `npm run call` finds the routing service: SWITCHBOARD_ROUTING_URL when set, else the port the local stage
 * gives routing — computed by the stage's own port rules (SWITCHBOARD_PORT_BASE, SWITCHBOARD_PORT_ROUTING), so the
 * two never disagree.
 */
import { resolvePorts } from '@switchboard/shared/local';

export function routingUrl(env: Record<string, string | undefined>): string {
  if (env.SWITCHBOARD_ROUTING_URL) return env.SWITCHBOARD_ROUTING_URL;
  const ports = resolvePorts(['routing'], {}, env);
  return `http://127.0.0.1:${ports.services.routing}`;
}
