/** The error-rule Lambda: see src/composition/error-rule.ts. */
import { errorRuleHandler } from '../composition/error-rule.ts';

export const handler = errorRuleHandler();
