/** The plan-round Lambda: see src/composition/plan-round.ts. */
import { planRoundHandler } from '../composition/plan-round.ts';

export const handler = planRoundHandler();
