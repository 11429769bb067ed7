/**
 * Run a service app behind API Gateway (HTTP API, payload 2.0) in Lambda. The HTTP API's JWT authorizer
 * already checked the token; the app's middleware checks it again (cached JWKS, no extra call) so the
 * same app is safe when served without the authorizer, as on the local stage.
 */
import { handle } from 'hono/aws-lambda';
import type { Hono } from 'hono';

// biome-ignore lint/suspicious/noExplicitAny: any service's app, whatever its env, schema and base path
export function lambdaHandler(app: Hono<any, any, any>) {
  return handle(app);
}
