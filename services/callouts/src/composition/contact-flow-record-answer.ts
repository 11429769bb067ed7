/**
 * contact-flow-record-answer: the "Calling out" flow's record-answer Lambda (see application/contact-flow-lambdas.ts). A callee is
 * on the line: it never throws, and it builds only the call's session ports over the signed JSON client.
 */
import { type ContactFlowLambda, createRecordAnswerLambda } from '../application/contact-flow-lambdas.ts';
import { logger, sessionDeps } from './contact-flow-parts.ts';

export function contactFlowRecordAnswerHandler(deps = sessionDeps('contact-flow-record-answer')): ContactFlowLambda {
  return createRecordAnswerLambda(deps, logger);
}
