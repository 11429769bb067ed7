/**
 * contact-flow-end-call: the "Calling out" flow's end-call Lambda (see application/contact-flow-lambdas.ts). A callee is
 * on the line: it never throws, and it builds only the call's session ports over the signed JSON client.
 */
import { type ContactFlowLambda, createEndCallLambda } from '../application/contact-flow-lambdas.ts';
import { logger, sessionDeps } from './contact-flow-parts.ts';

export function contactFlowEndCallHandler(deps = sessionDeps('contact-flow-end-call')): ContactFlowLambda {
  return createEndCallLambda(deps, logger);
}
