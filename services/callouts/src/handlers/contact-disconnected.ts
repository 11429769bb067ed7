/** The contact-disconnected Lambda: see src/composition/contact-disconnected.ts. */
import { contactDisconnectedHandler } from '../composition/contact-disconnected.ts';

export const handler = contactDisconnectedHandler();
