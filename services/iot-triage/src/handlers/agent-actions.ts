/** The agent-actions Lambda: see src/composition/agent-actions.ts. */
import { agentActionsHandler } from '../composition/agent-actions.ts';

export const handler = agentActionsHandler();
