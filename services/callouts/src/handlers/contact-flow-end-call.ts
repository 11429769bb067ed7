import { logger, sessionRuntime } from '../adapters/aws/session-runtime.ts';
import { type ContactFlowLambda, createEndCallLambda } from '../contact-flow/contact-flow-lambdas.ts';

/** Contact-flow Lambda (end-call) of the "Calling out" flow; never throws (a caller is on the line). */
let lambda: ContactFlowLambda | undefined;
export const handler: ContactFlowLambda = async (event) => {
  lambda ??= createEndCallLambda(sessionRuntime(), logger);
  return lambda(event);
};
