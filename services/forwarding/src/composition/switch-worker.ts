/** The switch-worker function: its own environment, the forwards table (SDK), Chime SDK voice, the switch round. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ChimeSdkVoiceInventory } from '../adapters/aws/chime-sdk-voice-inventory.ts';
import { DynamoForwardStore } from '../adapters/aws/dynamodb-forward-store.ts';
import { monotonicIds } from '../adapters/ids.ts';
import { createSwitchWorker, type SwitchWorkerResult } from '../application/switch-worker.ts';
import { loadHandlerEnv } from '../config.ts';

let worker: ReturnType<typeof createSwitchWorker> | undefined;

function build(env: Record<string, string | undefined>) {
  const config = loadHandlerEnv('switch-worker', env);
  const store = new DynamoForwardStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
    config.FORWARDS_TABLE,
  );
  return createSwitchWorker({
    inventory: new ChimeSdkVoiceInventory(),
    journal: store,
    appendHistory: (entry) => store.appendHistory(entry),
    clock: { now: () => new Date() },
    ids: monotonicIds(),
    sipMediaApplicationId: config.SIP_MEDIA_APPLICATION_ID,
    limits: { retryAfterSeconds: config.SWITCH_RETRY_SECONDS, maxReleaseChecks: config.SWITCH_MAX_RELEASE_CHECKS },
  });
}

/** Built on the first round; errors propagate so Step Functions retries (a bad configuration included). */
export const switchWorker = async (input: unknown): Promise<SwitchWorkerResult> => {
  worker ??= build(process.env);
  return worker(input);
};
