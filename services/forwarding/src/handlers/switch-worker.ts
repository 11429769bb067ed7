/**
 * One round of a product switch, invoked by the Step Functions loop: runs the steps that can run now and returns
 * `waiting` with a delay when the number is not ready — the state machine waits, not this Lambda. Errors
 * propagate so Step Functions retries (a step's own failures are recorded and rolled back inside the switch).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { loadSwitchWorkerConfig } from '../config.ts';
import { e164Pattern } from '../domain/forward.ts';
import { maskNumbersIn } from '../mask.ts';
import { advanceSwitch, type SwitchEnvironment } from '../domain/product-switch.ts';
import { ChimeSdkVoiceInventory } from '../adapters/aws/chime-sdk-voice-inventory.ts';
import { DynamoForwardStore } from '../adapters/aws/dynamodb-forward-store.ts';
import { monotonicIds } from '../ids.ts';

export const switchWorkerInputSchema = z.object({ phoneNumber: z.string().regex(e164Pattern), switchId: z.string().min(1) });

export interface SwitchWorkerResult {
  phoneNumber: string;
  switchId: string;
  status: string;
  /** Always present (0 when finished): the state machine's Wait reads it. */
  retryAfterSeconds: number;
}

export function createSwitchWorker(env: SwitchEnvironment) {
  return async (input: unknown): Promise<SwitchWorkerResult> => {
    const { phoneNumber, switchId } = switchWorkerInputSchema.parse(input);
    const current = await env.journal.get(phoneNumber);
    // A newer switch replaced this one (its own execution advances it): this execution is done.
    if (!current || current.id !== switchId) return { phoneNumber, switchId, status: 'superseded', retryAfterSeconds: 0 };
    const result = await advanceSwitch(phoneNumber, env);
    if (result.status === 'failed') {
      // A compensation failed for good: the number needs a person. The trail says which step; the log makes it visible.
      console.error(JSON.stringify({ level: 'ERROR', message: 'product switch stopped; operator needed', switchId, error: maskNumbersIn(result.record.error ?? '') }));
    }
    return { phoneNumber, switchId, status: result.status, retryAfterSeconds: result.retryAfterSeconds ?? 0 };
  };
}

let worker: ReturnType<typeof createSwitchWorker> | undefined;

export const handler = async (input: unknown): Promise<SwitchWorkerResult> => {
  if (!worker) {
    const config = loadSwitchWorkerConfig();
    const store = new DynamoForwardStore(DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), config.FORWARDS_TABLE);
    worker = createSwitchWorker({
      inventory: new ChimeSdkVoiceInventory(),
      journal: store,
      appendHistory: (entry) => store.appendHistory(entry),
      clock: { now: () => new Date() },
      ids: monotonicIds(),
      sipMediaApplicationId: config.SIP_MEDIA_APPLICATION_ID,
      limits: { retryAfterSeconds: config.SWITCH_RETRY_SECONDS, maxReleaseChecks: config.SWITCH_MAX_RELEASE_CHECKS },
    });
  }
  return worker(input);
};
