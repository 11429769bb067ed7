/** The chat-stream function: its environment, the conversation service on the small AWS clients, the handler. */
import { createChatStreamHandler } from '../application/chat-stream-handler.ts';
import { loadHandlerEnv } from '../config.ts';
import { awsClients, conversationService, log } from './aws.ts';

const service = conversationService(loadHandlerEnv('chat-stream'), awsClients());

export const chatStream = createChatStreamHandler(() => service.deflection, log);
