/** Contact-flow Lambda (record-answer) of the "Calling out" flow: see src/composition/contact-flow-record-answer.ts. */
import '@switchboard/shared/cold-start';
import { contactFlowRecordAnswerHandler } from '../composition/contact-flow-record-answer.ts';

export const handler = contactFlowRecordAnswerHandler();
