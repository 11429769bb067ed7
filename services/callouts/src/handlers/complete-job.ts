/** The complete-job Lambda: see src/composition/complete-job.ts. */
import { completeJobHandler } from '../composition/complete-job.ts';

export const handler = completeJobHandler();
