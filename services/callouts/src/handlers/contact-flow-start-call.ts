/** Contact-flow Lambda (start-call) of the "Calling out" flow: see src/composition/contact-flow-start-call.ts. */
import '@switchboard/shared/cold-start';
import { contactFlowStartCallHandler } from '../composition/contact-flow-start-call.ts';

export const handler = contactFlowStartCallHandler();
