/** The idle-sweeper function: the conversation service plus the FAQ bot's model publisher (Lex V2 models). */
import { createIdleSweeperHandler } from '../application/idle-sweeper-handler.ts';
import { loadHandlerEnv } from '../config.ts';
import { awsClients, conversationService, log } from './aws.ts';
import { faqBotPublisher } from './lex-models.ts';

const env = loadHandlerEnv('idle-sweeper');
const clients = awsClients();
const publisher = faqBotPublisher(env, clients);
const service = conversationService(env, clients, { publisher });

export const idleSweeper = createIdleSweeperHandler(() => ({ deflection: service.deflection, publisher }), log);
