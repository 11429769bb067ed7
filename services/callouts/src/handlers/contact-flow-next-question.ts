import { logger, sessionRuntime } from '../adapters/aws/session-runtime.ts';
import { type ContactFlowLambda, createNextQuestionLambda } from '../contact-flow/contact-flow-lambdas.ts';

/** Contact-flow Lambda (next-question) of the "Calling out" flow; never throws (a caller is on the line). */
let lambda: ContactFlowLambda | undefined;
export const handler: ContactFlowLambda = async (event) => {
  lambda ??= createNextQuestionLambda(sessionRuntime(), logger);
  return lambda(event);
};
