/** The apply-outcome Lambda: see src/composition/apply-outcome.ts. */
import { applyOutcomeHandler } from '../composition/apply-outcome.ts';

export const handler = applyOutcomeHandler();
