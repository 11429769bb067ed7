/**
 * One round of a product switch, invoked by the Step Functions loop: runs the steps that can run now and returns
 * `waiting` with a delay when the number is not ready — the state machine waits, not this Lambda. Errors
 * propagate so Step Functions retries (a step's own failures are recorded and rolled back inside the switch).
 */
import * as z from 'zod';
import { e164Pattern } from '../domain/forward.ts';
import { maskNumbersIn } from '../domain/mask.ts';
import { advanceSwitch, type SwitchEnvironment } from '../domain/product-switch.ts';

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
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'product switch stopped; operator needed',
          switchId,
          error: maskNumbersIn(result.record.error ?? ''),
        }),
      );
    }
    return { phoneNumber, switchId, status: result.status, retryAfterSeconds: result.retryAfterSeconds ?? 0 };
  };
}
