/** The escalation-tick Lambda: see src/composition/escalation-tick.ts. */
import { escalationTickHandler } from '../composition/escalation-tick.ts';

export const handler = escalationTickHandler();
