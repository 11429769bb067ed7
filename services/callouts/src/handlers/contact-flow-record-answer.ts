import { logger, sessionRuntime } from '../adapters/aws/session-runtime.ts';
import { type ContactFlowLambda, createRecordAnswerLambda } from '../contact-flow/contact-flow-lambdas.ts';

/** Contact-flow Lambda (record-answer) of the "Calling out" flow; never throws (a caller is on the line). */
let lambda: ContactFlowLambda | undefined;
export const handler: ContactFlowLambda = async (event) => {
  lambda ??= createRecordAnswerLambda(sessionRuntime(), logger);
  return lambda(event);
};
