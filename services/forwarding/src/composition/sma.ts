/**
 * The SMA function: its own environment (`handlerEnv.sma`), the forwards table read and the CallForwarded
 * publish over the signed JSON client — the caller hears this function's cold start, so no SDK client is loaded —
 * and the call handler over them, built on the first invocation inside its never-throw boundary.
 */
import { credentialsFromEnv, endpointFor, JsonServiceClient } from '@switchboard/shared/aws-http';
import { CallForwarded } from '@switchboard/shared/contracts';
import { createLogger } from '@switchboard/shared/logging';
import { HttpDynamoDbForwardLookup } from '../adapters/aws/dynamodb-forward-lookup-http.ts';
import { HttpEventBridgeBus } from '@switchboard/shared/bus';
import { createSmaHandler, lazySmaHandler, type SmaHandler } from '../application/sma-call-handler.ts';
import { loadHandlerEnv, promptSettings } from '../config.ts';
import { guardPolicy } from '../domain/toll-fraud-guard.ts';

export function buildSmaHandler(env: Record<string, string | undefined> = process.env): SmaHandler {
  const config = loadHandlerEnv('sma', env);
  const logger = createLogger({ service: 'forwarding' });
  const region = env.AWS_REGION ?? 'us-east-1';
  const client = (service: string, serviceId: string, host: string) =>
    // Credentials are read at each call: Lambda may rotate them between invocations.
    new JsonServiceClient({
      service,
      region,
      endpoint: endpointFor(serviceId, `${host}.${region}.amazonaws.com`, env),
      credentials: () => credentialsFromEnv(env),
    });
  // The handler's own deadline (600 ms) protects the caller; this one only frees the socket soon after it.
  const lookup = new HttpDynamoDbForwardLookup({
    client: client('dynamodb', 'DYNAMODB', 'dynamodb'),
    tableName: config.FORWARDS_TABLE,
    signal: () => AbortSignal.timeout(700),
  });
  const bus = new HttpEventBridgeBus({ client: client('events', 'EVENTBRIDGE', 'events'), busName: config.EVENT_BUS_NAME, timeoutMs: 300 });
  return createSmaHandler({
    lookupForward: (e164) => lookup.getForward(e164),
    publishFact: async (fact) => {
      await bus.publish(CallForwarded, fact, { correlationId: fact.callId });
    },
    prompts: promptSettings(config),
    guard: guardPolicy(config),
    log: (level, message, details) => logger[level](message, details ?? {}),
  });
}

export const sma = lazySmaHandler(() => buildSmaHandler());
