/** EventBridge (CallForwarded) → the forwarded-call counter (see src/composition/call-counter.ts). */
import { callCounter } from '../composition/call-counter.ts';

export const handler = callCounter;
