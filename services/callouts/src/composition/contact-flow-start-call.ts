/**
 * contact-flow-start-call: the "Calling out" flow's start-call Lambda (see application/contact-flow-lambdas.ts). A callee is
 * on the line: it never throws, and it builds only the call's session ports over the signed JSON client.
 */
import { type ContactFlowLambda, createStartCallLambda } from '../application/contact-flow-lambdas.ts';
import { logger, sessionDeps } from './contact-flow-parts.ts';

export function contactFlowStartCallHandler(deps = sessionDeps('contact-flow-start-call')): ContactFlowLambda {
  return createStartCallLambda(deps, logger);
}
