import { awsRuntime } from '../adapters/aws/runtime.ts';
import { createContactEventHandler } from '../contact-flow/contact-events.ts';

/** Amazon Connect DISCONNECTED contact events (EventBridge) → the attempt's result to the waiting workflow. */
let handle: ReturnType<typeof createContactEventHandler> | undefined;
export const handler = async (event: unknown) => {
  handle ??= createContactEventHandler(awsRuntime().session);
  return handle(event);
};
