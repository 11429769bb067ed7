/** One round of a product switch, invoked by the Step Functions loop (see src/composition/switch-worker.ts). */
import { switchWorker } from '../composition/switch-worker.ts';

export const handler = switchWorker;
