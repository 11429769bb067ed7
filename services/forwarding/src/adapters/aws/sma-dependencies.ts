/**
 * The SMA handler's AWS wiring: the forwards table read with a short deadline, EventBridge for CallForwarded.
 * Built once per Lambda container.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBus } from '@switchboard/shared/bus';
import { CallForwarded } from '@switchboard/shared/contracts';
import { createLogger } from '@switchboard/shared/logging';
import { loadSmaConfig, promptSettings } from '../../config.ts';
import type { SmaHandlerDeps } from '../../handlers/sma.ts';
import { DynamoForwardStore } from './dynamodb-forward-store.ts';

export function smaDependencies(env: Record<string, string | undefined> = process.env): SmaHandlerDeps {
  const config = loadSmaConfig(env);
  const logger = createLogger({ service: 'forwarding' });
  // No SDK retries beyond one: the handler's own deadline (600 ms) is what protects the caller.
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 2 }));
  const store = new DynamoForwardStore(documentClient, config.FORWARDS_TABLE, { abortSignal: () => AbortSignal.timeout(700) });
  const bus = new EventBridgeBus({ busName: config.EVENT_BUS_NAME, timeoutMs: 300 });
  return {
    lookupForward: (e164) => store.getForward(e164),
    publishFact: async (fact) => {
      await bus.publish(CallForwarded, fact, { correlationId: fact.callId });
    },
    prompts: promptSettings(config),
    log: (level, message, details) => logger[level](message, details ?? {}),
  };
}
