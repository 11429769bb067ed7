/** The inbound-sms function: its environment, the conversation service on the small AWS clients, the handler. */
import { createInboundSmsHandler } from '../application/inbound-sms-handler.ts';
import { loadHandlerEnv } from '../config.ts';
import { awsClients, conversationService, log } from './aws.ts';

const service = conversationService(loadHandlerEnv('inbound-sms'), awsClients());

export const inboundSms = createInboundSmsHandler(() => service.deflection, log);
