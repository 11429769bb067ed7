/** The telemetry-queue Lambda: see src/composition/telemetry-queue.ts. */
import { telemetryQueueHandler } from '../composition/telemetry-queue.ts';

export const handler = telemetryQueueHandler();
