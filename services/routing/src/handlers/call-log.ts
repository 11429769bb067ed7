/** Lambda entry point, built from its own environment: see src/composition/call-log.ts. */
import { callLogSubscriber } from '../composition/call-log.ts';

export const handler = callLogSubscriber;
