/** Contact-flow Lambda (next-question) of the "Calling out" flow: see src/composition/contact-flow-next-question.ts. */
import '@switchboard/shared/cold-start';
import { contactFlowNextQuestionHandler } from '../composition/contact-flow-next-question.ts';

export const handler = contactFlowNextQuestionHandler();
