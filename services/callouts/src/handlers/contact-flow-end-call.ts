/** Contact-flow Lambda (end-call) of the "Calling out" flow: see src/composition/contact-flow-end-call.ts. */
import '@switchboard/shared/cold-start';
import { contactFlowEndCallHandler } from '../composition/contact-flow-end-call.ts';

export const handler = contactFlowEndCallHandler();
