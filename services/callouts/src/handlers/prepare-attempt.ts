/** The prepare-attempt Lambda: see src/composition/prepare-attempt.ts. */
import { prepareAttemptHandler } from '../composition/prepare-attempt.ts';

export const handler = prepareAttemptHandler();
