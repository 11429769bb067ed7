import { sessionRuntime } from '../adapters/aws/session-runtime.ts';
import { createContactEventHandler } from '../contact-flow/contact-events.ts';

/** Amazon Connect DISCONNECTED contact events (EventBridge) → the attempt's result to the waiting workflow. */
let handle: ReturnType<typeof createContactEventHandler> | undefined;
export const handler = async (event: unknown) => {
  handle ??= createContactEventHandler(sessionRuntime());
  return handle(event);
};
