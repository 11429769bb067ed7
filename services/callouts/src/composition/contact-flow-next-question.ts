/**
 * contact-flow-next-question: the "Calling out" flow's next-question Lambda (see application/contact-flow-lambdas.ts). A callee is
 * on the line: it never throws, and it builds only the call's session ports over the signed JSON client.
 */
import { type ContactFlowLambda, createNextQuestionLambda } from '../application/contact-flow-lambdas.ts';
import { logger, sessionDeps } from './contact-flow-parts.ts';

export function contactFlowNextQuestionHandler(deps = sessionDeps('contact-flow-next-question')): ContactFlowLambda {
  return createNextQuestionLambda(deps, logger);
}
